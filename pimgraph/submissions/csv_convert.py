"""Turn a filled-in CSV template into RDF, remembering which row and column each fact came from.

IRIs are minted from content (a hash of the values that identify the thing), so the same row
always gives the same IRIs and a resubmitted file changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from pimgraph.core.errors import InputError, UsageError
from pimgraph.core.messages import N_, _, ngettext
from pimgraph.core.namespaces import PIM, PIMID, SCHEMA, bind_prefixes
from pimgraph.core.text import slugify
from pimgraph.sparql.binding import checked_iri
from pimgraph.submissions.cells import (
    calendar_span,
    content_hash,
    count_mismatch,
    date_literal,
    split_cell,
)
from pimgraph.submissions.references import Resolver
from pimgraph.submissions.report import Finding, Severity
from pimgraph.submissions.templates import columns, header_keys

DEFAULT_EDITION = PIMID["edition/2021-2023"]
# An action's timetable: "name [start..end]" at the end of its cell; either date may be left out.
_ACTION = re.compile(
    r"^(?P<name>[^\[\]]*?)\s*\[\s*(?P<start>[^\[\].]*?)\s*\.\.\s*(?P<end>[^\[\].]*?)\s*\]\s*$"
)


# Which template column a property's value comes from, to point SHACL results at a cell.
PREDICATE_COLUMNS = {
    "preparedBy": "city",
    "proposedBy": "network",
    "scope": "scope",
    "edition": "edition",
    "hasTheme": "themes",
    "contentKind": "kind",
    "targetsPolicy": "target_policy",
    "partOfPlan": "network",
    "addresses": "problems_pl",
    "hasAction": "actions_pl",
}


def column_header(key: str) -> str | None:
    for kind in ("mid", "recommendations"):
        for column in columns(kind):
            if column.key == key:
                return column.header
    return None


@dataclass
class Converted:
    graph: Graph
    origins: dict[tuple[Node, URIRef], tuple[int, str]] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    rows: int = 0


class _Row:
    """One data row: its cells by key, and helpers that record problems and origins."""

    def __init__(
        self, number: int, cells: dict[str, str], kind: str, out: Converted, source: URIRef
    ):
        self.number = number
        self.cells = cells
        self.out = out
        self.source = source
        self.headers = {column.key: column.header for column in columns(kind)}

    def value(self, key: str) -> str:
        return self.cells.get(key, "").strip()

    def problem(
        self,
        key: str,
        message: str,
        severity: Severity = Severity.VIOLATION,
        suggestion: str | None = None,
    ) -> None:
        self.out.problems.append(
            Finding(
                severity,
                message,
                row=self.number,
                column=self.headers.get(key),
                suggestion=suggestion,
            )
        )

    def say(
        self, key: str, message: str, severity: Severity = Severity.VIOLATION, **params: str | None
    ) -> None:
        """A finding on ``key``'s cell: the English ``message`` id in the user's language."""
        self.problem(key, _(message, **params), severity)

    def add(self, subject: Node, predicate: URIRef, obj: Node, key: str) -> None:
        self.out.graph.add((subject, predicate, obj))
        self.out.origins.setdefault((subject, predicate), (self.number, self.headers.get(key, key)))

    def required(self, key: str) -> str | None:
        text = self.value(key)
        if not text:
            self.problem(key, _("this column is required and is empty"))
            return None
        return text

    def reference(self, resolver: Resolver, key: str, kind: str, text: str) -> URIRef | None:
        found = resolver.resolve(text, kind)
        if found.warning:
            self.problem(key, found.warning, severity=Severity.WARNING)
        if found.error:
            self.problem(key, found.error, suggestion=found.suggestion)
        return found.iri

    def bilingual(
        self, subject: URIRef, predicate: URIRef, key_pl: str, key_en: str, required: bool
    ) -> None:
        for key, lang in ((key_pl, "pl"), (key_en, "en")):
            text = self.required(key) if required else self.value(key)
            if text:
                self.add(subject, predicate, Literal(text, lang=lang), key)

    def sourced(self, subject: URIRef) -> None:
        self.add(subject, DCTERMS.source, self.source, "source")
        url = self.value("source")
        if url:
            try:
                self.add(subject, DCTERMS.source, checked_iri(url, "source"), "source")
            except UsageError:
                self.problem("source", _("'{url}' is not a web address (http or https)", url=url))

    def pairs(self, key: str, mismatch: str) -> list[tuple[str, str]]:
        """The ``;``-separated values of the ``<key>_pl`` and ``<key>_en`` columns, paired; a
        different count in the two languages is reported (on the English column) and gives none;
        ``mismatch`` is "problems" or "actions", which names the counted things in the message."""
        polish, english = split_cell(self.value(f"{key}_pl")), split_cell(self.value(f"{key}_en"))
        if len(polish) != len(english):
            self.problem(f"{key}_en", count_mismatch(mismatch, len(polish), len(english)))
            return []
        return list(zip(polish, english, strict=True))

    def problems_addressed(self, subject: URIRef) -> None:
        for text_pl, text_en in self.pairs("problems", "problems"):
            problem = PIMID[f"problem/{content_hash(text_pl, length=12)}"]
            self.add(problem, RDF.type, PIM.Problem, "problems_pl")
            self.add(problem, RDFS.label, Literal(text_pl, lang="pl"), "problems_pl")
            self.add(problem, RDFS.label, Literal(text_en, lang="en"), "problems_en")
            self.sourced(problem)
            self.add(subject, PIM.addresses, problem, "problems_pl")

    def themes(self, resolver: Resolver, subject: URIRef) -> None:
        for text in split_cell(self.value("themes")):
            theme = self.reference(resolver, "themes", "theme", text)
            if theme is not None:
                self.add(subject, PIM.hasTheme, theme, "themes")


def read_rows(text: str, kind: str, where: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows (1-based line numbers) of a CSV text; comment and blank rows are skipped."""
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(
            _("the file is empty; start from 'pimgraph template {kind}'", kind=kind), where
        ) from None
    except csv.Error as error:
        raise InputError(_("CSV error: {error}", error=error), f"{where}:1") from None
    keys = header_keys(kind, header, where)
    rows = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
                continue
            if len(cells) > len(keys):
                raise InputError(
                    _(
                        "{cells} but the header has {columns}",
                        cells=ngettext("{n} cell", "{n} cells", len(cells)),
                        columns=ngettext("{n} column", "{n} columns", len(keys)),
                    ),
                    f"{where}:{line}",
                )
            rows.append((line, {key: cell for key, cell in zip(keys, cells, strict=False) if key}))
    except csv.Error as error:
        raise InputError(
            _("CSV error: {error}", error=error), f"{where}:{reader.line_num}"
        ) from None
    return rows


