"""The upload form's side of the portal: form rows to the CSV template, findings back to fields.

The form's fields are the template's columns (``pimgraph.submissions.templates.columns``: the
key is the field name, the Polish and English names its labels), so the form and the CSV can
never disagree. A filled-in form becomes exactly the CSV a spreadsheet would give, which then
goes through ``submit_to_queue`` like any upload; the check's findings point at a CSV row and
column, which ``field_errors`` turns back into a form row (0-based) and field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pimgraph.core.errors import InputError
from pimgraph.core.messages import _
from pimgraph.submissions.report import SubmissionReport
from pimgraph.submissions.templates import Column, columns

FIRST_DATA_ROW = 2  # the CSV's line 1 is the header; a form's row 0 is line 2


def form_fields(kind: str) -> tuple[Column, ...]:
    """The form's fields for ``mid`` or ``recommendations``: the template's columns."""
    return columns(kind)


def form_csv(kind: str, rows: Sequence[Mapping[str, str]]) -> bytes:
    """The CSV (UTF-8) of a filled-in form: the template's header, then one line per row."""
    cols = columns(kind)
    keys = {column.key for column in cols}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.header for column in cols])
    for number, row in enumerate(rows):
        unknown = sorted(set(row) - keys)
        if unknown:
            raise InputError(
                _("the form has no field {field!r}", field=unknown[0]), f"row {number + 1}"
            )
        cells = [" ".join(str(row.get(column.key, "")).split()) for column in cols]
        if cells[0].startswith("#"):
            # a first cell starting with # makes the line a comment: it would be dropped unseen
            raise InputError(_("the first field may not start with #"), f"row {number + 1}")
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class FieldError:
    row: int | None  # the form's row, 0-based (None: the whole submission)
    field: str | None  # the field (column key); None: the row, or the whole submission
    message: str
    suggestion: str | None
    severity: str


def field_errors(report: SubmissionReport, kind: str) -> list[FieldError]:
    """The report's findings, each placed at its form row and field where it has one."""
    by_header = {column.header: column.key for column in columns(kind)}
    placed = []
    for finding in report.findings:
        row = finding.row - FIRST_DATA_ROW if finding.row is not None else None
        placed.append(
            FieldError(
                row,
                by_header.get(finding.column or ""),
                finding.message,
                finding.suggestion,
                finding.severity.value,
            )
        )
    return placed
