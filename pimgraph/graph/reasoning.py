"""Inference over the PIM graph.

Three modes:

``none``
    the asserted triples only.
``rdfs`` (the default)
    just what the stored queries and users lean on, computed to a fixed point in
    Python: ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` (transitively, with the types and
    triples they entail), ``owl:inverseOf`` (from the ontology and the W3C vocabularies we
    reuse), and ``skos:broaderTransitive``/``skos:narrowerTransitive`` from ``skos:broader``.
    It is linear in the data and adds no surprising triples (no domain/range typing, no
    ``owl:sameAs`` reflexivity), so its answers match full OWL-RL on the stored queries.
``owlrl``
    the full OWL 2 RL closure from the owlrl package (slow on large graphs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from pimgraph.core.choices import DEFAULT_REASONING, REASONING_MODES
from pimgraph.core.namespaces import ORG

# Inverse pairs the W3C vocabularies declare; we do not load those vocabularies into the graph,
# so the pairs we reuse are stated here once.
EXTERNAL_INVERSES: tuple[tuple[URIRef, URIRef], ...] = (
    (ORG.hasMember, ORG.memberOf),
    (ORG.hasMembership, ORG.member),
    (SKOS.broader, SKOS.narrower),
    (SKOS.broaderTransitive, SKOS.narrowerTransitive),
    (SKOS.hasTopConcept, SKOS.topConceptOf),
)
EXTERNAL_SUBPROPERTIES: tuple[tuple[URIRef, URIRef], ...] = (
    (SKOS.broader, SKOS.broaderTransitive),
    (SKOS.narrower, SKOS.narrowerTransitive),
    (SKOS.prefLabel, RDFS.label),
)
TRANSITIVE = (SKOS.broaderTransitive, SKOS.narrowerTransitive)


def infer(graph: Graph, mode: str = DEFAULT_REASONING) -> Graph:
    """Add the closure of ``mode`` to ``graph`` in place and return it."""
    if mode not in REASONING_MODES:
        raise ValueError(
            f"unknown reasoning mode {mode!r}; use one of {', '.join(REASONING_MODES)}"
        )
    if mode == "rdfs":
        _light_closure(graph)
    elif mode == "owlrl":
        import owlrl  # heavy: imported only when asked for

        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def _transitive_map(pairs: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    """For each node, every node reachable over the pairs (itself excluded)."""
    direct: dict[Node, set[Node]] = defaultdict(set)
    for low, high in pairs:
        if low != high:
            direct[low].add(high)
    closed: dict[Node, set[Node]] = {}
    for start in list(direct):
        seen: set[Node] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            todo.extend(direct.get(node, ()))
        closed[start] = seen
    return closed


def _light_closure(graph: Graph) -> None:
    superclasses = _transitive_map(list(graph.subject_objects(RDFS.subClassOf)))
    subproperty_pairs: list[tuple[Node, Node]] = [
        *graph.subject_objects(RDFS.subPropertyOf),
        *EXTERNAL_SUBPROPERTIES,
    ]
    superproperties = _transitive_map(subproperty_pairs)
    inverses: dict[Node, set[Node]] = defaultdict(set)
    inverse_pairs: list[tuple[Node, Node]] = [
        *graph.subject_objects(OWL.inverseOf),
        *EXTERNAL_INVERSES,
    ]
    for left, right in inverse_pairs:
        inverses[left].add(right)
        inverses[right].add(left)

    for low, highs in superclasses.items():
        for high in highs:
            graph.add((low, RDFS.subClassOf, high))
    for low, highs in superproperties.items():
        for high in highs:
            graph.add((low, RDFS.subPropertyOf, high))

    # Properties first (sub-properties and inverses feed each other), then transitivity, then
    # types, which depend on nothing else here.
    changed = True
    while changed:
        before = len(graph)
        for prop, highs in superproperties.items():
            for subject, obj in list(graph.subject_objects(prop)):
                for high in highs:
                    graph.add((subject, high, obj))
        for prop, others in inverses.items():
            for subject, obj in list(graph.subject_objects(prop)):
                for other in others:
                    graph.add((obj, other, subject))
        for prop in TRANSITIVE:
            reach = _transitive_map(list(graph.subject_objects(prop)))
            for subject, objects in reach.items():
                for obj in objects:
                    graph.add((subject, prop, obj))
        changed = len(graph) != before

    for instance, cls in list(graph.subject_objects(RDF.type)):
        for high in superclasses.get(cls, ()):
            graph.add((instance, RDF.type, high))
