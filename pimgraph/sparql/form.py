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
