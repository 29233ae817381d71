"""The values inside a CSV cell: lists, calendar dates and their literals, content hashes.

A timetable is ``[start..end]`` of real calendar dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``),
the start's first day not after the end's last day.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import re

from rdflib import XSD, Literal

from pimgraph.core.messages import ngettext

_DATE = re.compile(r"^(?P<year>[0-9]{4})(-(?P<month>[0-9]{2})(-(?P<day>[0-9]{2}))?)?$")


def content_hash(*parts: str, length: int = 8) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def split_cell(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def count_mismatch(what: str, polish: int, english: int) -> str:
    """ "2 problems in Polish but 1 in English": the count agrees with the first number."""
    if what == "actions":
        return ngettext(
            "{n} action in Polish but {english} in English; give each in both",
            "{n} actions in Polish but {english} in English; give each in both",
            polish,
            english=english,
        )
    return ngettext(
        "{n} problem in Polish but {english} in English; give each in both",
        "{n} problems in Polish but {english} in English; give each in both",
        polish,
        english=english,
    )


def calendar_span(value: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a YYYY, YYYY-MM or YYYY-MM-DD date covers; None if it is not a
    real calendar date (month 13, 30 February, 2024/02, ...)."""
    match = _DATE.match(value)
    if not match:
        return None
    year = int(match.group("year"))
    month, day = match.group("month"), match.group("day")
    try:
        if day:
            exact = datetime.date(year, int(month), int(day))
            return exact, exact
        if month:
            last = calendar.monthrange(year, int(month))[1] if 1 <= int(month) <= 12 else 0
            return datetime.date(year, int(month), 1), datetime.date(year, int(month), last)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except ValueError:
        return None


def date_literal(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)
