"""Run a stored or ad hoc query on any engine: the one call behind ``pimgraph query``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from pimgraph.core import resources
from pimgraph.core.errors import UsageError
from pimgraph.graph.backends.sparql_text import network_access
from pimgraph.graph.base import Engine
from pimgraph.graph.result import QueryResult
from pimgraph.sparql.binding import bind, parse_assignments
from pimgraph.sparql.catalogue import StoredQuery, adhoc_query, get, read_query_text
from pimgraph.sparql.limits import check_query_size, nesting_refusal
from pimgraph.sparql.results import Labeller
from pimgraph.sparql.safety import check_query, check_syntax


def load(query_id: str | None, query_file: str | None, stdin: TextIO) -> StoredQuery:
    """The stored query ``query_id``, or the ad hoc query in ``query_file`` ('-' = stdin)."""
    if query_id:
        return get(query_id)
    assert query_file is not None
    path = None if query_file == "-" else Path(query_file)
    where = "<stdin>" if path is None else query_file
    text = stdin.read() if path is None else read_query_text(path)
    # Syntax (at the user's own line and column), updates and escapes, before any graph loads.
    if text.strip():
        check_query_size(text)
        check_syntax(text.removeprefix("\ufeff"), where)
    if path is None:
        return adhoc_query(text, where)
    return adhoc_query(text, where, path.stem, path)


def run(
    query: StoredQuery,
    params: Iterable[str],
    engine: Engine,
    lang: str = "en",
    allow_network: bool = False,
) -> tuple[QueryResult, Labeller]:
    """Run ``query`` on ``engine`` with ``--param`` values bound as RDF terms.

    A query that is not one of ours is checked first: read-only, and offline unless
    ``allow_network``. Every query must be within the size and nesting limits
    (``sparql.limits``). Labels in the result are shown in ``lang``."""
    check_query_size(query.text)
    try:
        text = query.text if is_bundled(query) else check_query(query.text, allow_network).text
        bindings = bind(query, parse_assignments(params), engine, _defaults(query, lang))
        # The engine runs the very text that was checked, and refuses the network on its own too.
        with network_access(allow_network):
            result = engine.query(text, bindings)
    except RecursionError:  # a parser's recursion, whatever the limits let through
        raise UsageError(nesting_refusal()) from None
    return result, lambda term: engine.label(term, lang)


def is_bundled(query: StoredQuery) -> bool:
    """Whether ``query`` is one of the stored queries shipped with pimgraph."""
    return query.path is not None and query.path in set(resources.query_paths())


def _defaults(query: StoredQuery, lang: str) -> dict[str, str]:
    # A query that declares a 'lang' parameter gets the reader's --lang unless told otherwise.
    return {"lang": lang} if any(p.name == "lang" for p in query.parameters) else {}
