"""Size limits a query must meet before any parser sees it.

rdflib's SPARQL parser (pyparsing) recurses about 30-40 Python frames per level of brackets, so
a query nested some 25 levels deep exhausts the interpreter's recursion limit; a long query
costs parse time and memory in proportion. ``check_query_size`` refuses both up front with one
clear message, and ``nesting_refusal`` is the same message for a ``RecursionError`` that a
parser raises anyway. The CLI (``pimgraph query``) and the endpoint (``pimgraph serve``) share
these limits.
"""

from __future__ import annotations

import functools

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _, ngettext
from pimgraph.core.text import string_end

MAX_QUERY_CHARS = 100_000
# Brackets of every kind ({ }, ( ), [ ]) counted together: rdflib parses 19-36 levels within
# Python's default recursion limit depending on the construct; 16 leaves room for the caller's
# own frames and is far beyond what a hand-written query needs.
MAX_NESTING = 16

_OPEN = "{(["
_CLOSE = "})]"
# Characters an IRIREF may not contain (SPARQL 1.1 grammar, [139]); a '<' followed by one of
# these before its '>' is the less-than operator, not an IRI.
_NOT_IN_IRI = set('<"{}|^`\\') | {chr(c) for c in range(0x21)}


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets in ``text``, outside strings, IRIs and comments."""
    depth = deepest = 0
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char in "'\"":
            index = string_end(text, index)
            continue
        if char == "#":
            newline = text.find("\n", index)
            index = length if newline < 0 else newline + 1
            continue
        if char == "<":
            end = _iri_end(text, index)
            if end:
                index = end
                continue
        elif char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        index += 1
    return deepest


def _iri_end(text: str, start: int) -> int:
    """Index just past the IRI ``<...>`` opening at ``start``, or 0 if it is not one."""
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == ">":
            return index + 1
        if char in _NOT_IN_IRI:
            return 0
        index += 1
    return 0


def nesting_refusal() -> str:
    """The message for a query nested too deeply (also for a parser's ``RecursionError``)."""
    return _(
        "the query is nested too deeply: at most {limit} levels of brackets "
        "({{ }}, ( ), [ ]) are allowed",
        limit=MAX_NESTING,
    )


def check_query_size(text: str) -> None:
    """Refuse (``UsageError``) a query longer than ``MAX_QUERY_CHARS`` characters or nested
    deeper than ``MAX_NESTING`` brackets; cheap enough to run before every parse."""
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(
            ngettext(
                "the query is too long: {n} character, at most {limit} are allowed",
                "the query is too long: {n} characters, at most {limit} are allowed",
                len(text),
                limit=MAX_QUERY_CHARS,
            )
        )
    if nesting_depth(text) > MAX_NESTING:
        raise UsageError(nesting_refusal())


REMEMBERED_CHARS = 8_000  # texts up to this long have their check remembered (bounded memory)


@functools.lru_cache(maxsize=256)
def _size_checked(text: str) -> None:
    check_query_size(text)


def check_query_size_remembered(text: str) -> None:
    """``check_query_size``, remembered for short texts that passed it (a server sees the same
    texts again and again; the nesting count is a Python loop over every character)."""
    if len(text) <= REMEMBERED_CHARS:
        _size_checked(text)
    else:
        check_query_size(text)
