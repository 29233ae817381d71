"""Run a stored or ad hoc query locally or on an endpoint: the one call behind ``pimgraph query``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from pimgraph.sparql.binding import bind, parse_assignments
from pimgraph.graph.engine import Engine, open_engine
from pimgraph.sparql.catalogue import StoredQuery, adhoc_query, get, load_query_file
from pimgraph.remote.client import Credentials, Endpoint
from pimgraph.remote.client import query as remote_query
from pimgraph.sparql.results import Labeller, QueryResult


def load(query_id: str | None, query_file: str | None, stdin: TextIO) -> StoredQuery:
    """The stored query ``query_id``, or the ad hoc query in ``query_file`` ('-' = stdin)."""
    if query_id:
        return get(query_id)
    assert query_file is not None
    if query_file == "-":
        return adhoc_query(stdin.read(), "<stdin>")
    return load_query_file(Path(query_file), require_summary=False)


def _labeller(engine: Engine, lang: str) -> Labeller:
    return lambda term: engine.label(term, lang)


def _defaults(query: StoredQuery, lang: str) -> dict[str, str]:
    # A query that declares a 'lang' parameter gets the reader's --lang unless told otherwise.
    return {"lang": lang} if any(p.name == "lang" for p in query.parameters) else {}


def run_locally(query: StoredQuery, params: Iterable[str], lang: str = "en", reasoning: str = "rdfs",
                backend: str = "oxigraph", data_files: Iterable[str] = (), use_cache: bool = True,
                allow_network: bool = False) -> tuple[QueryResult, Labeller]:
    """Run ``query`` on the local graph; an ad hoc query is checked to be read-only and offline."""
    if query.path is None or query.id == "adhoc" or not _is_bundled(query):
        from pimgraph.sparql.safety import check_query

        check_query(query.text, allow_network)
    engine = open_engine(data_files, reasoning, backend, use_cache)
    bindings = bind(query, parse_assignments(params), engine, _defaults(query, lang))
    return engine.query(query.text, bindings), _labeller(engine, lang)


def _is_bundled(query: StoredQuery) -> bool:
    from pimgraph.core import resources

    return query.path is not None and query.path in set(resources.query_paths())


def run_remote(query: StoredQuery, params: Iterable[str], lang: str, url: str, graph: str | None = None,
               timeout: float = 60.0, credentials: Credentials | None = None) -> tuple[QueryResult, Labeller]:
    """Run ``query`` on a SPARQL endpoint; labels for display come from the local graph."""
    from pimgraph.core.errors import UsageError

    if query.form not in ("SELECT", "ASK"):
        raise UsageError("only SELECT and ASK queries run on an endpoint")
    endpoint = Endpoint(url, timeout=timeout, credentials=credentials, default_graph=graph)
    local = open_engine()
    bindings = bind(query, parse_assignments(params), local, _defaults(query, lang))
    return remote_query(endpoint, query.text, bindings), _labeller(local, lang)
