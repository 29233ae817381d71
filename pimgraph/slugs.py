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
