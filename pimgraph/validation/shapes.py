"""Validate data against the bundled SHACL shapes and return a structured report.

Only our shapes run: shapes, rules or ``sh:deactivated`` found in the input are never used
(pySHACL reads shapes from ``shacl_graph`` alone when one is given). The report is rendered late
(text, JSON or Turtle) by ``render``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import RDF, SH, Graph, Literal, URIRef
from rdflib.term import Node

from pimgraph.core import resources
from pimgraph.core.labels import compact, label, pick
from pimgraph.core.namespaces import bind_prefixes
from pimgraph.graph.asserted import load_data_graph, load_ontology
from pimgraph.rdf.io import parse_file

SEVERITY_NAMES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with the labels a person needs to act on it."""

    severity: str
    focus: str
    focus_label: str
    path: str | None
    path_label: str | None
    message: str
    constraint: str
    value: str | None
    shape: str | None
    messages: dict[str, str] = field(default_factory=dict, compare=False)  # language -> message


@dataclass
class Report:
    conforms: bool
    triples: int
    findings: list[Finding] = field(default_factory=list)
    results_graph: Graph | None = None

    @property
    def violations(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "violation"]


def load_shapes(path: Path | None = None) -> Graph:
    return parse_file(path or resources.shapes_path())


def validate_graph(
    data: Graph,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    lang: str = "en",
    owned: bool = False,
) -> Report:
    """Validate ``data`` against ``shapes`` (the bundled shapes by default).

    ``owned=True`` says the caller will not use ``data`` again: the ontology is then merged into
    it in place instead of pySHACL copying the whole data graph first.
    """
    import pyshacl  # heavy: imported only by the commands that validate

    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else load_ontology()
    triples = len(data)
    if owned:
        data += ontology
        target, mixed = data, None
    else:
        target, mixed = data, ontology
    _conforms, results, _text = pyshacl.validate(
        target,
        shacl_graph=shapes,
        ont_graph=mixed,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
        inplace=owned,
    )
    bind_prefixes(results)
    # The ontology gives labels to properties and classes named in the findings.
    has_findings = (None, RDF.type, SH.ValidationResult) in results
    lookup = data if owned or not has_findings else data + ontology
    findings = sorted(
        (
            _finding(results, lookup, result, lang)
            for result in results.subjects(RDF.type, SH.ValidationResult)
        ),
        key=lambda f: (f.severity != "violation", f.focus_label, f.path or "", f.constraint),
    )
    conforms = not any(f.severity == "violation" for f in findings)
    return Report(conforms=conforms, triples=triples, findings=findings, results_graph=results)


def validate_files(
    paths: Iterable[Path | str] = (), include_bundled: bool = True, lang: str = "en"
) -> Report:
    """Validate the bundled data together with ``paths`` (parse errors raise InputError)."""
    return validate_graph(load_data_graph(paths, include_bundled), lang=lang, owned=True)


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
    from pimgraph.graph.engine import open_engine

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
    severity = SEVERITY_NAMES.get(one(SH.resultSeverity), "violation")
    return Finding(
        severity=severity,
        focus=str(focus),
        focus_label=label(lookup, focus, lang) if focus is not None else "",
        path=compact(path) if isinstance(path, URIRef) else None,
        path_label=label(lookup, path, lang) if isinstance(path, URIRef) else None,
        message=_message(results, result, lang),
        constraint=compact(one(SH.sourceConstraintComponent)),
        value=str(value) if value is not None else None,
        shape=compact(one(SH.sourceShape)) if isinstance(one(SH.sourceShape), URIRef) else None,
        messages={
            m.language or "": str(m)
            for m in results.objects(result, SH.resultMessage)
            if isinstance(m, Literal)
        },
    )


def _message(results: Graph, result: Node, lang: str) -> str:
    messages = {
        m.language: str(m)
        for m in results.objects(result, SH.resultMessage)
        if isinstance(m, Literal)
    }
    return pick(messages, lang) or ""


def render(report: Report, fmt: str = "text", lang: str = "en") -> str:
    """The report as ``text`` (one line a finding, then a summary), ``json`` or ``turtle``."""
    if fmt == "json":
        return json.dumps(
            {
                "conforms": report.conforms,
                "triples": report.triples,
                "violations": len(report.violations),
                "findings": [asdict(finding) for finding in report.findings],
            },
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "turtle":
        graph = report.results_graph if report.results_graph is not None else Graph()
        return graph.serialize(format="turtle")
    return _render_text(report, lang)


_TEXT = {
    "en": {
        "ok": "conforms",
        "bad": "does not conform",
        "v": "violation(s)",
        "w": "warning(s)",
        "t": "triples",
    },
    "pl": {
        "ok": "zgodne z kształtami",
        "bad": "niezgodne z kształtami",
        "v": "naruszeń",
        "w": "ostrzeżeń",
        "t": "trójek",
    },
}


def _render_text(report: Report, lang: str) -> str:
    words = _TEXT.get(lang, _TEXT["en"])
    lines = []
    for finding in report.findings:
        where = f" {finding.path_label} ({finding.path})" if finding.path else ""
        value = (
            f" [value: {finding.value}]" if finding.value and finding.value != finding.focus else ""
        )
        lines.append(
            f"{finding.severity.upper()}: {finding.focus_label} <{finding.focus}>{where}: "
            f"{finding.message}{value}"
        )
    warnings = len(report.findings) - len(report.violations)
    verdict = words["ok"] if report.conforms else words["bad"]
    lines.append(
        f"{verdict}: {report.triples} {words['t']}, {len(report.violations)} {words['v']}, "
        f"{warnings} {words['w']}"
    )
    return "\n".join(lines)
