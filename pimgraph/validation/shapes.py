"""Validate data against the bundled SHACL shapes and return a structured report.

Only our shapes run: shapes, rules or ``sh:deactivated`` found in the input are never used
(pySHACL reads shapes from ``shacl_graph`` alone when one is given). The report is rendered late
(text, JSON or Turtle) by ``render``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, SH, Graph, Literal, URIRef
from rdflib.term import Node

from pimgraph.core import resources
from pimgraph.core.labels import compact, label, pick
from pimgraph.core.messages import current_language
from pimgraph.core.namespaces import bind_prefixes
from pimgraph.graph.asserted import load_data_graph, load_ontology
from pimgraph.graph.engine import open_engine
from pimgraph.rdf.io import parse_file
from pimgraph.validation.engines import DEFAULT_ENGINE, shacl_report
from pimgraph.validation.report import Finding, Report, Severity, render

__all__ = ["Finding", "Report", "Severity", "render", "validate_files", "validate_graph"]


def load_shapes(path: Path | None = None) -> Graph:
    return parse_file(path or resources.shapes_path())


def validate_graph(
    data: Graph,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    lang: str | None = None,
    owned: bool = False,
    engine: str = DEFAULT_ENGINE,
) -> Report:
    """Validate ``data`` against ``shapes`` (the bundled shapes by default).

    ``owned=True`` says the caller will not use ``data`` again: the ontology is then merged into
    it in place instead of into a copy. ``engine``: ``rudof`` (compiled, the default) or
    ``pyshacl``; both give the same findings (``engines``).
    """
    lang = lang or current_language()

    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else load_ontology()
    triples = len(data)
    if owned:
        data += ontology
        target = data
    else:
        target = data + ontology
    results = shacl_report(target, shapes, engine)
    bind_prefixes(results)
    # The ontology gives labels to properties and classes named in the findings.
    lookup = target
    findings = sorted(
        (
            _finding(results, lookup, result, lang)
            for result in results.subjects(RDF.type, SH.ValidationResult)
        ),
        key=lambda f: (
            f.severity is not Severity.VIOLATION,
            f.focus_label or "",
            f.path or "",
            f.constraint or "",
        ),
    )
    return Report(triples=triples, findings=findings, results_graph=results)


def validate_files(
    paths: Iterable[Path | str] = (),
    include_bundled: bool = True,
    lang: str | None = None,
    engine: str = DEFAULT_ENGINE,
) -> Report:
    """Validate the bundled data together with ``paths`` (parse errors raise InputError)."""
    data = load_data_graph(paths, include_bundled)
    return validate_graph(data, lang=lang, owned=True, engine=engine)


_CONTEXT_QUERY = """
CONSTRUCT {{ ?own ?p ?o . ?o a ?class . ?s ?q ?own . ?ref a ?type . }}
WHERE {{
  {{ VALUES ?own {{ {own} }} ?own ?p ?o . OPTIONAL {{ ?o a ?class }} }}
  UNION
  {{ VALUES ?own {{ {own} }} ?s ?q ?own }}
  UNION
  {{ VALUES ?ref {{ {mentioned} }} ?ref a ?type }}
}}"""


def neighbourhood(addition: Graph, engine=None) -> Graph:
    """What the graph already says that our shapes read about ``addition``: everything about
    its own resources (its subjects) and who points at them, the types of what those point to,
    and the types of every other resource it mentions (what ``sh:class`` reads). A popular
    resource it merely points at (an edition, a network) brings its types, not its thousands of
    links, so the cost does not grow with the graph.
    """

    engine = engine or open_engine(reasoning="none")
    mentioned = sorted({node for triple in addition for node in triple if isinstance(node, URIRef)})
    own = sorted({s for s in addition.subjects() if isinstance(s, URIRef)})
    found = bind_prefixes(Graph())
    if mentioned:
        # The IRIs come from a parsed, checked graph; n3() writes each as one RDF term.
        query = _CONTEXT_QUERY.format(
            mentioned=" ".join(n.n3() for n in mentioned),
            own=" ".join(n.n3() for n in own) or "<urn:pimgraph:none>",
        )
        result = engine.query(query)
        if result.graph is not None:
            found += result.graph
    return found


def validation_context(addition: Graph, engine=None) -> Graph:
    """``addition`` with its ``neighbourhood``: validating this small graph gives the same
    verdicts on ``addition``'s resources as validating the whole graph (tests compare them)."""
    context = neighbourhood(addition, engine)
    context += addition
    return context


def _finding(results: Graph, lookup: Graph, result: Node, lang: str) -> Finding:
    def one(prop: URIRef) -> Node | None:
        return results.value(result, prop)

    focus = one(SH.focusNode)
    path = one(SH.resultPath)
    value = one(SH.value)
    shape = one(SH.sourceShape)
    component = one(SH.sourceConstraintComponent)
    assert component is not None  # SHACL gives every result exactly one
    messages = {
        m.language or "": str(m)
        for m in results.objects(result, SH.resultMessage)
        if isinstance(m, Literal)
    }
    return Finding(
        severity=Severity.from_shacl(one(SH.resultSeverity)),
        focus=str(focus),
        focus_label=label(lookup, focus, lang) if focus is not None else "",
        path=compact(path) if isinstance(path, URIRef) else None,
        path_label=label(lookup, path, lang) if isinstance(path, URIRef) else None,
        message=pick(messages, lang) or "",
        constraint=compact(component),
        value=str(value) if value is not None else None,
        shape=compact(shape) if isinstance(shape, URIRef) else None,
        messages=messages,
    )
