"""What a submission check found: the shared report model, pointing into the submitted file.

A submission's findings are ``pimgraph.validation.report.Finding`` s (a CSV row and column, or an
RDF resource and property), rendered by the same ``render`` as ``pimgraph validate``; only the
words differ: what must be fixed is an "error", and the summary says whether the file can be added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from pimgraph.core.messages import _, ngettext
from pimgraph.validation.report import SUBMISSION_NAMES, Finding, Report, Severity, render

__all__ = ["Finding", "Severity", "SubmissionReport", "render"]


@dataclass
class SubmissionReport(Report):
    """The findings on one submitted file (``graph`` is the submission as RDF)."""

    source: str = ""
    kind: str = ""  # "mid", "recommendations" or "rdf"
    sha256: str = ""
    graph: Graph = field(default_factory=Graph)
    plan: Any = None  # check.Plan: what adding it will do (the folder, changes, revisions)

    severity_names = SUBMISSION_NAMES

    @property
    def file(self) -> str:
        return self.source

    @property
    def errors(self) -> list[Finding]:
        return self.violations

    def summary(self) -> str:
        verdict = _("can be added") if self.conforms else _("must be fixed before it can be added")
        return _(
            "{file}: {verdict} ({triples}, {errors}, {warnings})",
            file=self.file,
            verdict=verdict,
            triples=ngettext("{n} triple", "{n} triples", self.triples),
            errors=ngettext("{n} error", "{n} errors", len(self.errors)),
            warnings=ngettext("{n} warning", "{n} warnings", len(self.warnings)),
        )

    def json_fields(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "sha256": self.sha256,
            "conforms": self.conforms,
            "triples": self.triples,
        }


def submission_report(
    file: str, kind: str, sha256: str, graph: Graph, findings: list[Finding]
) -> SubmissionReport:
    return SubmissionReport(
        triples=len(graph), findings=findings, source=file, kind=kind, sha256=sha256, graph=graph
    )
