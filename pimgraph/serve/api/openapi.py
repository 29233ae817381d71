"""The OpenAPI 3.1 document of the web API, generated from the stored queries' headers.

One operation per stored query (``GET /api/queries/{id}``, operationId the query's id): its
summary, description and tags are the ``#+`` header lines; its parameters are the query's
BASIL variables with JSON Schema types from their suffixes (``?_city_iri`` a required string,
``?__min_integer`` an optional integer), described by ``#+ param <name>:`` lines, with the value
of the ``#+ example:`` line as the example; the JSON rows' columns are the query's SELECT clause.
``pimgraph queries --format json`` lists the same facts.
"""

from __future__ import annotations

from functools import cache

from pimgraph import __version__
from pimgraph.core.choices import DEFAULT_LANGUAGE, LANGUAGES
from pimgraph.core.messages import N_, _
from pimgraph.serve.api.problems import PROBLEM
from pimgraph.serve.api.stored import FORMATS, stored_queries
from pimgraph.sparql.catalogue import Parameter, StoredQuery
from pimgraph.sparql.form import select_columns

API_PATH = "/api/queries/"
# The bounds of an integer the binding accepts (at most 18 digits, sparql.binding.to_term).
_INTEGER_BOUND = 10**18 - 1
_SCALAR = {"type": ["string", "number", "boolean", "null"]}
_TYPES: dict[str, dict] = {
    "iri": {"type": "string", "minLength": 1},
    "integer": {"type": "integer", "minimum": -_INTEGER_BOUND, "maximum": _INTEGER_BOUND},
    "decimal": {"type": "string", "pattern": r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*$"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
}
_IRI_HELP = N_(
    "A label in Polish or English (as in 'pimgraph query --param'), a prefixed name such as "
    "pimid:city/slupsk, or a full IRI; an unknown or ambiguous label is a 400 problem that lists "
    "the candidates."
)
_LANG_HELP = N_(
    "Language of the labels in the answer and of the error messages; the query's own language "
    "parameter. The same as 'pimgraph query --lang'."
)
_FORMAT_HELP = N_(
    "The answer's format, instead of the Accept header: json (an array of objects, one per row, "
    "with labels), csv (W3C SPARQL 1.1 CSV) or sparql-json (SPARQL 1.1 Query Results JSON)."
)
_ROWS_HELP = N_(
    "One object per row: every column of the query (null when unbound); beside a column x that "
    "holds an IRI, x_label is its label in the chosen language."
)


def _parameter(parameter: Parameter, example: str | None, lang: str) -> dict:
    text = parameter.description
    if parameter.type == "iri":
        text = f"{text} {_(_IRI_HELP, lang=lang)}".strip()
    spec: dict = {
        "name": parameter.name,
        "in": "query",
        "required": parameter.required,
        "description": text,
        "schema": dict(_TYPES.get(parameter.type, {"type": "string"})),
    }
    if example is not None:
        spec["example"] = int(example) if parameter.type == "integer" else example
    return spec


def _responses(query: StoredQuery, lang: str) -> dict:
    columns = select_columns(query.text) or ()
    row = {
        "type": "object",
        "description": _(_ROWS_HELP, lang=lang),
        "required": list(columns),
        "properties": {column: _SCALAR for column in columns},
        "additionalProperties": {"type": "string"},
    }
    return {
        "200": {
            "description": query.summary,
            "content": {
                FORMATS["json"].split(";")[0]: {"schema": {"type": "array", "items": row}},
                FORMATS["sparql-json"]: {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        },
        **{
            status: {"$ref": f"#/components/responses/{name}"}
            for status, name in (
                ("400", "BadRequest"),
                ("404", "NotFound"),
                ("406", "NotAcceptable"),
            )
        },
        "503": {"$ref": "#/components/responses/Unavailable"},
    }


def operation(query: StoredQuery, lang: str = DEFAULT_LANGUAGE) -> dict:
    """The OpenAPI operation that runs ``query``."""
    examples = query.example_values()
    parameters = [
        _parameter(p, examples.get(p.name), lang) for p in query.parameters if p.name != "lang"
    ]
    command = query.extra.get("example") or f"pimgraph query {query.id}"
    return {
        "operationId": query.id,
        "summary": query.summary,
        "description": f"{query.description}\n\n`{command}`".strip(),
        "tags": list(query.tags),
        "parameters": parameters
        + [{"$ref": "#/components/parameters/lang"}, {"$ref": "#/components/parameters/format"}],
        "responses": _responses(query, lang),
    }


def _problem_response(text: str, headers: dict | None = None) -> dict:
    response: dict = {
        "description": text,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if headers:
        response["headers"] = headers
    return response


_TERM = {
    "type": "object",
    "required": ["type", "value"],
    "properties": {
        "type": {"enum": ["uri", "literal", "bnode"]},
        "value": {"type": "string"},
        "xml:lang": {"type": "string"},
        "datatype": {"type": "string"},
    },
}

_SCHEMAS = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "parameter": {"type": "string"},
        },
    },
    "SparqlResults": {
        "type": "object",
        "required": ["head", "results"],
        "properties": {
            "head": {
                "type": "object",
                "properties": {"vars": {"type": "array", "items": {"type": "string"}}},
            },
            "results": {
                "type": "object",
                "properties": {
                    "bindings": {
                        "type": "array",
                        "items": {"type": "object", "additionalProperties": _TERM},
                    }
                },
            },
        },
    },
}


def _components(lang: str) -> dict:
    return {
        "parameters": {
            "lang": {
                "name": "lang",
                "in": "query",
                "description": _(_LANG_HELP, lang=lang),
                "schema": {"type": "string", "enum": list(LANGUAGES), "default": DEFAULT_LANGUAGE},
            },
            "format": {
                "name": "format",
                "in": "query",
                "description": _(_FORMAT_HELP, lang=lang),
                "schema": {"type": "string", "enum": list(FORMATS)},
            },
        },
        "schemas": _SCHEMAS,
        "responses": _responses_component(lang),
        "headers": {
            "Retry-After": {
                "description": _("Seconds to wait before trying again", lang=lang),
                "schema": {"type": "integer", "minimum": 0},
            }
        },
    }


def _responses_component(lang: str) -> dict:
    return {
        "BadRequest": _problem_response(
            _("A parameter is unknown, given twice, of the wrong type, or names nothing", lang=lang)
        ),
        "NotFound": _problem_response(_("No stored query has this id", lang=lang)),
        "NotAcceptable": _problem_response(
            _("None of the accepted media types is offered", lang=lang)
        ),
        "Unavailable": _problem_response(
            _(
                "Every query worker is busy, or the query ran over the server's time or memory "
                "limit",
                lang=lang,
            ),
            {"Retry-After": {"$ref": "#/components/headers/Retry-After"}},
        ),
    }


@cache
def document(lang: str = DEFAULT_LANGUAGE) -> dict:
    """The whole OpenAPI 3.1 document (the bundled catalogue does not change while serving)."""
    queries = sorted(stored_queries().values(), key=lambda q: q.id)
    tags = sorted({tag for query in queries for tag in query.tags}, key=str.lower)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("pimgraph: the stored questions as a web API", lang=lang),
            "version": __version__,
            "description": _(
                "Every stored query of pimgraph (the linked open data of Poland's Partnership "
                "Initiative of Cities) as a GET with parameters: the same answers as 'pimgraph "
                "query ID --param name=value', as JSON rows with labels, SPARQL JSON or CSV.",
                lang=lang,
            ),
            "license": {"name": "CC BY 4.0 (data)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": tag} for tag in tags],
        "paths": {f"{API_PATH}{q.id}": {"get": operation(q, lang)} for q in queries},
        "components": _components(lang),
    }


def api_call(query: StoredQuery) -> str:
    """The web API call of the query's ``#+ example:`` line, as a person reads it
    (``/api/queries/city-profile?city=Słupsk``); ``urllib.parse.quote(call, safe="/?=&")`` is
    the URL to request."""
    values = query.example_values()
    pairs = "&".join(f"{name}={value}" for name, value in values.items())
    return f"{API_PATH}{query.id}" + (f"?{pairs}" if pairs else "")
