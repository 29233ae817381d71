"""One report model for every check: what was found, how bad it is, and where to fix it.

``pimgraph validate`` (SHACL results on a graph) and ``pimgraph submit check`` (a submission's
rows and resources) both produce a ``Report`` of ``Finding`` s, each with a ``Severity``, and
both are rendered by ``render`` as text (one line a finding, then a summary), JSON or Turtle.
Messages are in the user's language (``pimgraph.core.messages``): a finding's ``message`` is
written when it is found; the words around it are chosen when the report is rendered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rdflib import SH, Graph
from rdflib.term import Node

from pimgraph.core.messages import N_, _, language, ngettext


class Severity(Enum):
    """How bad a finding is; a ``VIOLATION`` makes the data not conform."""

    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @classmethod
    def from_shacl(cls, node: Node | None) -> Severity:
        """The severity of a SHACL ``sh:resultSeverity`` (an unknown one counts as a violation)."""
        return _FROM_SHACL.get(node, cls.VIOLATION)


_FROM_SHACL: dict[Node | None, Severity] = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}

# The word each report uses for a severity: validation names SHACL's terms, a submission
# calls what must be fixed an "error". The names are what JSON prints; the titles head text lines.
SHACL_NAMES = {
    Severity.VIOLATION: "violation",
    Severity.WARNING: "warning",
    Severity.INFO: "info",
}
SUBMISSION_NAMES = {
    Severity.VIOLATION: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "info",
}
_TITLES = {
    "violation": N_("VIOLATION"),
    "error": N_("ERROR"),
    "warning": N_("WARNING"),
    "info": N_("INFO"),
}


@dataclass(frozen=True)
class Finding:
    """One thing a person must fix or should know, with what they need to find it.

    A graph finding names its focus resource and property (``focus``, ``path``, with labels);
    a CSV finding names its 1-based ``row`` and bilingual ``column`` header. ``message`` is in
    the user's language; ``messages`` holds every language the source gave (SHACL messages).
    """

    severity: Severity
    message: str
    focus: str | None = None
    focus_label: str | None = None
    path: str | None = None  # compact name of the property
    path_label: str | None = None
    value: str | None = None
    constraint: str | None = None
    shape: str | None = None
    row: int | None = None
    column: str | None = None
    suggestion: str | None = None  # a label or IRI that probably was meant
    messages: dict[str, str] = field(default_factory=dict, compare=False)  # language -> message

    def where(self, file: str | None = None) -> str:
        """``file:row, column 'c'`` for a cell, else the focus resource and property."""
        if self.row is not None:
            place = f"{file}:{self.row}" if file else str(self.row)
            if self.column:
                place = _("{place}, column '{column}'", place=place, column=self.column)
            return place
        parts = [f"{file}:"] if file else []
        if self.focus:
            if self.focus_label and self.focus_label != self.focus:
                parts.append(self.focus_label)
            parts.append(f"<{self.focus}>")
        if self.path:
            parts.append(f"{self.path_label} ({self.path})" if self.path_label else self.path)
        return " ".join(parts)

    def as_json(self, names: dict[Severity, str]) -> dict[str, Any]:
        return {
            "severity": names[self.severity],
            "focus": self.focus,
            "focus_label": self.focus_label,
            "path": self.path,
            "path_label": self.path_label,
            "message": self.message,
            "constraint": self.constraint,
            "value": self.value,
            "shape": self.shape,
            "row": self.row,
            "column": self.column,
            "suggestion": self.suggestion,
            "messages": self.messages,
        }


@dataclass
class Report:
    """The findings of a validation of ``triples`` triples; ``results_graph`` is SHACL's own."""

    triples: int
    findings: list[Finding] = field(default_factory=list)
    results_graph: Graph | None = None

    severity_names = SHACL_NAMES

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.VIOLATION]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is not Severity.VIOLATION]

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def file(self) -> str | None:
        """The file the findings point into (None: the whole graph)."""
        return None

    def summary(self) -> str:
        verdict = _("conforms") if self.conforms else _("does not conform")
        return _(
            "{verdict}: {triples}, {violations}, {warnings}",
            verdict=verdict,
            triples=ngettext("{n} triple", "{n} triples", self.triples),
            violations=ngettext("{n} violation", "{n} violations", len(self.violations)),
            warnings=ngettext("{n} warning", "{n} warnings", len(self.warnings)),
        )

    def json_fields(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "violations": len(self.violations),
        }


def finding_line(report: Report, finding: Finding) -> str:
    """One text line: severity, where, message, the offending value and a suggestion."""
    title = _(_TITLES[report.severity_names[finding.severity]])
    line = _(
        "{severity}: {where}: {message}",
        severity=title,
        where=finding.where(report.file),
        message=finding.message,
    )
    if finding.value and finding.value != finding.focus:
        line += " " + _("[value: {value}]", value=finding.value)
    if finding.suggestion:
        line += " " + _("(did you mean: {suggestion}?)", suggestion=finding.suggestion)
    return line


def render_text(report: Report) -> str:
    return "\n".join([finding_line(report, f) for f in report.findings] + [report.summary()])


def render_json(report: Report) -> str:
    names = report.severity_names
    return json.dumps(
        report.json_fields() | {"findings": [f.as_json(names) for f in report.findings]},
        ensure_ascii=False,
        indent=2,
    )


def render_turtle(report: Report) -> str:
    graph = report.results_graph if report.results_graph is not None else Graph()
    return graph.serialize(format="turtle")


RENDERERS = {"text": render_text, "json": render_json, "turtle": render_turtle}


def render(report: Report, fmt: str = "text", lang: str | None = None) -> str:
    """The report as ``text``, ``json`` or ``turtle``, in ``lang`` (default: the user's)."""
    with language(lang):
        return RENDERERS[fmt](report)
