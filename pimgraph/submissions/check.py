"""``submit check``: read a submission offline, validate it with the graph, check its references.

Nothing here reaches the network or writes a file. Shapes, SPARQL constraints, rules or
``sh:deactivated`` found in a submission are stripped (with a warning): only our shapes run.
Validation is incremental by default — the submission's resources with the neighbourhood our
shapes look at — and ``full=True`` validates the whole graph instead (same verdicts; a test
compares them).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal

from rdflib import RDF, SH, Graph, URIRef
from rdflib.namespace import DCTERMS

from pimgraph.core import resources
from pimgraph.core.errors import InputError
from pimgraph.core.labels import compact, label, pick
from pimgraph.core.messages import _, current_language, ngettext
from pimgraph.core.namespaces import PIM, PIMID, bind_prefixes
from pimgraph.graph.asserted import load_data_graph
from pimgraph.graph.base import Engine
from pimgraph.graph.engine import open_engine
from pimgraph.rdf.io import (
    STDIN,
    SUBMISSION_LIMITS,
    ParseLimits,
    decode_text,
    guess_format,
    is_stdin,
    parse_text,
    read_bytes,
    sniff_format,
    source_name,
)
from pimgraph.submissions.csv_convert import PREDICATE_COLUMNS, column_header, convert
from pimgraph.submissions.plan import (
    Plan,
    _plan_changes,
    _revisions,
    restates,
)
from pimgraph.submissions.references import KINDS, Resolver
from pimgraph.submissions.report import Finding, Severity, SubmissionReport, submission_report
from pimgraph.submissions.templates import columns
from pimgraph.validation.shapes import validate_graph, validation_context

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


def detect_kind(path: Path | str, text: str, explicit: str | None, fmt: str | None = None) -> str:
    """``mid`` or ``recommendations`` for a CSV (from --kind or its header), else ``rdf``.

    A CSV is told by its extension; standard input (``-``) by --kind, --format or its header."""
    if is_stdin(path):
        if explicit:
            return explicit
        if fmt or not _template_header(text):
            return "rdf"
    elif Path(path).suffix.lower() not in (".csv", ".tsv"):
        return "rdf"
    if explicit:
        return explicit
    header = text.splitlines()[0].lower() if text.strip() else ""
    return "recommendations" if ("network" in header or "sieć" in header) else "mid"


def _template_header(text: str) -> bool:
    """Whether the first line of ``text`` is the header of one of our CSV templates."""

    first = text.lstrip().splitlines()[0] if text.strip() else ""
    cells = {" ".join(c.strip().lower().split()) for c in re.split(r"[,;\t]", first)}
    for kind in ("mid", "recommendations"):
        names = {
            " ".join(name.strip().lower().split())
            for column in columns(kind)
            if column.required
            for name in (column.header, column.pl, column.en, column.key)
        }
        if len(cells & names) >= 2:
            return True
    return False


def check_submission(
    path: Path | str,
    engine=None,
    fmt: str | None = None,
    kind: str | None = None,
    limits: ParseLimits = SUBMISSION_LIMITS,
    full: bool = False,
    replace: frozenset[URIRef] = frozenset(),
    into: Path | str | None = None,
) -> SubmissionReport:
    """Check one submission file (``-``: standard input) exactly as ``submit add`` will before
    writing it: parse, references, shapes with the graph as it will be, and what it would change.

    Raises ``InputError`` for a file that cannot be read at all or holds no data."""

    where = source_name(path)
    raw = read_bytes(path, limits)
    text = decode_text(raw, where)
    digest = hashlib.sha256(raw).hexdigest()
    kind = detect_kind(path, text, kind, fmt)
    # One engine on the asserted graph serves both the references (subclasses are followed
    # through the ontology) and the validation neighbourhood, which must not see inferred triples.
    engine = engine or open_engine(reasoning="none")
    resolver = Resolver(engine)
    record = submission_iri(digest)
    problems: list[Finding] = []
    origins: dict = {}
    if kind == "rdf":
        graph = bind_prefixes(Graph())
        rdf_format = (
            guess_format(Path(where), fmt) if fmt or not is_stdin(path) else sniff_format(text)
        )
        parse_text(text, graph, rdf_format, where, limits)
        problems += strip_shapes(graph)
        if not len(graph):
            raise InputError(
                _("the file holds no data: no triples (only comments, prefixes or shapes)"),
                where,
            )
        _default_sources(graph, record)
        problems += check_references(graph, resolver)
    else:
        converted = convert(text, kind, where, resolver, record)
        graph, origins = converted.graph, converted.origins
        problems += converted.problems
    plan = Plan(folder=resources.chosen_submissions_dir(into))
    superseded = _revisions(graph, plan, problems)
    problems += validate_submission(graph, engine, origins, full, problems, replace, superseded)
    _plan_changes(graph, engine, plan, superseded, replace, digest, kind, problems)
    report = submission_report(where, kind, digest, graph, _unique(problems))
    report.plan = plan
    return report


SUBMISSION_SUFFIXES = (".csv", ".ttl", ".turtle", ".nt", ".jsonld", ".json", ".rdf", ".xml", ".owl")


def submission_files(path: Path | str) -> list[Path]:
    """The file itself, or every submission file in a folder (sorted); anything else is an error."""

    if is_stdin(path):
        return [Path(STDIN)]
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
    into: Path | str | None = None,
) -> list[SubmissionReport]:
    """Check a file, or every file of a folder: one unreadable file stops them all (all or nothing).

    Without ``engine``, the graph the check reads is the asserted graph plus the submissions
    already in the target folder (``engine_with``), exactly what ``submit add`` checks against."""
    engine = engine or engine_with(resources.chosen_submissions_dir(into))
    return [
        check_submission(file, engine, fmt, kind, limits, full, replace, into)
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
    """Every city, network, theme, scope, ... an RDF submission names must exist (in it or the
    graph)."""
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

    text = label(graph, subject, "pl")
    return None if text == compact(subject) else text


def validate_submission(
    graph: Graph,
    engine,
    origins: dict,
    full: bool,
    earlier: list[Finding] | None = None,
    replace: frozenset[URIRef] = frozenset(),
    superseded: Graph | None = None,
) -> list[Finding]:
    """SHACL results for the submission's own resources, pointing into the submitted file."""

    data = load_data_graph() + graph if full else validation_context(graph, engine)
    # The submissions this one revises leave the graph: validate without what they said.
    for triple in superseded if superseded is not None else ():
        if triple not in graph:
            data.remove(triple)
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


def _origin(
    origins: dict, finding, problems: list[Finding]
) -> tuple[int, str | None] | Literal[False] | None:
    """(row, column) a finding comes from; False when that cell already has an error reported."""
    if not origins:
        return None
    local = str(finding.path or "").split(":")[-1]
    for (subject, predicate), origin in origins.items():
        if str(subject) == finding.focus and finding.path and str(predicate).endswith(local):
            return origin
    rows = {origin[0] for (subject, _p), origin in origins.items() if str(subject) == finding.focus}

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


def engine_with(folder: Path | None) -> Engine:
    """The asserted graph plus the submissions in ``folder``: the graph already holds those of
    the default folder; another one (``--into D``) is added, so what D holds is checked too.
    With no folder chosen (a check outside any data folder), the graph alone."""
    default = resources.chosen_submissions_dir()
    in_graph = folder is None or (default is not None and folder.resolve() == default.resolve())
    return open_engine([] if in_graph else resources.submission_files_in(folder), reasoning="none")
