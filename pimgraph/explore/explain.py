"""How two resources are connected: the shortest meaningful paths between them.

"Meaningful" steps are object properties between two resources under ``https://w3id.org/pim/id/``,
walked in both directions. Bookkeeping is left out: ``rdf:type``, labels and comments,
``dcterms:source`` and the description of sources (publisher, presenter), ``skos:inScheme`` and
``skos:topConceptOf``/``hasTopConcept``, map geometries, and the inferred transitive
``skos:broaderTransitive``/``narrowerTransitive`` (they would skip the steps that explain). A step
is shown in the direction the graph states it (``Słupsk —member of→ Green City network``); a step
against the direction of its property is shown with a reversed arrow
(``Green City network ←aligned with— Digital City network``) when no inverse property is stated.
Of several properties between the same two resources, a super-property is dropped when one of
its sub-properties is there.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, URIRef

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import N_, _, ngettext
from pimgraph.core.namespaces import GEO, ORG, PIM, PIMID, SCHEMA
from pimgraph.explore.profiles import sort_key
from pimgraph.explore.render import csv_text

SKIPPED = frozenset(
    {
        RDF.type,
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        OWL.sameAs,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.inScheme,
        SKOS.topConceptOf,
        SKOS.hasTopConcept,
        SKOS.broaderTransitive,
        SKOS.narrowerTransitive,
        DCTERMS.source,
        DCTERMS.publisher,
        PROV.wasDerivedFrom,
        PIM.presentedBy,
        GEO.hasGeometry,
    }
)
# Labels of the reused properties the ontology does not describe itself: (en, pl).
PROPERTY_LABELS = {
    ORG.memberOf: N_("member of"),
    ORG.hasMember: N_("has member"),
    ORG.member: N_("member"),
    ORG.organization: N_("organization"),
    ORG.role: N_("role"),
    ORG.hasMembership: N_("has membership"),
    SKOS.broader: N_("broader"),
    SKOS.narrower: N_("narrower"),
    SKOS.related: N_("related"),
    PROV.qualifiedAssociation: N_("qualified association"),
    PROV.agent: N_("agent"),
    PROV.hadRole: N_("had role"),
    DCTERMS.isPartOf: N_("is part of"),
    SCHEMA.location: N_("location"),
}
_EDGES = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  ?s ?p ?o .
  FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o
         && STRSTARTS(STR(?s), "{PIMID}") && STRSTARTS(STR(?o), "{PIMID}"))
}}"""
_SUBPROPERTIES = "SELECT ?p ?q WHERE { ?p rdfs:subPropertyOf ?q FILTER(?p != ?q) }"


@dataclass(frozen=True)
class Step:
    source: URIRef
    properties: tuple[URIRef, ...]
    target: URIRef
    inverse: bool  # True: the graph states ``target property source``


@dataclass
class Explanation:
    a: URIRef
    b: URIRef
    max_length: int
    paths: list[list[Step]]  # all of the same (shortest) length; empty when none is short enough
    total: int  # how many shortest paths exist (``paths`` may hold fewer)


class PathGraph:
    """The meaningful steps of a graph, ready for breadth-first search."""

    def __init__(self, engine) -> None:
        self.forward: dict[URIRef, dict[URIRef, set[URIRef]]] = {}
        self.neighbours: dict[URIRef, set[URIRef]] = {}
        for s, p, o in engine.query(_EDGES).rows:
            if p in SKIPPED:
                continue
            self.forward.setdefault(s, {}).setdefault(o, set()).add(p)
            self.neighbours.setdefault(s, set()).add(o)
            self.neighbours.setdefault(o, set()).add(s)
        self.supers: dict[URIRef, set[URIRef]] = {}
        for p, q in engine.query(_SUBPROPERTIES).rows:
            self.supers.setdefault(p, set()).add(q)

    def step(self, x: URIRef, y: URIRef) -> Step:
        stated = self.forward.get(x, {}).get(y)
        inverse = not stated
        props = stated or self.forward[y][x]
        implied = {q for p in props for q in self.supers.get(p, ())}
        return Step(x, tuple(sorted((p for p in props if p not in implied), key=str)), y, inverse)


