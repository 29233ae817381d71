"""The web API's pure side (``pimgraph.serve.api``), without an HTTP server: the OpenAPI
document generated from the stored queries, the checks the server makes before a worker runs
anything, the problem documents, and what a worker answers on the bundled graph."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate
from rdflib import BNode, Literal, URIRef

from pimgraph.core.errors import InputError
from pimgraph.serve.api.answers import Reply, check_request, route
from pimgraph.serve.api.openapi import API_PATH, document
from pimgraph.serve.api.stored import StoredRequest, execute_stored, plain
from pimgraph.sparql.catalogue import catalogue, parse_query
from pimgraph.sparql.form import select_columns

QUERIES = catalogue()
SLUPSK = "https://w3id.org/pim/id/city/slupsk"


def _xsd(name: str) -> URIRef:
    return URIRef(f"http://www.w3.org/2001/XMLSchema#{name}")


def _run_on(engine):
    return lambda request: execute_stored(engine, request)


def _get(engine, path: str, query: str = "", accept: str | None = None) -> Reply:
    reply = route("GET", path, query, accept, _run_on(engine))
    assert reply is not None
    return reply


def _problem(reply: Reply, status: int) -> dict:
    assert reply.status == status, reply.body
    assert reply.headers["Content-Type"] == "application/problem+json"
    body = json.loads(reply.body)
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    return body


def test_the_document_is_valid_openapi_3_1() -> None:
    spec = document()
    assert spec["openapi"] == "3.1.0"
    assert spec["servers"] == [{"url": "/"}]  # relative to whichever host serves it
    validate(spec)  # openapi-spec-validator: raises on any error
    validate(document("pl"))


@pytest.mark.parametrize("query_id", sorted(QUERIES))
def test_one_operation_per_stored_query_from_its_headers(query_id: str) -> None:
    query = QUERIES[query_id]
    operation = document()["paths"][f"{API_PATH}{query_id}"]["get"]
    assert operation["operationId"] == query_id
    assert operation["summary"] == query.summary
    assert operation["description"].startswith(query.description)
    assert operation["tags"] == list(query.tags)
    given = {p["name"]: p for p in operation["parameters"] if "name" in p}
    examples = query.example_values()
    for parameter in query.parameters:
        if parameter.name == "lang":  # the shared parameter, an enum
            continue
        spec = given.pop(parameter.name)
        assert spec["in"] == "query" and spec["required"] is parameter.required
        assert parameter.description in spec["description"]
        expected = {"iri": "string", "integer": "integer", "string": "string"}[parameter.type]
        assert spec["schema"]["type"] == expected
        if parameter.type == "iri":
            assert "prefixed name" in spec["description"] and "IRI" in spec["description"]
        if parameter.name in examples:
            assert str(spec["example"]) == examples[parameter.name]
        else:
            assert not parameter.required, "a required parameter needs its example"
    assert not given
    refs = [p["$ref"] for p in operation["parameters"] if "$ref" in p]
    assert refs == ["#/components/parameters/lang", "#/components/parameters/format"]
    row = operation["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    assert tuple(row["required"]) == select_columns(query.text)
    for status in ("400", "404", "406", "503"):
        assert status in operation["responses"]


def test_the_shared_parameters_are_closed_sets_with_the_cli_default() -> None:
    components = document()["components"]
    lang = components["parameters"]["lang"]["schema"]
    assert lang == {"type": "string", "enum": ["pl", "en"], "default": "en"}
    fmt = components["parameters"]["format"]["schema"]
    assert fmt["enum"] == ["json", "csv", "sparql-json"]
    unavailable = components["responses"]["Unavailable"]
    assert "Retry-After" in unavailable["headers"]


def test_a_param_header_must_name_a_parameter_of_the_query() -> None:
    text = "#+ summary: s\n#+ param town: a typo\nSELECT ?x WHERE { ?x a ?_city_iri }\n"
    with pytest.raises(InputError, match="town"):
        parse_query(text, "q")
    good = parse_query(text.replace("town", "city"), "q")
    assert good.parameters[0].description == "a typo"
    assert "param city" not in good.extra


def test_the_server_checks_names_lang_format_and_accept_before_any_worker() -> None:
    def problem(query: str, accept: str | None = None) -> dict:
        reply = check_request("city-profile", query, accept)
        assert isinstance(reply, Reply)
        return json.loads(reply.body)

    unknown = problem("city=Słupsk&town=x")
    assert unknown["status"] == 400 and unknown["parameter"] == "town"
    assert "has no parameter 'town'" in unknown["detail"] and "city" in unknown["detail"]
    twice = problem("city=a&city=b")
    assert twice["parameter"] == "city" and "given twice" in twice["detail"]
    assert problem("city=a&lang=de")["parameter"] == "lang"
    assert problem("city=a&format=xml")["parameter"] == "format"
    assert problem("city=a&lang=en&lang=pl")["parameter"] == "lang"
    assert problem("city=a", "text/html")["status"] == 406
    assert problem("city=%FF")["status"] == 400  # not UTF-8


@pytest.mark.parametrize(
    ("query", "accept", "lang", "fmt"),
    [
        ("", None, "en", "json"),
        ("", "*/*", "en", "json"),
        ("lang=pl", "application/sparql-results+json", "pl", "sparql-json"),
        ("", "text/csv, application/json;q=0.5", "en", "csv"),
        ("format=csv", "application/json", "en", "csv"),  # ?format= beats Accept
        ("format=json", "text/html", "en", "json"),
    ],
)
def test_lang_and_format_by_query_string_and_accept(query, accept, lang, fmt) -> None:
    request = check_request("themes-tree", query, accept)
    assert request == StoredRequest("themes-tree", (), lang, fmt)


def test_unknown_queries_paths_and_methods_are_problems(engine) -> None:
    body = _problem(_get(engine, "/api/queries/city-profil"), 404)
    assert "did you mean city-profile" in body["detail"]
    _problem(_get(engine, "/api/nothing"), 404)
    _problem(_get(engine, "/api/docs/"), 404)
    _problem(_get(engine, "/api/docs/../../handler.py"), 404)
    reply = route("POST", "/api/queries/themes-tree", "", None, _run_on(engine))
    assert reply is not None and reply.headers["Allow"] == "GET, HEAD"
    _problem(reply, 405)


def test_the_docs_page_and_its_files(engine) -> None:
    page = _get(engine, "/api/docs")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    for name in ("docs/swagger-ui.css", "docs/swagger-ui-bundle.js", "docs/api-docs.js"):
        assert name.encode() in page.body
        asset = _get(engine, f"/api/{name}")
        assert asset.status == 200 and asset.body, name
    assert b"validatorUrl: null" in _get(engine, "/api/docs/api-docs.js").body


def test_a_label_with_a_typo_is_a_400_with_the_clis_suggestion_in_the_chosen_language(
    engine,
) -> None:
    en = _problem(_get(engine, "/api/queries/city-profile", "city=Slupskk"), 400)
    assert en["parameter"] == "city"
    assert "did you mean" in en["detail"] and SLUPSK in en["detail"]
    pl = _problem(_get(engine, "/api/queries/city-profile", "city=Slupskk&lang=pl"), 400)
    assert "czy chodziło o" in pl["detail"] and SLUPSK in pl["detail"]
    missing = _problem(_get(engine, "/api/queries/city-profile"), 400)
    assert missing["parameter"] == "city" and "needs" in missing["detail"]
    wrong_type = _problem(_get(engine, "/api/queries/cities-sharing-themes", "min=many"), 400)
    assert wrong_type["parameter"] == "min" and "not an integer" in wrong_type["detail"]


def test_labels_prefixed_names_and_iris_give_the_same_rows(engine) -> None:
    answers = {
        _get(engine, "/api/queries/city-profile", f"city={value}").body
        for value in ("Słupsk", "SŁUPSK", "pimid:city/slupsk", SLUPSK, f"<{SLUPSK}>")
    }
    assert len(answers) == 1
    rows = json.loads(answers.pop())
    assert rows[0] == {"aspect": "name", "value": SLUPSK, "value_label": "Słupsk", "via": None}


def test_json_rows_carry_labels_beside_iris_and_json_numbers(engine) -> None:
    reply = _get(engine, "/api/queries/cities-per-voivodeship", "lang=pl")
    assert reply.status == 200 and reply.headers["Content-Language"] == "pl"
    rows = json.loads(reply.body)
    assert rows and all(isinstance(row["city_count"], int) for row in rows)
    assert all(row["voivodeship"].startswith("https://w3id.org/pim/id/") for row in rows)
    # city-profile's 'via' column holds IRIs and has no via_label of its own: one is added.
    profile = json.loads(_get(engine, "/api/queries/city-profile", "city=Słupsk").body)
    via = [row for row in profile if row["via"]]
    assert via and all(row["via_label"] == engine.label(URIRef(row["via"]), "en") for row in via)


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (None, None),
        (URIRef(SLUPSK), SLUPSK),
        (BNode("b1"), "_:b1"),
        (Literal("Słupsk", lang="pl"), "Słupsk"),
        (Literal("7", datatype=_xsd("integer")), 7),
        (Literal("7", datatype=_xsd("nonNegativeInteger")), 7),
        (Literal("2.5", datatype=_xsd("decimal")), 2.5),
        (Literal("INF", datatype=_xsd("double")), str(Literal("INF", datatype=_xsd("double")))),
        (Literal("true", datatype=_xsd("boolean")), True),
        (Literal("x", datatype=_xsd("integer")), "x"),  # ill-typed: kept as text
        (Literal("2021-01-01", datatype=_xsd("date")), "2021-01-01"),
    ],
)
def test_plain_json_values(term, value) -> None:
    assert plain(term) == value


def test_the_workers_own_answers_become_problems_and_a_503_says_when_to_retry() -> None:
    """What QueryWorkers answers without running the query (all busy, over the time or memory
    limit, the worker died) reaches the client as a problem document; 503s carry Retry-After."""
    busy = (503, "text/plain; charset=utf-8", b"all query workers are busy; try again shortly\n")
    reply = route("GET", "/api/queries/themes-tree", "", None, lambda request: busy)
    assert reply is not None and reply.headers["Retry-After"].isdigit()
    assert _problem(reply, 503)["detail"] == "all query workers are busy; try again shortly"
    died = (500, "text/plain; charset=utf-8", b"the query worker died; a new one is starting\n")
    assert _problem(route("GET", "/api/queries/themes-tree", "", None, lambda r: died), 500)
    # A client that hung up while its query ran: nobody to answer.
    assert route("GET", "/api/queries/themes-tree", "", None, lambda request: None) is None
