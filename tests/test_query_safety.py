"""Queries never leave the machine unless asked: escape and comment tricks against a canary.

A loopback HTTP server (the canary) records every request. Each trick below would make
Oxigraph (or rdflib, for FROM) send an HTTP request to it; through ``pimgraph query --file``,
stdin, ``--param`` and ``pimgraph serve``'s ``/sparql`` each must be refused with one clean
line (exit 2 / HTTP 400) and the canary must see nothing. With ``--allow-network`` the same
SERVICE does reach the canary, which proves the canary would have noticed.

Also: the W3C SPARQL 1.1 negative syntax tests, each refused with exactly one clean line.
"""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from pimgraph.cli import main
from pimgraph.core.errors import UsageError
from pimgraph.graph.backends.sparql_text import canonical, guard, network_access
from pimgraph.graph.engine import open_engine
from pimgraph.sparql.catalogue import query_form as catalogue_form
from pimgraph.sparql.form import query_form
from pimgraph.sparql.safety import QueryRefused, check_query

from .conftest import need
from .test_serve import Served

EMPTY_RESULTS = (
    b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"x"}}]}}'
)


class Canary:
    """A loopback HTTP server that records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                canary.requests.append((self.command, self.path))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.iri = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def canary():
    server = Canary()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh(canary):
    canary.requests.clear()
    yield


def tricks(port: int) -> dict[str, str]:
    """Queries whose SERVICE / FROM reaches 127.0.0.1:``port`` if the engine reads them so."""
    iri = f"http://127.0.0.1:{port}/"
    escaped_iri = f"\\u0068ttp://127.0.0.1:{port}/"
    return {
        # rdflib saw one long string; Oxigraph saw "\u0022" as a quote inside a string.
        "u0022-in-strings": (
            'SELECT * WHERE { BIND(CONCAT("\\u0022,") AS ?x) SERVICE <' + iri + "> "
            '{ ?a ?b ?c } BIND(CONCAT(",\\u0022d") AS ?y) }'
        ),
        "u0027-in-strings": (
            "SELECT * WHERE { BIND(CONCAT('\\u0027,') AS ?x) SERVICE <" + iri + "> "
            "{ ?a ?b ?c } BIND(CONCAT(',\\u0027d') AS ?y) }"
        ),
        "U00000022-in-strings": (
            'SELECT * WHERE { BIND(CONCAT("\\U00000022,") AS ?x) SERVICE <' + iri + "> "
            '{ ?a ?b ?c } BIND(CONCAT(",\\U00000022d") AS ?y) }'
        ),
        # rdflib's comment ran to the LF; Oxigraph's ended at the bare CR.
        "bare-cr-ends-comment": (
            "SELECT * WHERE { BIND(1 AS ?one) # a note\rSERVICE <" + iri + "> { ?a ?b ?c }\n}"
        ),
        "crlf-ends-comment": (
            "SELECT * WHERE { BIND(1 AS ?one) # a note\r\nSERVICE <" + iri + "> { ?a ?b ?c }\r\n}"
        ),
        "escaped-cr-ends-comment": (
            "SELECT * WHERE { BIND(1 AS ?one) # a note\\u000DSERVICE <" + iri + "> { ?a ?b ?c }\n}"
        ),
        "escapes-in-the-iri": "SELECT * WHERE { SERVICE <" + escaped_iri + "> { ?a ?b ?c } }",
        "escaped-keyword": "SELECT * WHERE { SERV\\u0049CE <" + iri + "> { ?a ?b ?c } }",
        "lowercase-service": "select * where { service <" + iri + "> { ?a ?b ?c } }",
        "service-silent": "SELECT * WHERE { SERVICE SILENT <" + iri + "> { ?a ?b ?c } }",
        "escaped-from": "SELECT * FR\\u004FM <" + iri + "data.ttl> WHERE { ?s ?p ?o }",
        "from-named": "SELECT * FROM NAMED <" + iri + "g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    }


TRICK_NAMES = list(tricks(1))


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("safety") / "tiny.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    return path


def cli(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["query", *args], input=input)


def assert_clean_refusal(result) -> None:
    lines = (result.output or "").strip().splitlines()
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(lines) == 1, result.output


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
@pytest.mark.parametrize("name", TRICK_NAMES)
def test_file_tricks_are_refused_and_send_nothing(canary, tmp_path, name, store) -> None:
    query = tmp_path / "q.rq"
    query.write_bytes(tricks(canary.port)[name].encode("utf-8"))  # CR bytes kept as written
    result = cli("--file", str(query), "--store", store, "--reasoning", "none")
    assert_clean_refusal(result)
    assert canary.requests == []


@pytest.mark.parametrize("name", TRICK_NAMES)
def test_stdin_tricks_are_refused_and_send_nothing(canary, name) -> None:
    result = cli("--file", "-", "--reasoning", "none", input=tricks(canary.port)[name])
    assert_clean_refusal(result)
    assert canary.requests == []


@pytest.mark.parametrize(
    "value",
    [
        "\\u0022) } SERVICE <IRI> { ?a ?b ?c } #",
        'x" ) } SERVICE <IRI> { ?a ?b ?c } #',
        "x\r} SERVICE <IRI> { ?a ?b ?c } #",
        "x\\u000D} SERVICE <IRI> { ?a ?b ?c } #",
    ],
)
def test_param_injection_sends_nothing(canary, tmp_path, value) -> None:
    query = tmp_path / "param.rq"
    query.write_text("SELECT ?x WHERE { BIND(?_word AS ?x) }\n", encoding="utf-8")
    result = cli(
        "--file",
        str(query),
        "--reasoning",
        "none",
        "--param",
        "word=" + value.replace("IRI", canary.iri),
    )
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), result.output
    assert canary.requests == []


def test_allow_network_really_goes_out(canary, tmp_path) -> None:
    """The control: the canary does see a SERVICE call the user allowed."""
    query = tmp_path / "out.rq"
    query.write_text(f"SELECT ?a WHERE {{ SERVICE <{canary.iri}> {{ ?a ?b ?c }} }}\n")
    result = cli("--file", str(query), "--reasoning", "none", "--allow-network", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(canary.requests) == 1 and "x" in result.output


def test_allow_network_lets_an_escaped_iri_out_as_written(canary) -> None:
    text = tricks(canary.port)["escapes-in-the-iri"]
    result = cli("--file", "-", "--reasoning", "none", "--allow-network", input=text)
    assert result.exit_code == 0, result.output
    assert len(canary.requests) == 1


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_the_engine_itself_refuses_without_the_check_in_front(canary, small_data, store) -> None:
    """A caller that skips ``check_query`` still cannot reach the network through an engine."""
    engine = open_engine(
        [small_data], reasoning="none", backend=store, use_cache=False, include_bundled=False
    )
    for name, text in tricks(canary.port).items():
        with pytest.raises(UsageError):
            engine.query(text)
        assert canary.requests == [], name
    with network_access(True):
        engine.query(f"SELECT * WHERE {{ SERVICE <{canary.iri}> {{ ?a ?b ?c }} }}")
    assert len(canary.requests) == 1


def test_guard_keeps_ordinary_words() -> None:
    """Variables, prefixed names, strings, IRIs and comments that say 'service' or 'from'."""
    text = (
        "PREFIX service: <http://example.org/service#>\n"
        "SELECT ?service ?from WHERE { ?service service:from ?from ; <http://x/from> 'load' .\n"
        "  ?from a service:Service # SERVICE <http://127.0.0.1:9/>\n"
        '  FILTER(?from != "FROM <x>") }'
    )
    assert guard(text) == text
    assert check_query(text).form == "SELECT"


def test_canonical_text_is_what_runs() -> None:
    assert canonical('SELECT\r\n*\rWHERE { BIND("\\u00e9" AS ?x) }') == (
        'SELECT\n*\nWHERE { BIND("é" AS ?x) }'
    )
    checked = check_query('ASK { BIND("\\u00e9" AS ?x) }')
    assert checked.text == 'ASK { BIND("é" AS ?x) }' and checked.form == "ASK"
    with pytest.raises(QueryRefused, match="decoded twice"):
        check_query('SELECT * WHERE { BIND("\\\\u00750022" AS ?x) }')
    with pytest.raises(QueryRefused, match="not a Unicode character"):
        check_query('ASK { BIND("\\U0011FFFF" AS ?x) }')


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("PREFIX select: <urn:x#> CONSTRUCT { ?s select:p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("# SELECT\nASK { ?s ?p 'SELECT' }", "ASK"),
        ("DESCR\\u0049BE <urn:x>", "DESCRIBE"),
        ("BASE <urn:select> SELECT * { ?s ?p ?o }", "SELECT"),
    ],
)
def test_one_form_detector(text, form) -> None:
    assert query_form(text) == catalogue_form(text) == form


def test_serve_refuses_every_trick_and_sends_nothing(canary, tmp_path, small_data) -> None:
    served = Served(tmp_path, "--data", str(small_data), "--workers", "1", "--time-limit", "10")
    try:
        for name, text in tricks(canary.port).items():
            for method in ("GET", "POST"):
                status, _, body = served.sparql(text, method=method)
                assert status == 400, (name, method, body)
                assert len(body.decode().strip().splitlines()) == 1, body
            direct = served.request(
                "POST",
                "/sparql",
                {"Content-Type": "application/sparql-query"},
                text.encode("utf-8"),
            )
            assert direct[0] == 400, (name, direct)
        assert canary.requests == []
        status, _, _ = served.sparql("SELECT * WHERE { ?s ?p ?o }")
        assert status == 200
    finally:
        served.stop()


# --- W3C SPARQL 1.1 negative syntax tests -------------------------------------------------

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"

# Known disagreements, by test name, each with why (strict: a fixed one must be removed here).
KNOWN_FAILURES: dict[str, str] = {}


def w3c_sparql_suite() -> Path:
    folder = Path(
        os.environ.get("PIMGRAPH_W3C_SPARQL", Path.home() / ".cache/pimgraph-tests/w3c-sparql11")
    )
    need(
        (folder / "syntax-query" / "manifest.ttl").exists(),
        f"the W3C SPARQL 1.1 suite in {folder}: run tests/tools/fetch-w3c-sparql-suite",
    )
    return folder


def negative_syntax_tests() -> list:
    folder = Path(
        os.environ.get("PIMGRAPH_W3C_SPARQL", Path.home() / ".cache/pimgraph-tests/w3c-sparql11")
    )
    manifest = folder / "syntax-query" / "manifest.ttl"
    if not manifest.exists():
        return [pytest.param(None, id="suite-missing")]
    graph = Graph().parse(manifest, format="turtle")
    params = []
    for test in graph.subjects(RDF.type, URIRef(MF + "NegativeSyntaxTest11")):
        name = str(graph.value(test, URIRef(MF + "name")))
        action = Path(str(graph.value(test, URIRef(MF + "action"))).removeprefix("file://"))
        marks = (
            [pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[name])]
            if name in KNOWN_FAILURES
            else []
        )
        params.append(pytest.param(action, id=name, marks=marks))
    return sorted(params, key=lambda p: p.id)


@pytest.mark.parametrize("action", negative_syntax_tests())
def test_w3c_negative_syntax_query_is_refused_in_one_line(action) -> None:
    w3c_sparql_suite()
    result = cli("--file", str(action), "--reasoning", "none")
    assert_clean_refusal(result)
