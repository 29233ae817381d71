"""The SPARQL 1.1 Protocol's query operation, answered from an engine: read-only, offline.

``execute`` turns (query text, Accept header) into (status, content type, body): 400 for an
update, ``SERVICE``, ``FROM``/``FROM NAMED`` or a syntax error; 406 when the client accepts none
of the formats the query form has. It runs inside a query worker process (``workers``), so its
parse and its evaluation both count against the time limit.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from pimgraph.core.errors import PimgraphError
from pimgraph.core.messages import _
from pimgraph.graph.result import QueryResult
from pimgraph.publish.conneg import negotiate
from pimgraph.sparql.results import to_csv, to_json, to_tsv

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
FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

Answer = tuple[int, str, bytes]


def _text(status: int, message: str) -> Answer:
    return status, TEXT, (message.rstrip("\n") + "\n").encode("utf-8")


def _children(node) -> list:
    if isinstance(node, dict):  # rdflib's CompValue is a dict
        return list(node.values())
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return list(node)
    return []


def _contains(tree, names: set[str]) -> str | None:
    """The first parse-tree node whose name is in ``names`` (iterative, cycle-safe)."""
    todo, seen = [tree], set()
    while todo:
        node = todo.pop()
        if id(node) in seen or isinstance(node, (str, bytes, URIRef, Literal, BNode)):
            continue
        seen.add(id(node))
        if getattr(node, "name", None) in names:
            return node.name
        todo.extend(_children(node))
    return None


def check(text: str) -> tuple[str | None, str | None]:
    """(query form, None) for an acceptable query, else (None, why it is refused)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    # A bare CR ends a SPARQL comment for Oxigraph, which runs the query, but not for rdflib's
    # parser, which checks it: "# x\rSERVICE <...>" must not hide a SERVICE from the check.
    text = text.replace("\r", "\n")
    try:
        tree = parseQuery(text)
    except ValueError as error:  # a \U escape past U+10FFFF, from rdflib's escape expansion
        return None, _("SPARQL syntax error: {reason}", reason=str(error))
    except ParseException as error:
        try:
            parseUpdate(text)
        except ParseException:
            return (
                None,
                f"SPARQL syntax error at line {error.lineno}, column {error.col}: {error.msg}",
            )
        return (
            None,
            "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: this endpoint is read-only",
        )
    found = _contains(tree, {"ServiceGraphPattern", "DatasetClause"})
    if found == "ServiceGraphPattern":
        return None, "SERVICE is refused: this endpoint does not query other servers"
    if found == "DatasetClause":
        return (
            None,
            "FROM and FROM NAMED are refused: this endpoint has one graph, the default graph",
        )
    return FORMS.get(tree[1].name, "SELECT"), None


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
            elif term.language:
                value = (
                    f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
                )
            elif term.datatype:
                value = f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
            else:
                value = f"<literal>{escape(str(term))}</literal>"
            cells.append(f"<binding name={quoteattr(name)}>{value}</binding>")
        out.append("<result>" + "".join(cells) + "</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _render(result: QueryResult, media: str) -> bytes:
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        from pimgraph.rdf.serialize import jsonld, turtle

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
    form, refusal = check(text)
    if refusal:
        return _text(400, refusal)
    offered = RESULT_TYPES["GRAPH" if form in ("CONSTRUCT", "DESCRIBE") else form]
    media = negotiate(accept, offered)
    if media is None:
        return _text(
            406,
            f"none of the accepted types ({accept}) can carry {form} results; "
            f"this endpoint offers: {', '.join(offered)}",
        )
    try:
        result = engine.query(text)
    except PimgraphError as error:
        return _text(400, str(error))
    charset = "" if media in ("application/ld+json", "application/rdf+xml") else "; charset=utf-8"
    return 200, media + charset, _render(result, media)