def convert(text: str, kind: str, where: str, resolver: Resolver, submission: URIRef) -> Converted:
    """RDF for every data row of a ``mid`` or ``recommendations`` CSV."""
    out = Converted(bind_prefixes(Graph()))
    rows = read_rows(text, kind, where)
    if not rows:
        raise InputError(
            _(
                "the file holds no data: no data rows (comment rows starting with # are "
                "skipped); fill in at least one row"
            ),
            where,
        )
    for number, cells in rows:
        row = _Row(number, cells, kind, out, submission)
        if kind == "mid":
            _mid(row, resolver)
        else:
            _recommendation(row, resolver)
    out.rows = len(rows)
    return out


def _mid(row: _Row, resolver: Resolver) -> None:
    city_text = row.required("city")
    city = row.reference(resolver, "city", "city", city_text) if city_text else None
    title = row.value("title_pl")
    slug = slugify(city_text or "miasto")
    edition = (
        row.reference(resolver, "edition", "edition", row.value("edition"))
        if row.value("edition")
        else DEFAULT_EDITION
    )
    # The MID's natural key: city, edition and Polish title, so a corrected resubmission names
    # the same MID (and replaces it). The default edition is left out of the hash, which keeps
    # the IRIs minted before the edition was part of the key.
    key = [str(city or city_text), title]
    if edition not in (None, DEFAULT_EDITION):
        key.append(str(edition))
    mid = PIMID[f"mid/{slug}-{content_hash(*key)}"]
    row.add(mid, RDF.type, PIM.UrbanActionInitiative, "title_pl")
    row.bilingual(mid, RDFS.label, "title_pl", "title_en", required=True)
    row.bilingual(mid, DCTERMS.description, "description_pl", "description_en", required=False)
    if city is not None:
        row.add(mid, PIM.preparedBy, city, "city")
        row.add(city, PIM.hasInitiative, mid, "city")
    if edition is not None:
        row.add(mid, PIM.edition, edition, "edition")
    row.themes(resolver, mid)
    row.problems_addressed(mid)
    for stakeholder in split_cell(row.value("stakeholders")):
        row.add(mid, PIM.stakeholder, Literal(stakeholder, lang="pl"), "stakeholders")
    _actions(row, mid)
    row.sourced(mid)


