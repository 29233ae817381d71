"""The SPARQL 1.1 Protocol's query operation, answered from an engine: read-only, offline.

``execute`` turns (query text, Accept header) into (status, content type, body): 400 for an
update, ``SERVICE``, ``FROM``/``FROM NAMED``, an ambiguous escape or a syntax error (the check
is ``pimgraph.sparql.safety``'s, and the engine runs the very text it checked); 406 when the
client accepts none of the formats the query form has. It runs inside a query worker process
(``workers``), so its parse and its evaluation both count against the time limit.
"""

from __future__ import annotations

import functools

from pimgraph.core.errors import PimgraphError
from pimgraph.core.messages import N_, _
from pimgraph.graph.result import QueryResult
from pimgraph.publish.conneg import negotiate
from pimgraph.rdf.serialize import jsonld, turtle
from pimgraph.sparql.limits import REMEMBERED_CHARS, check_query_size_remembered, nesting_refusal
from pimgraph.sparql.results import to_csv, to_json, to_tsv, to_xml
from pimgraph.sparql.safety import CheckedQuery, QueryRefused, check_query

TEXT = "text/plain; charset=utf-8"
RESULT_TYPES = {
    "SELECT": [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "application/json",
        "application/xml",
        "text/xml",
    ],
    "ASK": [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "application/json",
        "application/xml",
        "text/xml",
    ],
    "GRAPH": ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"],
}
Answer = tuple[int, str, bytes]


def _text(status: int, message: str) -> Answer:
    return status, TEXT, (message.rstrip("\n") + "\n").encode("utf-8")


# The endpoint's own words for a refusal; other refusals (syntax, escapes) keep the check's.
_REFUSALS = {
    "update": N_(
        "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: this endpoint is read-only"
    ),
    "service": N_("SERVICE is refused: this endpoint does not query other servers"),
    "dataset": N_(
        "FROM and FROM NAMED are refused: this endpoint has one graph, the default graph"
    ),
}


def check(text: str) -> CheckedQuery:
    """The query as the engine must run it; ``QueryRefused`` (in the endpoint's words) if not.

    The same check as ``pimgraph query`` without ``--allow-network``."""
    try:
        return check_query(text, allow_network=False)
    except QueryRefused as refusal:
        if refusal.reason in _REFUSALS:
            raise QueryRefused(refusal.reason, _(_REFUSALS[refusal.reason])) from None
        raise


@functools.lru_cache(maxsize=256)
def _remembered(text: str) -> CheckedQuery:
    return check(text)


def checked(text: str) -> CheckedQuery:
    """``check``, remembered for short texts: parsing is most of a cheap query's time, and
    clients (dashboards, scripts, the query page's examples) send the same texts again. The
    check is a pure function of the text; a refusal is not remembered (it raises)."""
    return _remembered(text) if len(text) <= REMEMBERED_CHARS else check(text)


def _render(result: QueryResult, media: str) -> bytes:
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        if media == "text/turtle":
            return turtle(result.graph).encode("utf-8")
        if media == "application/ld+json":
            return jsonld(result.graph).encode("utf-8")
        if media == "application/n-triples":
            return result.graph.serialize(format="nt", encoding="utf-8")
        return result.graph.serialize(format="xml", encoding="utf-8")
    if media.endswith("json"):
        return to_json(result).encode("utf-8")
    if media.endswith("xml"):
        return to_xml(result).encode("utf-8")
    if media == "text/csv":
        return to_csv(result).encode("utf-8")
    return to_tsv(result).encode("utf-8")


def execute(engine, text: str, accept: str | None) -> Answer:
    """Check, negotiate, run and serialise one query on ``engine``."""
    try:
        check_query_size_remembered(text)
        return _execute(engine, text, accept)
    except PimgraphError as error:  # QueryRefused included: the check's or the endpoint's words
        return _text(400, str(error))
    except RecursionError:  # a parser's recursion, whatever the limits let through
        return _text(400, nesting_refusal())


def _execute(engine, text: str, accept: str | None) -> Answer:
    query = checked(text)
    form = query.form
    offered = RESULT_TYPES["GRAPH" if form in ("CONSTRUCT", "DESCRIBE") else form]
    media = negotiate(accept, offered)
    if media is None:
        return _text(
            406,
            f"none of the accepted types ({accept}) can carry {form} results; "
            f"this endpoint offers: {', '.join(offered)}",
        )
    result = engine.query(query.text)
    charset = "" if media in ("application/ld+json", "application/rdf+xml") else "; charset=utf-8"
    return 200, media + charset, _render(result, media)
