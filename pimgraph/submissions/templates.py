"""The spreadsheet-friendly CSV templates: columns, bilingual headers, one commented example row.

A template's header row carries both languages ("miasto / city"); a row whose first cell starts
with ``#`` is a comment (the example row is one, so a filled-in template never submits it).
Cells that hold several values separate them with ``;``. Columns marked (pl) and (en) hold the
same values in two languages, in the same order.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from pimgraph.core.errors import InputError, UsageError
from pimgraph.core.messages import _, ngettext

KINDS = ("mid", "recommendations")


@dataclass(frozen=True)
class Column:
    key: str  # the name the converter uses
    pl: str
    en: str
    required: bool

    @property
    def header(self) -> str:
        return f"{self.pl} / {self.en}"

    def name(self, lang: str) -> str:
        return self.pl if lang == "pl" else self.en


MID_COLUMNS = (
    Column("city", "miasto", "city", True),
    Column("title_pl", "tytuł (pl)", "title (pl)", True),
    Column("title_en", "tytuł (en)", "title (en)", True),
    Column("description_pl", "opis (pl)", "description (pl)", False),
    Column("description_en", "opis (en)", "description (en)", False),
    Column("problems_pl", "problemy (pl)", "problems (pl)", False),
    Column("problems_en", "problemy (en)", "problems (en)", False),
    Column("themes", "tematy", "themes", False),
    Column("actions_pl", "działania (pl)", "actions (pl)", False),
    Column("actions_en", "działania (en)", "actions (en)", False),
    Column("stakeholders", "interesariusze", "stakeholders", False),
    Column("edition", "edycja", "edition", False),
    Column("source", "źródło", "source", False),
)

RECOMMENDATION_COLUMNS = (
    Column("network", "sieć", "network", True),
    Column("text_pl", "treść (pl)", "text (pl)", True),
    Column("text_en", "treść (en)", "text (en)", True),
    Column("label_pl", "etykieta (pl)", "label (pl)", False),
    Column("label_en", "etykieta (en)", "label (en)", False),
    Column("scope", "zakres", "scope", True),
    Column("kind", "rodzaj", "kind", False),
    Column("target_policy", "polityka docelowa", "target policy", False),
    Column("themes", "tematy", "themes", False),
    Column("problems_pl", "problemy (pl)", "problems (pl)", False),
    Column("problems_en", "problemy (en)", "problems (en)", False),
    Column("source", "źródło", "source", False),
)

COLUMNS = {"mid": MID_COLUMNS, "recommendations": RECOMMENDATION_COLUMNS}

# Clearly fictional examples: they are comment rows and never become data.
EXAMPLES = {
    "mid": {
        "city": "Słupsk",
        "title_pl": "Zielone podwórka (przykład)",
        "title_en": "Green courtyards (example)",
        "description_pl": "Przykład: odbetonowanie podwórek z mieszkańcami.",
        "description_en": "Example: removing paving from courtyards with residents.",
        "problems_pl": "Przegrzewanie się podwórek latem",
        "problems_en": "Courtyards overheating in summer",
        "themes": "wzmacnianie różnych form zielonej infrastruktury w miastach; upowszechnianie i "
        "wdrażanie rozwiązań opartych na naturze - NBS",
        "actions_pl": "Warsztaty z mieszkańcami [2024-03..2024-05]; "
        "Odbetonowanie [2024-06..2024-10]",
        "actions_en": "Workshops with residents [2024-03..2024-05]; "
        "Removing paving [2024-06..2024-10]",
        "stakeholders": "rada osiedla; spółdzielnia mieszkaniowa",
        "edition": "2021-2023",
        "source": "",
    },
    "recommendations": {
        "network": "Miasto Zielone",
        "text_pl": "Przykład: uprościć finansowanie błękitno-zielonej infrastruktury.",
        "text_en": "Example: simplify the funding of blue-green infrastructure.",
        "label_pl": "",
        "label_en": "",
        "scope": "financial",
        "kind": "",
        "target_policy": "polityka spójności",
        "themes": "wzmacnianie różnych form zielonej infrastruktury w miastach",
        "problems_pl": "Rozproszone źródła finansowania",
        "problems_en": "Scattered sources of funding",
        "source": "",
    },
}


def columns(kind: str) -> tuple[Column, ...]:
    if kind not in COLUMNS:
        raise UsageError(
            _("unknown template '{kind}'; use one of: {kinds}", kind=kind, kinds=", ".join(KINDS))
        )
    return COLUMNS[kind]


def render_template(kind: str) -> str:
    """The CSV template: the bilingual header row and one commented example row."""
    cols = columns(kind)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.header for column in cols])
    example = EXAMPLES[kind]
    cells = [example.get(column.key, "") for column in cols]
    cells[0] = "# " + cells[0]
    writer.writerow(cells)
    return out.getvalue()


def header_keys(kind: str, header: list[str], where: str) -> list[str | None]:
    """Map a file's header cells to column keys; either language, or both, is accepted."""
    lookup: dict[str, str] = {}
    for column in columns(kind):
        for name in (column.header, column.pl, column.en, column.key):
            lookup[_norm(name)] = column.key
    keys = [lookup.get(_norm(cell)) for cell in header]
    missing = [c for c in columns(kind) if c.required and c.key not in keys]
    if missing:
        names = ", ".join(f"'{c.header}'" for c in missing)
        raise InputError(
            ngettext(
                "the header lacks the required column {names}; "
                "start from 'pimgraph template {kind}'",
                "the header lacks the required columns {names}; "
                "start from 'pimgraph template {kind}'",
                len(missing),
                names=names,
                kind=kind,
            ),
            f"{where}:1",
        )
    return keys


def _norm(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").strip().lower().split())
