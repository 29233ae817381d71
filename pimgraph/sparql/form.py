"""The one query-form detector: which of SELECT, ASK, CONSTRUCT or DESCRIBE a text is.

A lexical read of the query's code (comments, strings and IRIs skipped, escapes decoded as the
checker decodes them), so it needs no SPARQL parser: the catalogue, the endpoint client and
serve use it without loading rdflib, and ``pimgraph queries`` starts fast.
"""

from __future__ import annotations

import re
from contextlib import suppress

from pimgraph.graph.backends.sparql_text import QueryRefused, canonical, code_only

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_FORM_WORD = re.compile(r"(?<![\w?$:@\\%-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.I)


def find_form(text: str) -> str | None:
    """The query's form keyword, read from its code (not comments, strings or IRIs), or None."""
    with suppress(QueryRefused):  # the check refuses such a text; here it is only a guess
        text = canonical(text)
    match = _FORM_WORD.search(code_only(text))
    return match.group(1).upper() if match else None


def query_form(text: str) -> str:
    """``find_form``, SELECT if the text names no form."""
    return find_form(text) or "SELECT"


_SELECT_CLAUSE = re.compile(
    r"(?<![\w?$:@\\%-])SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)(?:\bWHERE\b|\{)", re.I | re.S
)
_CLAUSE_TOKEN = re.compile(r"[()]|\bAS\s+[?$](\w+)|[?$](\w+)", re.I)


def select_columns(text: str) -> tuple[str, ...] | None:
    """The variables a SELECT query projects, in order (``?x`` and ``(... AS ?x)``), read from
    the first SELECT clause of its code; None for ``SELECT *`` or a query that is not a SELECT."""
    with suppress(QueryRefused):
        text = canonical(text)
    match = _SELECT_CLAUSE.search(code_only(text))
    if not match or match.group(1).strip().startswith("*"):
        return None
    columns: list[str] = []
    depth = 0
    for token in _CLAUSE_TOKEN.finditer(match.group(1)):
        if token.group(0) in "()":
            depth += 1 if token.group(0) == "(" else -1
        elif token.group(1) and depth == 1 or token.group(2) and depth == 0:
            columns.append(token.group(1) or token.group(2))
    return tuple(columns)
