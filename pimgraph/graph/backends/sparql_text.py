"""The one SPARQL text a check reads and an engine runs, and the engine's own network guard.

SPARQL 1.1 (section 19.2) replaces the codepoint escapes ``\\uXXXX`` and ``\\UXXXXXXXX`` before
the grammar reads anything; rdflib does so (loosely: ``\\u`` may take eight digits), while
Oxigraph decodes them only inside strings and IRIs. A bare CR ends a ``#`` comment for Oxigraph
but not for rdflib. So a query can read as a plain SELECT to one parser and as a SERVICE call to
the other. ``canonical`` removes both differences: escapes decoded once, the spec's way, and
every line end made LF; the check and the engine are then handed that same text.

An escape that decodes to a quote, an angle bracket or a backslash is refused: engines
disagree about whether it ends a string or an IRI, so what the user meant is ambiguous.

pyoxigraph 0.5's ``Store.query`` always evaluates SERVICE over HTTP (it offers no service
handler option), so ``guard`` refuses SERVICE, FROM and LOAD in the text each local backend is
about to run, unless the caller is inside ``network_access(True)``. It is a fast lexical scan
that errs toward refusing; ``pimgraph.sparql.safety`` does the full parse in front of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Anything rdflib's own escape pass would still decode (it accepts \u and \U, 4 or 8 digits).
_LEFTOVER_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
_AMBIGUOUS = set("\"'<>\\")
_IRI_REF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
# A keyword that reaches the network or writes, as a token of its own (not part of a variable,
# a prefixed name, a language tag or a longer word).
_NETWORK_WORD = re.compile(r"(?<![\w?$:@\\%-])(SERVICE|FROM|LOAD)(?![\w:-])", re.IGNORECASE)

_network: ContextVar[bool] = ContextVar("pimgraph_network_access", default=False)


class QueryRefused(UsageError):
    """A query pimgraph will not run; ``reason`` is syntax, escape, update, service or dataset."""

    def __init__(
        self,
        reason: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        why: str | None = None,
    ):
        super().__init__(message)
        self.reason = reason
        # A syntax error's position in the text and the parser's own words, for a caller that
        # names the file (``where:line``) itself.
        self.line, self.column, self.why = line, column, why


def canonical(text: str) -> str:
    """``text`` with SPARQL's codepoint escapes decoded once and every line end made LF."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryRefused(
                "escape",
                _("{escape} is not a Unicode character", escape=match.group(0)),
            )
        char = chr(code)
        if char in _AMBIGUOUS:
            raise QueryRefused(
                "escape",
                _(
                    "the escape {escape} writes {char}, which SPARQL reads before strings and "
                    "IRIs, so it may end one; write the character itself or a string escape",
                    escape=match.group(0),
                    char=char,
                ),
            )
        return char

    decoded = _ESCAPE.sub(decode, text)
    leftover = _LEFTOVER_ESCAPE.search(decoded)
    if leftover:
        raise QueryRefused(
            "escape",
            _(
                "{escape} would be decoded twice (it is written with an escaped backslash); "
                "write the character itself",
                escape=leftover.group(0),
            ),
        )
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def network_access(allowed: bool) -> Iterator[None]:
    """Within this block local engines run SERVICE / FROM only if ``allowed``."""
    token = _network.set(allowed)
    try:
        yield
    finally:
        _network.reset(token)


def network_allowed() -> bool:
    return _network.get()


def code_only(text: str) -> str:
    """``text`` with comments removed and strings and IRIs emptied, as SPARQL's lexer reads it."""
    out: list[str] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "#":
            end = text.find("\n", index)
            index = length if end < 0 else end
            continue
        if char in "\"'":
            if text.startswith(char * 3, index):
                index = _string_end(text, index + 3, char * 3, long=True)
            else:
                index = _string_end(text, index + 1, char, long=False)
            out.append('""')
            continue
        if char == "<":
            match = _IRI_REF.match(text, index)
            if match:
                out.append("<>")
                index = match.end()
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _string_end(text: str, index: int, quote: str, long: bool) -> int:
    """The index just past the string whose body starts at ``index``."""
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(quote, index):
            return index + len(quote)
        if not long and text[index] == "\n":
            return index  # unterminated: a syntax error to every parser; read on as code
        index += 1
    return index


def guard(text: str) -> str:
    """The canonical ``text``, refused if it could reach the network and that is not allowed.

    Each local backend calls this on the exact text it is about to run."""
    text = canonical(text)
    if network_allowed():
        return text
    found = _NETWORK_WORD.search(code_only(text))
    if found:
        word = found.group(1).upper()
        if word == "LOAD":
            raise QueryRefused(
                "update", _("SPARQL updates (INSERT, DELETE, LOAD, ...) are refused: read-only")
            )
        raise QueryRefused(
            "service" if word == "SERVICE" else "dataset",
            _(
                "{keyword} would reach the network; refused (pass --allow-network to permit it)",
                keyword=word,
            ),
        )
    return text
