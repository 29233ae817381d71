"""The web API's side inside a query worker: run one stored query with the values from the URL
and render its answer, exactly as ``pimgraph query`` would.

The worker holds the graph, so labels given for IRI parameters (``?city=Słupsk``) are resolved
here, with the command line's own binding (``sparql.run.run``), and so are the labels the JSON
rows carry. Messages are in the request's language.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from pimgraph.core.errors import PimgraphError
from pimgraph.core.messages import language
from pimgraph.graph.result import QueryResult
from pimgraph.serve.api.problems import problem
from pimgraph.serve.protocol import Answer
from pimgraph.sparql.catalogue import StoredQuery, catalogue
from pimgraph.sparql.results import Labeller, to_csv, to_json
from pimgraph.sparql.run import run

# The answer formats, by the name ``?format=`` takes, with their media types.
FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8; header=present",
    "sparql-json": "application/sparql-results+json",
}
_INTEGERS = {
    XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
    XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedInt,
    XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte,
}  # fmt: skip
_NUMBERS = {XSD.decimal, XSD.double, XSD.float}


@dataclass(frozen=True)
class StoredRequest:
    """One call of ``/api/queries/{id}``, checked by the server: a stored query that exists,
    parameter names it declares (each once), a language and a format of ours."""

    query_id: str
    values: tuple[tuple[str, str], ...]
    lang: str
    format: str


@cache
def stored_queries() -> dict[str, StoredQuery]:
    """The bundled catalogue, read once per process (its files do not change while serving)."""
    return catalogue()


def execute_stored(engine, request: StoredRequest) -> Answer:
    """Bind, run and render ``request`` on ``engine``: 200, or a 400 problem in the CLI's words."""
    with language(request.lang):
        try:
            query = stored_queries()[request.query_id]
            pairs = [f"{name}={value}" for name, value in request.values]
            result, labeller = run(query, pairs, engine, request.lang)
        except PimgraphError as error:
            return problem(400, str(error), parameter=_parameter_named(str(error), request))
    if request.format == "sparql-json":
        body = to_json(result)
    elif request.format == "csv":
        body = to_csv(result)
    else:
        body = json.dumps(rows(result, labeller), ensure_ascii=False)
    return 200, FORMATS[request.format], body.encode("utf-8")


def _parameter_named(message: str, request: StoredRequest) -> str | None:
    """The parameter a binding error is about (the binding says '--param NAME: ...' or, for a
    missing one, '... needs --param NAME=<type>')."""
    query = stored_queries().get(request.query_id)
    for parameter in query.parameters if query else ():
        if f"--param {parameter.name}:" in message or f"--param {parameter.name}=" in message:
            return parameter.name
    return None


def rows(result: QueryResult, labeller: Labeller) -> list[dict[str, object]]:
    """The result as a plain array of objects, one per row: every column (null when unbound),
    IRIs and literals as JSON strings, numbers and booleans as JSON's own; and beside a column
    ``x`` holding an IRI, ``x_label``, its label in the chosen language (unless the query
    projects an ``x_label`` of its own)."""
    names = list(result.variables)
    out = []
    for row in result.rows:
        item: dict[str, object] = {}
        for name, term in zip(names, row, strict=True):
            item[name] = plain(term)
            if isinstance(term, URIRef) and f"{name}_label" not in names:
                item[f"{name}_label"] = labeller(term)
        out.append(item)
    return out


def plain(term: Node | None) -> object:
    """One RDF term as a JSON value (see ``rows``)."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype is not None:
        text = str(term).strip()
        try:
            if term.datatype in _INTEGERS:
                return int(text)
            if term.datatype in _NUMBERS:
                number = float(text)
                return number if math.isfinite(number) else str(term)
        except ValueError:  # an ill-typed literal: kept as its text
            return str(term)
        if term.datatype == XSD.boolean and text in ("true", "false", "1", "0"):
            return text in ("true", "1")
    return str(term)
