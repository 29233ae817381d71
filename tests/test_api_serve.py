"""The web API over real HTTP, on a ``pimgraph serve`` subprocess: every stored query answers
what ``pimgraph query`` answers (JSON rows, SPARQL JSON and CSV, in both languages), the problem
documents and 503s, and schemathesis run from the server's own OpenAPI document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from pimgraph.cli import main
from pimgraph.sparql.catalogue import catalogue

from .test_serve import Served

QUERIES = catalogue()
TIME_LIMIT = 10  # seconds: --time-limit of the server, and schemathesis' --max-response-time
SCHEMATHESIS_EXAMPLES = 50  # per operation
SCHEMATHESIS_SEED = 20261202
SCHEMATHESIS_BUDGET = 600  # seconds for the whole run (it takes about 90 on two cores)
_NUMBERS = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in ("decimal", "double", "float")}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Served(tmp_path_factory.mktemp("api"), "--time-limit", str(TIME_LIMIT))
    yield server
    server.stop()


def _get(served, query_id: str, values: dict[str, str], accept: str | None = None):
    path = f"/api/queries/{query_id}?" + urllib.parse.urlencode(values)
    return served.request("GET", path, {"Accept": accept} if accept else {})


def _cli(query_id: str, values: dict[str, str], fmt: str, lang: str) -> bytes:
    args = ["query", query_id, "--format", fmt, "--lang", lang]
    for name, value in values.items():
        args += ["--param", f"{name}={value}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes  # as written: CSV keeps its CRLF line ends


def _expected_value(binding: dict | None) -> object:
    """What the API's JSON row holds for one SPARQL JSON binding (written out independently)."""
    if binding is None:
        return None
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    datatype = binding.get("datatype", "")
    if datatype.endswith("#integer") or datatype.endswith("Integer"):
        return int(binding["value"])
    if datatype in _NUMBERS:
        return float(binding["value"])
    if datatype.endswith("#boolean"):
        return binding["value"] in ("true", "1")
    return binding["value"]


@pytest.mark.parametrize("query_id", sorted(QUERIES))
def test_every_stored_query_answers_as_pimgraph_query(served, engine, query_id: str) -> None:
    values = QUERIES[query_id].example_values()
    for lang in ("en", "pl"):
        cli = json.loads(_cli(query_id, values, "json", lang))
        asked = {**values, "lang": lang}

        status, headers, body = _get(served, query_id, asked, "application/sparql-results+json")
        assert status == 200 and headers["content-type"] == "application/sparql-results+json"
        assert json.loads(body) == cli, "SPARQL JSON differs from pimgraph query --format json"

        status, headers, body = _get(served, query_id, asked)
        assert status == 200 and headers["content-type"] == "application/json", body
        assert headers["content-language"] == lang
        rows, names = json.loads(body), cli["head"]["vars"]
        assert len(rows) == len(cli["results"]["bindings"])
        for row, binding in zip(rows, cli["results"]["bindings"], strict=True):
            expected = {name: _expected_value(binding.get(name)) for name in names}
            for name in names:
                if binding.get(name, {}).get("type") == "uri" and f"{name}_label" not in names:
                    expected[f"{name}_label"] = engine.label(URIRef(binding[name]["value"]), lang)
            assert row == expected

    status, headers, body = _get(served, query_id, {**values, "format": "csv"})
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body == _cli(query_id, values, "csv", "en")  # the same bytes


def _problem(response, status: int) -> dict:
    code, headers, body = response
    assert code == status, body
    assert headers["content-type"] == "application/problem+json"
    return json.loads(body)


def test_problems_over_http(served) -> None:
    assert (
        "did you mean" in _problem(served.request("GET", "/api/queries/city-profil"), 404)["detail"]
    )
    unknown = _problem(_get(served, "city-profile", {"city": "Słupsk", "town": "x"}), 400)
    assert unknown["parameter"] == "town"
    typo = _problem(_get(served, "city-profile", {"city": "Slupskk", "lang": "pl"}), 400)
    assert "czy chodziło o" in typo["detail"] and typo["parameter"] == "city"
    _problem(_get(served, "themes-tree", {}, "text/html"), 406)
    method = served.request("DELETE", "/api/queries/themes-tree")
    assert _problem(method, 405) and method[1]["allow"] == "GET, HEAD"
    status, headers, body = served.request("HEAD", "/api/queries/themes-tree")
    assert status == 200 and body == b"" and headers["content-type"] == "application/json"


