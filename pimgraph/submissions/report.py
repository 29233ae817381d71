"""What a check found, in both languages, pointing at a CSV row and column or an RDF resource."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph


@dataclass(frozen=True)
class Problem:
    """One thing the sender must fix (``error``) or should know (``warning``)."""

    severity: str
    en: str
    pl: str
    row: int | None = None  # CSV: the 1-based line of the file
    column: str | None = None  # CSV: the bilingual column header
    resource: str | None = None  # RDF: the resource's IRI
    resource_label: str | None = None
    property: str | None = None  # compact name of the property
    suggestion: str | None = None  # a label or IRI that probably was meant

    def message(self, lang: str) -> str:
        return self.pl if lang == "pl" else self.en

    def where(self, file: str, lang: str) -> str:
        if self.row is not None:
            column = (
                f", {'kolumna' if lang == 'pl' else 'column'} '{self.column}'"
                if self.column
                else ""
            )
            return f"{file}:{self.row}{column}"
        if self.resource:
            label = f" ({self.resource_label})" if self.resource_label else ""
            prop = f" {self.property}" if self.property else ""
            return f"{file}: <{self.resource}>{label}{prop}"
        return file


@dataclass
class SubmissionReport:
    file: str
    kind: str  # "mid", "recommendations" or "rdf"
    sha256: str
    graph: Graph
    problems: list[Problem] = field(default_factory=list)
    plan: Any = None  # check.Plan: what adding it will do (the folder, changes, revisions)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def conforms(self) -> bool:
        return not self.errors


_WORDS = {
    "en": {
        "error": "ERROR",
        "warning": "WARNING",
        "ok": "can be added",
        "bad": "must be fixed before it can be added",
        "hint": "did you mean",
        "triples": "triples",
        "errors": "error(s)",
        "warnings": "warning(s)",
    },
    "pl": {
        "error": "BŁĄD",
        "warning": "OSTRZEŻENIE",
        "ok": "można dodać",
        "bad": "wymaga poprawek przed dodaniem",
        "hint": "czy chodziło o",
        "triples": "trójek",
        "errors": "błędów",
        "warnings": "ostrzeżeń",
    },
}


def render(report: SubmissionReport, fmt: str = "text", lang: str = "en") -> str:
    if fmt == "json":
        return json.dumps(
            {
                "file": report.file,
                "kind": report.kind,
                "sha256": report.sha256,
                "conforms": report.conforms,
                "triples": len(report.graph),
                "problems": [asdict(p) | {"message": p.message(lang)} for p in report.problems],
            },
            ensure_ascii=False,
            indent=2,
        )
    words = _WORDS.get(lang, _WORDS["en"])
    lines = []
    for problem in report.problems:
        hint = f" ({words['hint']}: {problem.suggestion}?)" if problem.suggestion else ""
        lines.append(
            f"{words[problem.severity]}: {problem.where(report.file, lang)}: {problem.message(lang)}{hint}"
        )
    verdict = words["ok"] if report.conforms else words["bad"]
    warnings = len(report.problems) - len(report.errors)
    lines.append(
        f"{report.file}: {verdict} ({len(report.graph)} {words['triples']}, "
        f"{len(report.errors)} {words['errors']}, {warnings} {words['warnings']})"
    )
    return "\n".join(lines)
