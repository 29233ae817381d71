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
from contextlib import suppress
from dataclasses import dataclass

from rdflib import Graph, Variable
from rdflib.term import Node

from pimgraph.core.messages import _
from pimgraph.core.namespaces import PREFIXES
from pimgraph.graph.backends.sparql_text import QueryRefused, canonical, code_only, network_access
from pimgraph.graph.result import QueryResult, from_rdflib

__all__ = [
    "CheckedQuery",
    "QueryRefused",
    "check_query",
    "find_form",
    "query_form",
    "run_local",
]

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_FORM_WORD = re.compile(r"(?<![\w?$:@\\%-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.I)


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the check: ``text`` is what the engine must run, exactly."""

    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE


def find_form(text: str) -> str | None:
    """The query's form keyword, read from its code (not comments, strings or IRIs), or None.

    The one form detector, for the checker, the catalogue, the endpoint client and serve."""
    with suppress(QueryRefused):  # the check refuses such a text; here it is only a guess
        text = canonical(text)
    match = _FORM_WORD.search(code_only(text))
    return match.group(1).upper() if match else None


def query_form(text: str) -> str:
    """``find_form``, SELECT if the text names no form."""
    return find_form(text) or "SELECT"


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def _parse(text: str):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

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
    except (ValueError, RecursionError) as error:
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
    return CheckedQuery(text, query_form(text))


def run_local(
    graph: Graph,
    text: str,
    bindings: Mapping[Variable, Node] | None = None,
    allow_network: bool = False,
) -> QueryResult:
    """Run a read-only query on ``graph`` with parameters bound as RDF terms."""
    checked = check_query(text, allow_network)
    with network_access(allow_network):
        result = graph.query(checked.text, initNs=PREFIXES, initBindings=dict(bindings or {}))
    return from_rdflib(result)