def explain(
    engine,
    a: URIRef,
    b: URIRef,
    max_length: int = 6,
    limit: int = 5,
    graph: PathGraph | None = None,
) -> Explanation:
    """The shortest paths of at most ``max_length`` steps from ``a`` to ``b`` (``limit`` shown)."""
    if max_length < 1:
        raise UsageError("--max-length must be at least 1")
    if a == b:
        raise UsageError("A and B are the same resource; give two different ones")
    graph = graph or PathGraph(engine)
    for name, node in (("A", a), ("B", b)):
        if node not in graph.neighbours:
            raise UsageError(f"{name}: <{node}> has no link to another resource under {PIMID}")
    order = _label_order(engine)
    distance = {a: 0}
    parents: dict[URIRef, list[URIRef]] = {}
    queue = deque([a])
    while queue:
        node = queue.popleft()
        if node == b or distance[node] >= max_length:
            continue
        for nxt in graph.neighbours[node]:
            if nxt not in distance:
                distance[nxt] = distance[node] + 1
                queue.append(nxt)
            if distance[nxt] == distance[node] + 1:
                parents.setdefault(nxt, []).append(node)
    if b not in distance:
        return Explanation(a, b, max_length, [], 0)
    chains = _chains(b, a, parents, order)
    paths = [
        [graph.step(x, y) for x, y in zip(chain, chain[1:], strict=False)]
        for chain in chains[:limit]
    ]
    return Explanation(a, b, max_length, paths, len(chains))


def _chains(node, start, parents, order, cap: int = 10_000) -> list[list[URIRef]]:
    """Every shortest chain from ``start`` to ``node``, in label order (at most ``cap``)."""
    if node == start:
        return [[start]]
    found: list[list[URIRef]] = []
    for parent in sorted(parents.get(node, ()), key=order):
        for chain in _chains(parent, start, parents, order, cap):
            found.append(chain + [node])
            if len(found) >= cap:
                return found
    return found


def _label_order(engine):

    return lambda term: (sort_key(engine.label(term, "en")), str(term))


def property_label(engine, prop: URIRef, lang: str = "en") -> str:
    if prop in PROPERTY_LABELS:
        return _(PROPERTY_LABELS[prop], lang=lang)
    return engine.label(prop, lang)


def chain_text(engine, path: list[Step], lang: str = "en") -> str:
    """'Słupsk —member of→ Green City network ←plan of— ...'."""
    parts = [engine.label(path[0].source, lang)]
    for step in path:
        names = " / ".join(property_label(engine, p, lang) for p in step.properties)
        parts.append(f"←{names}—" if step.inverse else f"—{names}→")
        parts.append(engine.label(step.target, lang))
    return " ".join(parts)


def explanation_rows(engine, result: Explanation, lang: str = "en") -> list[dict]:
    """One row per step: the table data of ``explain`` (and of its picture)."""
    rows = []
    for number, path in enumerate(result.paths, 1):
        for index, step in enumerate(path, 1):
            rows.append(
                {
                    "path": number,
                    "step": index,
                    "from": str(step.source),
                    "from_label": engine.label(step.source, lang),
                    "property": " ".join(str(p) for p in step.properties),
                    "property_label": " / ".join(
                        property_label(engine, p, lang) for p in step.properties
                    ),
                    "direction": "inverse" if step.inverse else "forward",
                    "to": str(step.target),
                    "to_label": engine.label(step.target, lang),
                }
            )
    return rows


EXPLAIN_COLUMNS = [
    "path",
    "step",
    "from",
    "from_label",
    "property",
    "property_label",
    "direction",
    "to",
    "to_label",
]


def render_explain(engine, result: Explanation, fmt: str, lang: str = "en") -> str:
    """``explain`` as ``table`` (one chain per line), ``csv`` or ``json`` (one row per step)."""
    if fmt == "json":
        return explain_json(engine, result, lang)
    if fmt == "csv":
        return csv_text(explanation_rows(engine, result, lang), EXPLAIN_COLUMNS)
    return explain_table(engine, result, lang)


def explain_json(engine, result: Explanation, lang: str = "en") -> str:
    document = {
        "a": str(result.a),
        "b": str(result.b),
        "max_length": result.max_length,
        "length": len(result.paths[0]) if result.paths else None,
        "shortest_paths": result.total,
        "steps": explanation_rows(engine, result, lang),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def explain_table(engine, result: Explanation, lang: str = "en") -> str:
    if not result.paths:
        return ngettext(
            "no path of at most {n} step between {a} and {b} (try a larger --max-length)",
            "no path of at most {n} steps between {a} and {b} (try a larger --max-length)",
            result.max_length,
            lang=lang,
            a=engine.label(result.a, lang),
            b=engine.label(result.b, lang),
        )
    steps = len(result.paths[0])
    shown = (
        _("{shown} of {total}", lang=lang, shown=len(result.paths), total=result.total)
        if result.total > len(result.paths)
        else str(result.total)
    )
    lines = [
        ngettext(
            "{shown} shortest path of {steps}:",
            "{shown} shortest paths of {steps}:",
            result.total,
            lang=lang,
            shown=shown,
            steps=ngettext("{n} step", "{n} steps", steps, lang=lang),
        )
    ]
    for number, path in enumerate(result.paths, 1):
        lines.append(f"{number}. {chain_text(engine, path, lang)}")
    return "\n".join(lines)
