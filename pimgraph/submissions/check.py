"""``submit check``: read a submission offline, validate it with the graph, check its references.

Nothing here reaches the network or writes a file. Shapes, SPARQL constraints, rules or
``sh:deactivated`` found in a submission are stripped (with a warning): only our shapes run.
Validation is incremental by default — the submission's resources with the neighbourhood our
shapes look at — and ``full=True`` validates the whole graph instead (same verdicts; a test
compares them).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import RDF, SH, Graph, URIRef
from rdflib.namespace import DCTERMS

from pimgraph.core.labels import compact, pick
from pimgraph.core.messages import _, current_language, ngettext
from pimgraph.core.namespaces import PIM, PIMID, bind_prefixes
from pimgraph.rdf.io import SUBMISSION_LIMITS, ParseLimits, guess_format, parse_text, read_text
from pimgraph.submissions.references import KINDS, Resolver
from pimgraph.submissions.report import Finding, Severity, SubmissionReport, submission_report

# Object properties whose values must already exist, and the class they must have.
REFERENCE_PROPERTIES = {
    PIM.preparedBy: "city",
    PIM.proposedBy: "network",
    PIM.hasTheme: "theme",
    PIM.scope: "scope",
    PIM.contentKind: "kind",
    PIM.targetsPolicy: "framework",
    PIM.edition: "edition",
    URIRef("http://www.w3.org/ns/org#memberOf"): "network",
}
_SHACL = str(SH)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def submission_iri(digest: str) -> URIRef:
    return PIMID[f"submission/{digest[:12]}"]


def detect_kind(path: Path, text: str, explicit: str | None) -> str:
    """``mid`` or ``recommendations`` for a CSV (from --kind or its header), else ``rdf``."""
    if path.suffix.lower() not in (".csv", ".tsv"):
        return "rdf"
    if explicit:
        return explicit
    header = text.splitlines()[0].lower() if text.strip() else ""
    return "recommendations" if ("network" in header or "sieć" in header) else "mid"


def check_submission(
    path: Path | str,
    engine=None,
    fmt: str | None = None,
    kind: str | None = None,
    limits: ParseLimits = SUBMISSION_LIMITS,
    full: bool = False,
    replace: frozenset[URIRef] = frozenset(),
) -> SubmissionReport:
    """Check one submission file; raises ``InputError`` for a file that cannot be read at all."""
    from pimgraph.graph.engine import open_engine

    path = Path(path)
    text = read_text(path, limits)
    digest = sha256_of(path)
    kind = detect_kind(path, text, kind)
    # One engine on the asserted graph serves both the references (subclasses are followed
    # through the ontology) and the validation neighbourhood, which must not see inferred triples.
    engine = engine or open_engine(reasoning="none")
    resolver = Resolver(engine)
    record = submission_iri(digest)
    problems: list[Finding] = []
    origins: dict = {}
    if kind == "rdf":
        graph = bind_prefixes(Graph())
        parse_text(text, graph, guess_format(path, fmt), str(path), limits)
        problems += strip_shapes(graph)
        _default_sources(graph, record)
        problems += check_references(graph, resolver)
    else:
        from pimgraph.submissions.csv_convert import convert

        converted = convert(text, kind, str(path), resolver, record)
        graph, origins = converted.graph, converted.origins
        problems += converted.problems
    problems += validate_submission(graph, engine, origins, full, problems, replace)
    return submission_report(str(path), kind, digest, graph, _unique(problems))


SUBMISSION_SUFFIXES = (".csv", ".ttl", ".turtle", ".nt", ".jsonld", ".json", ".rdf", ".xml", ".owl")


def submission_files(path: Path | str) -> list[Path]:
    """The file itself, or every submission file in a folder (sorted); anything else is an error."""
    from pimgraph.core.errors import InputError

    path = Path(path)
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    strays = [p for p in files if p.suffix.lower() not in SUBMISSION_SUFFIXES]
    if strays:
        raise InputError(
            _(
                "not a submission file (use {suffixes}); nothing in the folder was checked",
                suffixes=", ".join(SUBMISSION_SUFFIXES),
            ),
            str(strays[0]),
        )
    if not files:
        raise InputError(_("the folder holds no submission files"), str(path))
    return files


def check_all(
    path: Path | str,
    engine=None,
    fmt: str | None = None,
    kind: str | None = None,
    limits: ParseLimits = SUBMISSION_LIMITS,
    full: bool = False,
    replace: frozenset[URIRef] = frozenset(),
) -> list[SubmissionReport]:
    """Check a file, or every file of a folder: one unreadable file stops them all (all or nothing)."""
    from pimgraph.graph.engine import open_engine

    engine = engine or open_engine(reasoning="none")
    return [
        check_submission(file, engine, fmt, kind, limits, full, replace)
        for file in submission_files(path)
    ]


def _unique(problems: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for problem in problems:
        key = (problem.row, problem.column, problem.focus, problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def strip_shapes(graph: Graph) -> list[Finding]:
    """Remove every SHACL statement (shapes, constraints, rules, sh:deactivated) and warn."""
    shacl = [
        t
        for t in graph
        if str(t[1]).startswith(_SHACL) or (t[1] == RDF.type and str(t[2]).startswith(_SHACL))
    ]
    if not shacl:
        return []
    nodes = {t[0] for t in shacl}
    # Whole shape descriptions go, including their nested blank nodes.
    todo = list(nodes)
    while todo:
        node = todo.pop()
        for _s, _p, obj in graph.triples((node, None, None)):
            if not isinstance(obj, URIRef) and obj not in nodes and not hasattr(obj, "language"):
                nodes.add(obj)
                todo.append(obj)
    removed = 0
    for node in nodes:
        for triple in list(graph.triples((node, None, None))):
            graph.remove(triple)
            removed += 1
    return [
        Finding(
            Severity.WARNING,
            ngettext(
                "ignored {n} SHACL statement (shapes, rules, sh:deactivated): "
                "only pimgraph's own shapes validate submissions",
                "ignored {n} SHACL statements (shapes, rules, sh:deactivated): "
                "only pimgraph's own shapes validate submissions",
                removed,
            ),
        )
    ]


def _default_sources(graph: Graph, record: URIRef) -> None:
    """Resources without a source get the submission itself as their source."""
    for subject in set(graph.subjects(RDF.type, None)):
        if isinstance(subject, URIRef) and graph.value(subject, DCTERMS.source) is None:
            graph.add((subject, DCTERMS.source, record))


def check_references(graph: Graph, resolver: Resolver) -> list[Finding]:
    """Every city, network, theme, scope, ... an RDF submission names must exist (in it or the graph)."""
    problems = []
    typed_here = {(s, o) for s, o in graph.subject_objects(RDF.type)}
    for prop, kind in REFERENCE_PROPERTIES.items():
        cls = KINDS[kind][0]
        for subject, obj in graph.subject_objects(prop):
            if not isinstance(obj, URIRef) or resolver.exists(obj, cls):
                continue
            if any(o == obj for (o, _c) in typed_here):
                continue  # the submission describes it itself; the shapes check its class
            found = resolver.resolve(str(obj), kind)
            problems.append(
                Finding(
                    Severity.VIOLATION,
                    found.error or _("unknown resource <{iri}>", iri=obj),
                    focus=str(subject),
                    focus_label=_label(graph, subject),
                    path=compact(prop),
                    suggestion=found.suggestion,
                )
            )
    return problems


def _label(graph: Graph, subject) -> str | None:
    from pimgraph.core.labels import label

    text = label(graph, subject, "pl")
    return None if text == compact(subject) else text


def restates(addition: Graph, old: tuple) -> bool:
    """Does ``addition`` give a new value for the slot of the ``old`` triple?

    The slot is the property, and for a language-tagged value also its language: a new English
    label replaces the old English label, not the Polish one.
    """
    subject, predicate, value = old
    language = getattr(value, "language", None)
    return any(
        getattr(new, "language", None) == language for new in addition.objects(subject, predicate)
    )


def validate_submission(
    graph: Graph,
    engine,
    origins: dict,
    full: bool,
    earlier: list[Finding] | None = None,
    replace: frozenset[URIRef] = frozenset(),
) -> list[Finding]:
    """SHACL results for the submission's own resources, pointing into the submitted file."""
    from pimgraph.validation.shapes import validate_graph, validation_context

    if full:
        from pimgraph.graph.asserted import load_data_graph

        data = load_data_graph() + graph
    else:
        data = validation_context(graph, engine)
    # A replaced resource is validated as it will be: its old values of what the submission restates
    # are gone.
    for subject in replace:
        for triple in list(data.triples((subject, None, None))):
            if triple not in graph and restates(graph, triple):
                data.remove(triple)
    report = validate_graph(data)
    subjects = {str(s) for s in graph.subjects()}
    problems = []
    for finding in report.findings:
        if finding.focus not in subjects:
            continue
        severity = (
            Severity.VIOLATION if finding.severity is Severity.VIOLATION else Severity.WARNING
        )
        origin = _origin(origins, finding, earlier or [])
        if origin is False:
            continue
        message = pick(finding.messages, current_language()) or finding.message
        if origin:
            problems.append(
                Finding(
                    severity,
                    message,
                    row=origin[0],
                    column=origin[1],
                    messages=finding.messages,
                )
            )
        else:
            problems.append(
                Finding(
                    severity,
                    message,
                    focus=finding.focus,
                    focus_label=finding.focus_label,
                    path=finding.path,
                    messages=finding.messages,
                )
            )
    return problems


def _origin(origins: dict, finding, problems: list[Finding]) -> tuple[int, str] | None | bool:
    """(row, column) a finding comes from; False when that cell already has an error reported."""
    if not origins:
        return None
    local = str(finding.path or "").split(":")[-1]
    for (subject, predicate), origin in origins.items():
        if str(subject) == finding.focus and finding.path and str(predicate).endswith(local):
            return origin
    rows = {origin[0] for (subject, _p), origin in origins.items() if str(subject) == finding.focus}
    from pimgraph.submissions.csv_convert import PREDICATE_COLUMNS, column_header

    column = PREDICATE_COLUMNS.get(local)
    for row in sorted(rows):
        header = column_header(column) if column else None
        if header and any(
            p.row == row and p.column == header and p.severity is Severity.VIOLATION
            for p in problems
        ):
            return False  # the reference in that cell failed; the shape only repeats it
        if header:
            return row, header
    return (min(rows), None) if rows else None
