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
    help_en: str
    help_pl: str

    @property
    def header(self) -> str:
        return f"{self.pl} / {self.en}"

    def name(self, lang: str) -> str:
        return self.pl if lang == "pl" else self.en


MID_COLUMNS = (
    Column("city", "miasto", "city", True, "the city's name or IRI", "nazwa lub IRI miasta"),
    Column(
        "title_pl",
        "tytuł (pl)",
        "title (pl)",
        True,
        "the MID's title in Polish",
        "tytuł MID po polsku",
    ),
    Column(
        "title_en",
        "tytuł (en)",
        "title (en)",
        True,
        "the MID's title in English",
        "tytuł MID po angielsku",
    ),
    Column(
        "description_pl",
        "opis (pl)",
        "description (pl)",
        False,
        "what the MID is about",
        "o czym jest MID",
    ),
    Column(
        "description_en",
        "opis (en)",
        "description (en)",
        False,
        "the same in English",
        "to samo po angielsku",
    ),
    Column(
        "problems_pl",
        "problemy (pl)",
        "problems (pl)",
        False,
        "problems addressed, separated by ;",
        "rozwiązywane problemy, rozdzielone ;",
    ),
    Column(
        "problems_en",
        "problemy (en)",
        "problems (en)",
        False,
        "the same problems in English, same order",
        "te same problemy po angielsku, w tej samej kolejności",
    ),
    Column(
        "themes",
        "tematy",
        "themes",
        False,
        "theme names or IRIs, separated by ;",
        "nazwy lub IRI tematów, rozdzielone ;",
    ),
    Column(
        "actions_pl",
        "działania (pl)",
        "actions (pl)",
        False,
        "actions, each with its timetable in brackets: Name [2024-01..2024-06]; ...",
        "działania, każde z harmonogramem w nawiasie: Nazwa [2024-01..2024-06]; ...",
    ),
    Column(
        "actions_en",
        "działania (en)",
        "actions (en)",
        False,
        "the same actions in English, same order",
        "te same działania po angielsku, w tej samej kolejności",
    ),
    Column(
        "stakeholders",
        "interesariusze",
        "stakeholders",
        False,
        "local stakeholders, separated by ;",
        "interesariusze lokalni, rozdzieleni ;",
    ),
    Column(
        "edition",
        "edycja",
        "edition",
        False,
        "the PIM edition (default: 2021-2023)",
        "edycja PIM (domyślnie 2021-2023)",
    ),
    Column(
        "source",
        "źródło",
        "source",
        False,
        "a web address that documents the MID",
        "adres strony opisującej MID",
    ),
)

RECOMMENDATION_COLUMNS = (
    Column("network", "sieć", "network", True, "the network's name or IRI", "nazwa lub IRI sieci"),
    Column(
        "text_pl",
        "treść (pl)",
        "text (pl)",
        True,
        "the recommendation in Polish",
        "treść zalecenia po polsku",
    ),
    Column(
        "text_en",
        "treść (en)",
        "text (en)",
        True,
        "the recommendation in English",
        "treść zalecenia po angielsku",
    ),
    Column(
        "label_pl",
        "etykieta (pl)",
        "label (pl)",
        False,
        "a short name (default: the text's start)",
        "krótka nazwa (domyślnie początek treści)",
    ),
    Column(
        "label_en",
        "etykieta (en)",
        "label (en)",
        False,
        "the short name in English",
        "krótka nazwa po angielsku",
    ),
    Column(
        "scope",
        "zakres",
        "scope",
        True,
        "financial, legal or knowledge (or: usprawnienia finansowe, zmiany prawne, poszerzanie wiedzy)",
        "usprawnienia finansowe, zmiany prawne lub poszerzanie wiedzy (albo: financial, legal, knowledge)",
    ),
    Column(
        "kind",
        "rodzaj",
        "kind",
        False,
        "kind of content, e.g. legal change proposals",
        "rodzaj treści, np. propozycje zmian prawnych",
    ),
    Column(
        "target_policy",
        "polityka docelowa",
        "target policy",
        False,
        "policy frameworks addressed, separated by ;",
        "ramy polityki, do których skierowano zalecenie, rozdzielone ;",
    ),
    Column(
        "themes",
        "tematy",
        "themes",
        False,
        "theme names or IRIs, separated by ;",
        "nazwy lub IRI tematów, rozdzielone ;",
    ),
    Column(
        "problems_pl",
        "problemy (pl)",
        "problems (pl)",
        False,
        "problems addressed, separated by ;",
        "rozwiązywane problemy, rozdzielone ;",
    ),
    Column(
        "problems_en",
        "problemy (en)",
        "problems (en)",
        False,
        "the same problems in English, same order",
        "te same problemy po angielsku, w tej samej kolejności",
    ),
    Column(
        "source",
        "źródło",
        "source",
        False,
        "a web address that documents the recommendation",
        "adres strony opisującej zalecenie",
    ),
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
        "themes": "wzmacnianie różnych form zielonej infrastruktury w miastach; upowszechnianie i wdrażanie rozwiązań opartych na naturze - NBS",
        "actions_pl": "Warsztaty z mieszkańcami [2024-03..2024-05]; Odbetonowanie [2024-06..2024-10]",
        "actions_en": "Workshops with residents [2024-03..2024-05]; Removing paving [2024-06..2024-10]",
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
