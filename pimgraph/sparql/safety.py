"""Run SPARQL on the local graph, read-only and offline unless the user allows the network.

Updates (including ``LOAD``) are refused outright; ``SERVICE`` and ``FROM``/``FROM NAMED``
(which would make rdflib fetch from the web) are refused unless ``allow_network`` is set.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Variable
from rdflib.term import Node

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.core.namespaces import PREFIXES
from pimgraph.graph.result import QueryResult, from_rdflib


def _parse(text: str):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    # A bare CR ends a SPARQL comment for Oxigraph, which runs the query, but not for rdflib's
    # parser, which checks it: "# x\rSERVICE <...>" must not hide a SERVICE from the check.
    text = text.replace("\r", "\n")
    try:
        return parseQuery(text)
    except ValueError as error:  # a \U escape past U+10FFFF, from rdflib's escape expansion
        raise UsageError(_("SPARQL syntax error: {reason}", reason=str(error))) from None
    except ParseException as query_error:
        try:
            parseUpdate(text)
        except ParseException:
            raise UsageError(
                f"SPARQL syntax error at line {query_error.lineno}, column {query_error.col}: "
                f"{query_error.msg}"
            ) from None
        raise UsageError(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused: pimgraph query is read-only"
        ) from None


def _walk(node, seen=None):
    """Every parse-tree node (rdflib CompValues, pyparsing results, lists), depth first."""
    seen = seen if seen is not None else set()
    if id(node) in seen or isinstance(node, (str, bytes, Node)):
        return
    seen.add(id(node))
    yield node
    if isinstance(node, dict):  # CompValue is a dict
        children = list(node.values())
    elif hasattr(node, "__iter__"):
        children = list(node)
    else:
        return
    for child in children:
        yield from _walk(child, seen)


def check_query(text: str, allow_network: bool = False) -> None:
    """Raise ``UsageError`` for an update, or for SERVICE/FROM without ``allow_network``."""
    tree = _parse(text)
    if allow_network:
        return
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise UsageError(
                "SERVICE would query another server; refused (pass --allow-network to permit it)"
            )
        if name == "DatasetClause":
            raise UsageError(
                "FROM / FROM NAMED would load data from the web; refused (pass --allow-network to permit it)"
            )


def run_local(
    graph: Graph,
    text: str,
    bindings: Mapping[Variable, Node] | None = None,
    allow_network: bool = False,
) -> QueryResult:
    """Run a read-only query on ``graph`` with parameters bound as RDF terms."""
    check_query(text, allow_network)
    result = graph.query(text, initNs=PREFIXES, initBindings=dict(bindings or {}))
    return from_rdflib(result)
