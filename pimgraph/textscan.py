"""Scanning Turtle and SPARQL text without a full parser: where a quoted string ends."""

from __future__ import annotations


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