def test_the_document_and_the_docs_page_are_served(served) -> None:
    status, headers, body = served.request("GET", "/api")
    assert status == 200 and headers["content-type"] == "application/json"
    paths = json.loads(body)["paths"]
    assert sorted(paths) == sorted(f"/api/queries/{query_id}" for query_id in QUERIES)
    status, headers, body = served.request("GET", "/api/docs")
    assert status == 200 and b"swagger-ui-bundle.js" in body


def _many_cities(path: Path, count: int) -> Path:
    """``count`` extra cities sharing one theme: cities-sharing-themes has count² / 2 pairs."""
    lines = [
        "@prefix pim: <https://w3id.org/pim/ontology#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
    ]
    lines += [
        f'<https://w3id.org/pim/id/city/load-{i}> a pim:City ; rdfs:label "Load {i}"@pl ; '
        "pim:hasTheme <https://w3id.org/pim/id/theme/smart-city> ."
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_query_over_the_time_limit_is_a_503_problem_and_the_api_recovers(
    served, tmp_path
) -> None:
    """A stored query that cannot finish within the limit (80,000 pairs of cities, many seconds
    on any machine, against a limit of 1 s) is cancelled in its worker: 503, a problem document,
    Retry-After; the worker is replaced and the API answers again."""
    extra = _many_cities(tmp_path / "many-cities.ttl", 400)
    site = str(served.site_folder())
    args = ("--site", site, "--data", str(extra), "--workers", "1", "--time-limit", "1")
    slow = Served(tmp_path, *args)
    try:
        status, headers, body = _get(slow, "cities-sharing-themes", {})
        assert status == 503, body
        assert headers["content-type"] == "application/problem+json"
        assert int(headers["retry-after"]) > 0
        assert "time limit of 1 s" in json.loads(body)["detail"]
        for _attempt in range(120):  # the replacement worker loads the graph meanwhile
            status, headers, body = _get(slow, "themes-tree", {})
            if status == 200:
                break
            assert status == 503 and "busy" in json.loads(body)["detail"], body
            assert "retry-after" in headers
            time.sleep(0.5)
        assert status == 200
    finally:
        slow.stop()


def test_schemathesis_finds_nothing_wrong_against_the_live_server(served, tmp_path) -> None:
    """Property-based testing from the server's own OpenAPI document: every operation, positive
    and negative data, at most 50 examples each, a fixed seed; no 5xx, no response outside its
    documented status codes, content types and schemas, none slower than the time limit.
    (Not --max-time: schemathesis would keep fuzzing until that time is spent.)"""
    report = tmp_path / "schemathesis.json"
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{served.base}/api",
        "--checks",
        "not_a_server_error,response_schema_conformance,status_code_conformance,"
        "content_type_conformance",
        "--max-examples",
        str(SCHEMATHESIS_EXAMPLES),
        "--seed",
        str(SCHEMATHESIS_SEED),
        "--max-response-time",
        str(TIME_LIMIT),
        "--mode",
        "all",
        "--workers",
        "1",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    env = {**os.environ, "SCHEMATHESIS_TELEMETRY": "false", "NO_COLOR": "1"}
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=SCHEMATHESIS_BUDGET + 120
    )
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]
    figures = json.loads(report.read_text(encoding="utf-8"))
    assert figures["complete"] and not figures["failures"] and not figures["errors"]
    assert figures["test_cases"]["generated"] >= len(QUERIES)
    tested = {name.split(" ", 1)[1] for name in figures["valid_rates"]}
    assert tested == {f"/api/queries/{query_id}" for query_id in QUERIES}