def _actions(row: _Row, mid: URIRef) -> None:
    for text_pl, text_en in row.pairs("actions", "actions"):
        name_pl, start, end = _timetable(row, text_pl, "actions_pl")
        name_en, start_en, end_en = _timetable(row, text_en, "actions_en")
        if (start_en, end_en) != (start, end) and _ACTION.match(text_en) and _ACTION.match(text_pl):
            row.say(
                "actions_en",
                N_("the timetable in English differs from the Polish one; give the same dates"),
            )
        action = PIMID[f"action/{content_hash(str(mid), name_pl, length=12)}"]
        row.add(action, RDF.type, PIM.Action, "actions_pl")
        row.add(action, RDFS.label, Literal(name_pl, lang="pl"), "actions_pl")
        row.add(action, RDFS.label, Literal(name_en, lang="en"), "actions_en")
        row.add(action, PIM.actionOf, mid, "actions_pl")
        row.add(mid, PIM.hasAction, action, "actions_pl")
        for value, predicate in ((start, SCHEMA.startDate), (end, SCHEMA.endDate)):
            if value:
                row.add(action, predicate, date_literal(value), "actions_pl")
        row.sourced(action)


def _timetable(row: _Row, text: str, key: str) -> tuple[str, str | None, str | None]:
    """The action's name and its start and end dates; a malformed timetable is reported on
    ``key``'s column and gives no dates."""
    match = _ACTION.match(text)
    if not match:
        if "[" in text or "]" in text:
            row.say(
                key,
                N_(
                    "'{text}' has brackets that are not a timetable; write the dates at the end "
                    "as [YYYY-MM-DD..YYYY-MM-DD] (or YYYY, YYYY-MM), or remove the brackets"
                ),
                text=text,
            )
        return text, None, None
    name = match.group("name")
    start, end = match.group("start") or None, match.group("end") or None
    spans = []
    for value in (start, end):
        span = calendar_span(value) if value else None
        if value and span is None:
            row.say(
                key,
                N_("'{value}' is not a calendar date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                value=value,
            )
            return name, None, None
        spans.append(span)
    if spans[0] and spans[1] and spans[0][0] > spans[1][1]:
        row.say(key, N_("the action ends ({end}) before it starts ({start})"), end=end, start=start)
        return name, None, None
    return name, start, end


def _recommendation(row: _Row, resolver: Resolver) -> None:
    network_text = row.required("network")
    network = row.reference(resolver, "network", "network", network_text) if network_text else None
    text_pl = row.value("text_pl")
    recommendation = PIMID[
        f"recommendation/{slugify(network_text or 'siec')}-{content_hash(text_pl)}"
    ]
    row.add(recommendation, RDF.type, PIM.Recommendation, "text_pl")
    row.bilingual(recommendation, DCTERMS.description, "text_pl", "text_en", required=True)
    for key_label, key_text, lang in (("label_pl", "text_pl", "pl"), ("label_en", "text_en", "en")):
        label = row.value(key_label) or _shorten(row.value(key_text))
        if label:
            row.add(recommendation, RDFS.label, Literal(label, lang=lang), key_label)
    scope_text = row.value("scope")
    if not scope_text:
        row.problem(
            "scope",
            _("the scope is missing: financial, legal or knowledge"),
            suggestion="financial | legal | knowledge",
        )
    else:
        scope = row.reference(resolver, "scope", "scope", scope_text)
        if scope is not None:
            row.add(recommendation, PIM.scope, scope, "scope")
    if network is not None:
        row.add(recommendation, PIM.proposedBy, network, "network")
        row.add(network, PIM.proposes, recommendation, "network")
        plan = _plan_of(resolver, network)
        if plan is not None:
            row.add(recommendation, PIM.partOfPlan, plan, "network")
            row.add(plan, PIM.hasRecommendation, recommendation, "network")
    if row.value("kind"):
        kind = row.reference(resolver, "kind", "kind", row.value("kind"))
        if kind is not None:
            row.add(recommendation, PIM.contentKind, kind, "kind")
    for text in split_cell(row.value("target_policy")):
        framework = row.reference(resolver, "target_policy", "framework", text)
        if framework is not None:
            row.add(recommendation, PIM.targetsPolicy, framework, "target_policy")
    row.themes(resolver, recommendation)
    row.problems_addressed(recommendation)
    row.sourced(recommendation)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _plan_of(resolver: Resolver, network: URIRef) -> URIRef | None:
    from rdflib import Variable

    rows = resolver.engine.query(
        "SELECT ?plan WHERE { ?_network_iri pim:hasImprovementPlan|^pim:planOf ?plan }",
        {Variable("_network_iri"): network},
    ).rows
    return rows[0][0] if rows else None
