"""The SPARQL 1.1 Protocol's query operation, answered from an engine: read-only, offline.

``execute`` turns (query text, Accept header) into (status, content type, body): 400 for an
update, ``SERVICE``, ``FROM``/``FROM NAMED``, an ambiguous escape or a syntax error (the check
is ``pimgraph.sparql.safety``'s, and the engine runs the very text it checked); 406 when the
client accepts none of the formats the query form has. It runs inside a query worker process
(``workers``), so its parse and its evaluation both count against the time limit.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from pimgraph.core.errors import PimgraphError
from pimgraph.core.messages import N_, _
from pimgraph.graph.result import QueryResult
from pimgraph.publish.conneg import negotiate
from pimgraph.rdf.serialize import jsonld, turtle
from pimgraph.sparql.limits import check_query_size, nesting_refusal
from pimgraph.sparql.results import to_csv, to_json, to_tsv
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


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
    ]
    if result.form == "ASK":
        out += [
            "<head/>",
            f"<boolean>{'true' if result.boolean else 'false'}</boolean>",
            "</sparql>",
        ]
        return "\n".join(out) + "\n"
    out.append(
        "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables) + "</head>"
    )
    out.append("<results>")
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{escape(str(term))}</bnode>"
            else:
                assert isinstance(term, Literal), term  # results hold IRIs, blank nodes, literals
                value = _xml_literal(term)
            cells.append(f"<binding name={quoteattr(name)}>{value}</binding>")
        out.append("<result>" + "".join(cells) + "</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml_literal(term: Literal) -> str:
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype:
        datatype = quoteattr(str(term.datatype))
        return f"<literal datatype={datatype}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


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
        check_query_size(text)
        return _execute(engine, text, accept)
    except PimgraphError as error:  # QueryRefused included: the check's or the endpoint's words
        return _text(400, str(error))
    except RecursionError:  # a parser's recursion, whatever the limits let through
        return _text(400, nesting_refusal())


def _execute(engine, text: str, accept: str | None) -> Answer:
    checked = check(text)
    form = checked.form
    offered = RESULT_TYPES["GRAPH" if form in ("CONSTRUCT", "DESCRIBE") else form]
    media = negotiate(accept, offered)
    if media is None:
        return _text(
            406,
            f"none of the accepted types ({accept}) can carry {form} results; "
            f"this endpoint offers: {', '.join(offered)}",
        )
    result = engine.query(checked.text)
    charset = "" if media in ("application/ld+json", "application/rdf+xml") else "; charset=utf-8"
    return 200, media + charset, _render(result, media)
