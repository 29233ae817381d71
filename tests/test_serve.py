"""``pimgraph serve`` as a real subprocess: content negotiation, the site's files, and the
read-only SPARQL endpoint (formats, refusals, time limit, SPARQLWrapper, ``pimgraph query``)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from pimgraph.cli import main
from pimgraph.core.namespaces import PIM
from pimgraph.graph.engine import open_engine
from pimgraph.publish.paths import resource_stem

from .servers import free_port, stop_process
from .test_publish import HOSTILE_IRIS, write_extra

SLUPSK = "https://w3id.org/pim/id/city/slupsk"
CITIES = "SELECT ?city WHERE { ?city a pim:City } ORDER BY ?city"


def pimgraph_command() -> list[str]:
    script = Path(sys.executable).parent / "pimgraph"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from pimgraph.cli import main; sys.exit(main())"]


class Served:
    """A ``pimgraph serve`` we started, on a free loopback port."""

    def __init__(self, folder: Path, *args: str, host: str = "127.0.0.1"):
        self.port = free_port()
        self.host = host
        self.base = f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"
        self.log_path = folder / f"serve-{self.port}.log"
        env = {**os.environ, "PIMGRAPH_CACHE_DIR": str(folder / "cache")}
        where = ["--host", host] if host != "127.0.0.1" else []
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [*pimgraph_command(), "serve", "--port", str(self.port), *where, *args],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pimgraph serve exited: {self.log_path.read_text()}")
            try:
                if self.request("GET", "/index.en.html")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        stop_process(self.process)
        raise RuntimeError(f"pimgraph serve did not answer: {self.log_path.read_text()}")

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        timeout: float = 60,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request with the path sent exactly as given (no normalisation, no redirects)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()

    def sparql(
        self,
        query: str,
        accept: str = "application/sparql-results+json",
        method: str = "POST",
        **extra,
    ) -> tuple[int, dict[str, str], bytes]:
        params = urllib.parse.urlencode({"query": query, **extra})
        if method == "GET":
            return self.request("GET", f"/sparql?{params}", {"Accept": accept})
        return self.request(
            "POST",
            "/sparql",
            {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            params.encode(),
        )

    def site_folder(self) -> Path:
        match = re.search(r"serving (\S+) at ", self.log_path.read_text())
        assert match, self.log_path.read_text()
        return Path(match.group(1))

    def stop(self) -> None:
        stop_process(self.process)


@pytest.fixture(scope="module")
def extra(tmp_path_factory) -> Path:
    return write_extra(tmp_path_factory.mktemp("serve-data"))


@pytest.fixture(scope="module")
def served(tmp_path_factory, extra):
    folder = tmp_path_factory.mktemp("serve")
    server = Served(folder, "--data", str(extra), "--time-limit", "3", "--workers", "2")
    site = server.site_folder()
    yield server
    server.stop()
    assert not site.exists(), "the temporary site must be removed when the server stops"


@pytest.fixture(scope="module")
def engine(extra):
    return open_engine([extra], use_cache=False)


def test_a_city_iri_answers_turtle_json_ld_or_html(served) -> None:
    status, headers, body = served.request("GET", "/id/city/slupsk", {"Accept": "text/turtle"})
    assert status == 303 and headers["location"] == "/id/city/slupsk.ttl"
    assert "Accept" in headers["vary"]
    # Without following the redirect (like plain curl), the answer is already the city's Turtle.
    assert headers["content-type"].startswith("text/turtle")
    assert (URIRef(SLUPSK), None, None) in Graph().parse(data=body.decode("utf-8"), format="turtle")
    status, headers, body = served.request("GET", headers["location"])
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (URIRef(SLUPSK), None, None) in graph and len(set(graph.subjects())) == 1

    status, headers, _ = served.request("GET", "/id/city/slupsk", {"Accept": "application/ld+json"})
    assert status == 303
    status, headers, body = served.request("GET", headers["location"])
    assert headers["content-type"].startswith("application/ld+json")
    assert (URIRef(SLUPSK), None, None) in Graph().parse(
        data=body.decode("utf-8"), format="json-ld"
    )

    browser = {
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5",
    }
    status, headers, _ = served.request("GET", "/id/city/slupsk", browser)
    assert status == 303 and headers["location"] == "/id/city/slupsk.pl.html"
    status, headers, body = served.request("GET", headers["location"])
    assert (
        headers["content-type"] == "text/html; charset=utf-8"
        and '<html lang="pl">' in body.decode()
    )
    assert (
        served.request("GET", "/id/city/slupsk", {"Accept": "*/*"})[1]["location"]
        == "/id/city/slupsk.en.html"
    )


def test_an_unacceptable_type_gets_406_and_an_unknown_resource_404(served) -> None:
    assert served.request("GET", "/id/city/slupsk", {"Accept": "image/png"})[0] == 406
    assert served.request("GET", "/ontology", {"Accept": "image/png"})[0] == 406
    assert served.request("GET", "/id/city/no-such-city", {"Accept": "text/turtle"})[0] == 404


def test_ontology_catalogue_and_void_resolve(served) -> None:
    for path, accept, location in (
        ("/ontology", "text/turtle", "/ontology/pim.ttl"),
        ("/ontology/0.1.0", "application/rdf+xml", "/ontology/pim.rdf"),
        ("/ontology", "text/html", "/ontology/index.en.html"),
        ("/catalog", "text/turtle", "/catalog.ttl"),
        ("/", "text/html", "/index.en.html"),
    ):
        status, headers, _ = served.request("GET", path, {"Accept": accept})
        assert (status, headers.get("location")) == (303, location), path
        assert served.request("GET", location)[0] == 200
    status, headers, body = served.request("GET", "/.well-known/void")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=body.decode("utf-8"), format="turtle")) > 0
    status, headers, body = served.request("HEAD", "/ontology/pim.ttl")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_hostile_paths_serve_nothing_outside_the_site(served) -> None:
    status, headers, _ = served.request("GET", "/id/city/..%2F..%2Fetc", {"Accept": "text/turtle"})
    assert status == 303
    assert headers["location"] == f"/{resource_stem(HOSTILE_IRIS[0])}.ttl"
    status, _, body = served.request("GET", headers["location"])
    assert status == 200 and HOSTILE_IRIS[0] in body.decode("utf-8")
    for path in (
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/id/../../../etc/passwd",
        "/.htaccess",
        "/.pimgraph-site",
        "/id/city/%00",
        "/dumps/../../../etc/passwd",
    ):
        status, _, body = served.request("GET", path)
        assert status in (400, 404), path
        assert b"root:" not in body


def test_sparql_answers_in_every_result_format(served, engine) -> None:
    expected = [str(row[0]) for row in engine.query(CITIES).rows]
    for method in ("GET", "POST"):
        status, headers, body = served.sparql(CITIES, method=method)
        assert status == 200 and headers["content-type"].startswith(
            "application/sparql-results+json"
        )
        rows = json.loads(body)["results"]["bindings"]
        assert [row["city"]["value"] for row in rows] == expected
    status, headers, body = served.request(
        "POST",
        "/sparql",
        {"Accept": "text/csv", "Content-Type": "application/sparql-query"},
        CITIES.encode(),
    )
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert [row[0] for row in csv.reader(io.StringIO(body.decode()))][1:] == expected
    status, headers, body = served.sparql(CITIES, accept="text/tab-separated-values")
    assert body.decode().splitlines()[1:] == [f"<{iri}>" for iri in expected]
    status, headers, body = served.sparql(CITIES, accept="application/sparql-results+xml")
    assert headers["content-type"].startswith("application/sparql-results+xml")
    assert re.findall(r"<uri>([^<]+)</uri>", body.decode()) == expected
    status, _, body = served.sparql("ASK { ?c a pim:City }")
    assert json.loads(body)["boolean"] is True
    status, headers, body = served.sparql(f"DESCRIBE <{SLUPSK}>", accept="text/turtle")
    assert status == 200 and (URIRef(SLUPSK), None, None) in Graph().parse(
        data=body.decode(), format="turtle"
    )


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
        ("DROP ALL", "read-only"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
        ("SELEKT nonsense", "syntax error"),
    ],
)
def test_updates_service_from_and_bad_syntax_get_400(served, query, needle) -> None:
    status, _, body = served.sparql(query)
    assert status == 400 and needle in body.decode()


def test_other_refusals(served) -> None:
    status, _, body = served.request(
        "POST",
        "/sparql",
        {"Content-Type": "application/x-www-form-urlencoded"},
        urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
    )
    assert status == 400 and "read-only" in body.decode()
    status, _, _ = served.request(
        "POST", "/sparql", {"Content-Type": "application/sparql-update"}, b"CLEAR ALL"
    )
    assert status == 400
    status, _, body = served.sparql(CITIES, accept="image/png")
    assert status == 406 and "application/sparql-results+json" in body.decode()
    assert served.sparql("ASK {}", accept="text/csv")[0] == 406
    assert served.sparql(CITIES, **{"default-graph-uri": "https://w3id.org/pim/graph/x"})[0] == 400
    assert served.request("POST", "/sparql", {"Content-Type": "text/plain"}, b"x")[0] == 415
    assert served.request("POST", "/index.en.html", {"Content-Type": "text/plain"}, b"x")[0] == 405


def test_sparql_without_a_query_leads_to_the_query_page(served) -> None:
    status, headers, _ = served.request(
        "GET", "/sparql", {"Accept": "text/html", "Accept-Language": "pl"}
    )
    assert (status, headers["location"]) == (303, "/query.pl.html")
    status, headers, body = served.request("GET", "/sparql", {"Accept": "text/turtle"})
    assert status == 200 and "sparql-service-description" in body.decode()


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_opening_sparql_with_a_query_gets_the_editor_with_it(served) -> None:
    query = 'SELECT ?c WHERE { ?c a pim:City ; rdfs:label "Słupsk"@pl } # & ?x=1'
    status, headers, _ = served.request(
        "GET",
        "/sparql?" + urllib.parse.urlencode({"query": query}),
        {"Accept": BROWSER_ACCEPT, "Accept-Language": "en"},
    )
    assert status == 303
    target = urllib.parse.urlsplit(headers["location"])
    assert target.path == "/query.en.html"
    assert urllib.parse.parse_qs(target.query) == {"query": [query]}
    # SPARQL clients keep getting results: */* and the result types are not HTML.
    for accept in ("*/*", "application/sparql-results+json"):
        status, headers, body = served.sparql(query, accept=accept, method="GET")
        assert status == 200 and "location" not in headers, accept
        assert json.loads(body)["results"]["bindings"], accept


def test_a_query_over_the_time_limit_is_cancelled_and_the_endpoint_recovers(served) -> None:
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = served.sparql(endless)
    assert status == 503 and "time limit of 3 s" in body.decode()
    # The killed worker is replaced; the other one answers meanwhile.
    for _ in range(3):
        status, _, body = served.sparql("ASK { ?c a pim:City }")
        assert status == 200 and json.loads(body)["boolean"] is True


def test_sparqlwrapper_works_against_serve(served, engine) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(served.base + "/sparql")
    client.setQuery(CITIES)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [row["city"]["value"] for row in rows] == [
        str(row[0]) for row in engine.query(CITIES).rows
    ]


def test_pimgraph_query_endpoint_gives_the_local_answer(served, extra) -> None:
    runner = CliRunner()
    remote = runner.invoke(
        main,
        [
            "query",
            "cities-sharing-themes",
            "--format",
            "json",
            "--endpoint",
            served.base + "/sparql",
        ],
    )
    assert remote.exit_code == 0, remote.output
    local = runner.invoke(
        main, ["query", "cities-sharing-themes", "--format", "json", "--data", str(extra)]
    )
    assert local.exit_code == 0, local.output

    def rows(output: str) -> list[tuple]:
        document = json.loads(output)
        return [
            tuple(sorted((k, v["value"]) for k, v in row.items()))
            for row in document["results"]["bindings"]
        ]

    assert rows(remote.output) == rows(local.output) and rows(remote.output)
    ad_hoc = runner.invoke(
        main,
        ["query", "--file", "-", "--format", "csv", "--endpoint", served.base + "/sparql"],
        input=f"SELECT ?c WHERE {{ ?c a <{PIM.City}> }}",
    )
    assert ad_hoc.exit_code == 0 and SLUPSK in ad_hoc.output


def test_serve_refuses_a_folder_that_is_not_a_site(tmp_path) -> None:
    result = subprocess.run(
        [*pimgraph_command(), "serve", "--site", str(tmp_path), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PIMGRAPH_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert result.returncode == 2
    assert (
        "not a site built by 'pimgraph publish'" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_a_malformed_content_length_is_a_bad_request_not_a_big_one(served) -> None:
    for declared in ("abc", "-1", "1e3"):
        status, _, body = served.request(
            "POST",
            "/sparql",
            {"Content-Type": "application/sparql-query", "Content-Length": declared},
            body=b"",
        )
        assert status == 400, (declared, body)
        assert b"Content-Length" in body
