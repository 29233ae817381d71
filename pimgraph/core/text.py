"""Text helpers shared by every floor: folding for matching and sorting, slugs, string scanning.

One of each, so that a label typed by a user, a slug in an IRI and the order of a list all
treat Polish letters the same way ("Łódź" matches "lodz", sorts among the L's, slugs to "lodz").
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into an ASCII base letter plus a mark.
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d"})


def fold(text: str) -> str:
    """The key for case-insensitive matching: NFC, case-folded, trimmed ("Słupsk" -> "słupsk")."""
    return unicodedata.normalize("NFC", text).casefold().strip()


def ascii_fold(text: str) -> str:
    """The letters without their diacritics, case kept ("Łódź" -> "Lodz")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def loose_key(text: str) -> str:
    """Case- and diacritic-insensitive key: for "Slupsk" finding "Słupsk", and for Polish order
    (Dębica before Dzierzgoń, Łomianki among the L's)."""
    return ascii_fold(fold(text))


def slugify(text: str, limit: int = 60) -> str:
    """An ASCII slug for an IRI: "Międzyrzec Podlaski" -> "miedzyrzec-podlaski"."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def string_end(text: str, start: int) -> int:
    """Index just past the string literal that opens at ``text[start]`` ('…', "…", '''…''' or
    \"\"\"…\"\"\"), honouring backslash escapes; the end of the text if it never closes.

    Turtle and SPARQL share this string syntax, so one scanner serves both."""
    quote = text[start]
    token = quote * 3 if text.startswith(quote * 3, start) else quote
    index = start + len(token)
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(token, index):
            return index + len(token)
        index += 1
    return index
