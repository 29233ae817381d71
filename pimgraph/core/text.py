"""ASCII slugs for IRIs, folded from Polish names: "Międzyrzec Podlaski" -> "miedzyrzec-podlaski"."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into an ASCII base letter plus a mark.
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d"})


def slugify(text: str, limit: int = 60) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-") or "x"



def string_end(text: str, start: int) -> int:
    """Index just past the string literal that opens at ``text[start]`` ('…', "…", '''…''' or
    \"\"\"…\"\"\"), honouring backslash escapes; the end of the text if it never closes."""
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
