"""The one SPARQL safety check: read-only always, offline unless the user allows the network.

``check_query`` is used by ``pimgraph query`` (file, stdin, parameters) and by ``pimgraph
serve``'s ``/sparql`` alike. It reads the query's canonical text (codepoint escapes decoded the
way SPARQL 1.1 says, line ends made LF: ``pimgraph.graph.backends.sparql_text``), parses that
with rdflib, and returns that same text for the engine to run, so that the check and the engine
can never read two different queries. Updates (``LOAD`` included) are refused outright;
``SERVICE`` and ``FROM``/``FROM NAMED`` unless ``allow_network``. Every refusal is a
``QueryRefused`` (a ``UsageError``: one line, exit 2; HTTP 400 from the server).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Variable
from rdflib.term import Identifier, Node

from pimgraph.core.errors import InputError
from pimgraph.core.messages import _
from pimgraph.core.namespaces import PREFIXES
from pimgraph.graph.backends.sparql_text import QueryRefused, canonical, network_access
from pimgraph.graph.result import QueryResult, from_rdflib
from pimgraph.sparql.catalogue import code_part
from pimgraph.sparql.form import query_form
from pimgraph.sparql.limits import nesting_refusal

__all__ = [
    "CheckedQuery",
    "QueryRefused",
    "check_query",
    "run_local",
]


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the check: ``text`` is what the engine must run, exactly."""

    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def _parse(text: str):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    # ``text`` is canonical (sparql_text.canonical): line ends are LF, so a bare CR cannot end a
    # comment for the engine and not for this parser.
    try:
        return parseQuery(text)
    except ParseException as query_error:
        try:
            parseUpdate(text)
        except (ParseException, ValueError, RecursionError):
            raise QueryRefused(
                "syntax",
                _(
                    "SPARQL syntax error at line {line}, column {column}: {why}",
                    line=query_error.lineno,
                    column=query_error.col,
                    why=_one_line(query_error.msg),
                ),
                line=query_error.lineno,
                column=query_error.col,
                why=_one_line(query_error.msg),
            ) from None
        raise QueryRefused(
            "update",
            _(
                "SPARQL updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused: "
                "pimgraph query is read-only"
            ),
        ) from None
    except RecursionError:  # the parser's own recursion, whatever the size limits let through
        raise QueryRefused("syntax", nesting_refusal()) from None
    except ValueError as error:  # e.g. rdflib's escape expansion past U+10FFFF
        raise QueryRefused(
            "syntax", _("SPARQL syntax error: {why}", why=_one_line(str(error)))
        ) from None


def _walk(tree):
    """Every parse-tree node (rdflib CompValues, pyparsing results, lists), cycle-safe."""
    todo, seen = [tree], set()
    while todo:
        node = todo.pop()
        if id(node) in seen or isinstance(node, (str, bytes, Node)):
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, dict):  # CompValue is a dict
            todo.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            todo.extend(node)


def check_query(text: str, allow_network: bool = False) -> CheckedQuery:
    """The canonical text and form of ``text``; ``QueryRefused`` for a syntax error, an update,
    an ambiguous escape, or SERVICE / FROM / FROM NAMED without ``allow_network``."""
    return _check(text, allow_network)[0]


def _check(text: str, allow_network: bool) -> tuple[CheckedQuery, Any]:
    """``check_query``, with the parse tree for a caller that reads it further."""
    text = canonical(text)
    tree = _parse(text)
    if not allow_network:
        for node in _walk(tree):
            name = getattr(node, "name", None)
            if name == "ServiceGraphPattern":
                raise QueryRefused(
                    "service",
                    _(
                        "SERVICE would query another server; refused "
                        "(pass --allow-network to permit it)"
                    ),
                )
            if name == "DatasetClause":
                raise QueryRefused(
                    "dataset",
                    _(
                        "FROM / FROM NAMED would load data from the web; refused "
                        "(pass --allow-network to permit it)"
                    ),
                )
    return CheckedQuery(text, query_form(text)), tree


def run_local(
    graph: Graph,
    text: str,
    bindings: Mapping[Variable, Node] | None = None,
    allow_network: bool = False,
) -> QueryResult:
    """Run a read-only query on ``graph`` with parameters bound as RDF terms."""
    checked = check_query(text, allow_network)
    initial: dict[str, Identifier] = {}
    for var, term in (bindings or {}).items():
        assert isinstance(term, Identifier), term  # bound values are IRIs and literals
        initial[var] = term
    with network_access(allow_network):
        result = graph.query(checked.text, initNs=PREFIXES, initBindings=initial)
    return from_rdflib(result)


def check_syntax(text: str, where: str) -> None:
    """Check ``text`` as ``pimgraph.sparql.safety.check_query`` does (syntax, updates, escapes;
    the network is judged when it runs), then with pimgraph's prefixes, as every backend will
    read it; a syntax error or an undeclared prefix becomes an ``InputError`` at ``where:line``."""
    from rdflib.plugins.sparql.algebra import translateQuery

    try:
        _checked, tree = _check(text, allow_network=True)
    except QueryRefused as error:
        if error.reason != "syntax" or error.line is None:
            raise
        raise InputError(
            _(
                "SPARQL syntax error (column {column}): {reason}",
                column=error.column,
                reason=error.why,
            ),
            f"{where}:{error.line}",
        ) from None
    try:
        translateQuery(tree, initNs=PREFIXES)  # the tree the check parsed: no second parse
    except Exception as error:  # rdflib raises a bare Exception for an undeclared prefix
        found = re.match(r"Unknown namespace prefix : (\S*)", str(error))
        if not found:
            raise
        prefix = found.group(1)
        line, column = _position(text, prefix + ":")
        raise InputError(
            _(
                "unknown prefix '{prefix}:' (column {column}); declare it with "
                "PREFIX {prefix}: <...> or use one of: {known}",
                prefix=prefix,
                column=column,
                known=", ".join(sorted(PREFIXES)),
            ),
            f"{where}:{line}",
        ) from None


_STRING_OR_IRI = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^\s<>\"{}|^`\\]*>"
)


def _position(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column of ``needle`` in the code of ``text`` (not in comments,
    strings or IRIs, which are blanked out column for column)."""
    for number, line in enumerate(text.splitlines(), start=1):
        code = _STRING_OR_IRI.sub(lambda m: " " * len(m.group()), code_part(line))
        found = re.search(r"(?<![\w:])" + re.escape(needle), code)
        if found:
            return number, found.start() + 1
    return 1, 1
