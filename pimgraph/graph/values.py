"""Bind variables as RDF terms by a ``VALUES`` block, never by editing the query's text.

Oxigraph's own substitutions only reach projected variables and a remote endpoint has none, so
every engine but rdflib's gets its bindings this way: ``VALUES (?a ?b) { (<x> "y") }`` at the
start of the query's top-level group, each value written by ``term.n3()``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Variable
from rdflib.term import Node

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.core.text import string_end

_IRI_REF = re.compile(r"<[^\s<>\"{}|^`\\]*>")


def with_values_block(text: str, bindings: Mapping[Variable, Node]) -> str:
    """The query with ``VALUES (?a ?b) { (<x> "y") }`` at the start of its top-level group."""
    if not bindings:
        return text
    variables = " ".join(f"?{name}" for name in bindings)
    row = " ".join(term.n3() for term in bindings.values())
    block = f"\n  VALUES ({variables}) {{ ({row}) }}\n"
    position = where_group_start(text)
    return text[: position + 1] + block + text[position + 1 :]


def where_group_start(text: str) -> int:
    """Index of the ``{`` that opens the query's WHERE group (skipping comments, strings, IRIs);
    the site's query editor inserts its ``VALUES`` block right after it, as this module does."""
    first_brace = -1
    depth = 0
    index = 0
    after_where = False
    while index < len(text):
        char = text[index]
        if char == "#":
            index = text.find("\n", index)
            if index < 0:
                break
            continue
        if char in "\"'":
            index = string_end(text, index)
            continue
        if char == "<":
            match = _IRI_REF.match(text, index)
            if match:
                index = match.end()
                continue
        if char == "{":
            if depth == 0 and after_where:
                return index
            if depth == 0 and first_brace < 0:
                first_brace = index
            depth += 1
        elif char == "}":
            depth -= 1
        elif (
            depth == 0
            and text[index : index + 5].upper() == "WHERE"
            and not text[index - 1 : index].isalnum()
        ):
            after_where = True
            index += 5
            continue
        index += 1
    if first_brace < 0:
        raise UsageError(_("the query has no { ... } group to bind parameters into"))
    return first_brace
