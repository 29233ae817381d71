"""Remote queries and push against a real ``oxigraph serve``, and against broken endpoints."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from pimgraph.cli import main
from pimgraph.core.errors import IncompleteResultError, RemoteError, UsageError
from pimgraph.remote.client import Endpoint
from pimgraph.remote.client import query as remote_query
from pimgraph.remote.push import PushTarget, push_graph, staging_graph

from .servers import CuttingProxy, FaultServer, free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MARKER = (
    URIRef("https://w3id.org/pim/id/test/marker"),
    URIRef("https://w3id.org/pim/id/test/p"),
    Literal("old"),
)


def count(url: str, graph: str | None = None) -> int:
    text = (
        COUNT
        if graph is None
        else f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    return int(remote_query(Endpoint(url), text).rows[0][0])


def marker_graph() -> Graph:
    graph = Graph()
    graph.add(MARKER)
    return graph


def test_push_replaces_default_graph_then_queries_answer(oxigraph) -> None:
    result = CliRunner().invoke(
        main, ["push", "--endpoint", oxigraph.query_url, "--store-type", "oxigraph"]
    )
    assert result.exit_code == 0, result.output
    pushed = int(result.output.split("pushed ")[1].split()[0])
    assert count(oxigraph.query_url) == pushed
    result = CliRunner().invoke(
        main,
        ["query", "--endpoint", oxigraph.query_url, "--format", "json", "--file", "-"],
        input="SELECT ?c WHERE { ?c a <https://w3id.org/pim/ontology#City> }",
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["results"]["bindings"]) >= 28


def test_push_auto_detects_oxigraph(oxigraph) -> None:
    from pimgraph.remote.push import detect_store_type

    assert detect_store_type(PushTarget(oxigraph.query_url)) == "oxigraph"


def test_push_into_named_graph_via_update_and_move(oxigraph) -> None:
    graph_iri = "https://w3id.org/pim/graph/test-update"
    target = PushTarget(
        oxigraph.query_url, "update", graph_iri, update_url=oxigraph.base + "/update"
    )
    big = Graph()
    for index in range(2500):
        big.add((URIRef(f"https://w3id.org/pim/id/test/r{index}"), MARKER[1], Literal(index)))
    report = push_graph(big, target, chunk_triples=1000)
    assert report.method == "update"
    assert count(oxigraph.query_url, graph_iri) == 2500
    assert count(oxigraph.query_url, staging_graph(graph_iri)) == 0


def test_empty_graph_is_refused(oxigraph) -> None:
    with pytest.raises(UsageError, match="empty"):
        push_graph(
            Graph(), PushTarget(oxigraph.query_url, "oxigraph", "https://w3id.org/pim/graph/x")
        )


def test_push_cut_midway_leaves_the_old_graph(oxigraph) -> None:
    graph_iri = "https://w3id.org/pim/graph/test-cut"
    push_graph(marker_graph(), PushTarget(oxigraph.query_url, "oxigraph", graph_iri))
    assert count(oxigraph.query_url, graph_iri) == 1
    big = Graph()
    for index in range(5000):
        big.add((URIRef(f"https://w3id.org/pim/id/test/n{index}"), MARKER[1], Literal("new " * 20)))
    with CuttingProxy(oxigraph.port, cut_after=20_000) as proxy:
        target = PushTarget(
            f"http://127.0.0.1:{proxy.port}/query",
            "gsp",
            graph_iri,
            gsp_url=f"http://127.0.0.1:{proxy.port}/store",
            timeout=20,
        )
        with pytest.raises(RemoteError, match="unchanged"):
            push_graph(big, target)
    assert count(oxigraph.query_url, graph_iri) == 1  # the old graph, whole


def test_update_push_cut_midway_leaves_target_and_next_push_cleans_staging(oxigraph) -> None:
    graph_iri = "https://w3id.org/pim/graph/test-cut-update"
    push_graph(marker_graph(), PushTarget(oxigraph.query_url, "oxigraph", graph_iri))
    big = Graph()
    for index in range(3000):
        big.add((URIRef(f"https://w3id.org/pim/id/test/u{index}"), MARKER[1], Literal(index)))
    # Let the first chunks through, then cut: staging holds a part, the target is untouched.
    update_url = oxigraph.base + "/update"
    with CuttingProxy(oxigraph.port, cut_after=10_000_000) as proxy:
        proxy.cut_after = 1  # the proxy serves one connection; cut the first request at once
        target = PushTarget(
            oxigraph.query_url,
            "update",
            graph_iri,
            update_url=f"http://127.0.0.1:{proxy.port}/update",
        )
        with pytest.raises(RemoteError):
            push_graph(big, target, chunk_triples=500)
    assert count(oxigraph.query_url, graph_iri) == 1
    # A leftover staging graph (as a crash would leave) is cleaned by the next push.
    leftover = staging_graph(graph_iri)
    body = f"INSERT DATA {{ GRAPH <{leftover}> {{ <urn:x:a> <urn:x:b> <urn:x:c> }} }}".encode()
    urllib.request.urlopen(
        urllib.request.Request(
            update_url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
    )
    push_graph(
        big,
        PushTarget(oxigraph.query_url, "update", graph_iri, update_url=update_url),
        chunk_triples=500,
    )
    assert count(oxigraph.query_url, graph_iri) == 3000
    assert count(oxigraph.query_url, leftover) == 0


def test_stopped_server_is_one_line_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(main, ["query", "cities-per-network", "--endpoint", url])
    assert result.exit_code == 2
    assert "connection refused" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("mode", "words", "code"),
    [
        ("503", "HTTP 503", 2),
        ("html", "text/html, not SPARQL JSON", 2),
        ("truncated", "truncated or malformed", 2),
        ("partial", "partial results", 1),
    ],
)
def test_broken_endpoints(mode: str, words: str, code: int) -> None:
    with FaultServer(mode) as server:
        result = CliRunner().invoke(
            main, ["query", "cities-per-network", "--endpoint", server.url, "--timeout", "5"]
        )
        assert result.exit_code == code, result.output
        assert words in result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
        if mode == "503":
            assert server.hits == 3  # the first try and two bounded retries, for a read


def test_503_retries_are_bounded_and_typed() -> None:
    with FaultServer("503") as server:
        with pytest.raises(RemoteError):
            remote_query(Endpoint(server.url, retries=1), "ASK {}")
        assert server.hits == 2
    with FaultServer("partial") as server, pytest.raises(IncompleteResultError):
        remote_query(Endpoint(server.url), "SELECT ?s WHERE { ?s ?p ?o }")


def test_password_never_printed(oxigraph, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_PASSWORD", "s3cret-pass")
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(
        main, ["push", "--endpoint", url, "--store-type", "oxigraph", "--user", "alice"]
    )
    assert result.exit_code == 2
    assert "s3cret-pass" not in result.output


def test_remote_injection_attempt_is_refused(oxigraph) -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "city-profile",
            "--endpoint",
            oxigraph.query_url,
            "--param",
            'city=Słupsk" } UNION { ?s ?p ?o } #',
        ],
    )
    assert result.exit_code == 2
    assert "nothing is labelled" in result.output


def test_endpoint_url_must_be_http() -> None:
    result = CliRunner().invoke(
        main, ["query", "cities-per-network", "--endpoint", "file:///etc/passwd"]
    )
    assert result.exit_code == 2 and "not an http(s) URL" in result.output


def _raw_select(url: str, text: str) -> dict:
    data = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_push_streams_the_engine_store_with_a_progress_bar(oxigraph) -> None:
    graph_iri = "https://w3id.org/pim/graph/progress"
    for store_type, extra in (
        ("oxigraph", []),
        ("update", ["--update-url", oxigraph.base + "/update"]),
    ):
        result = CliRunner().invoke(
            main,
            [
                "push",
                "--endpoint",
                oxigraph.query_url,
                "--graph",
                graph_iri,
                "--store-type",
                store_type,
                "--progress",
                *extra,
            ],
        )
        assert result.exit_code == 0, result.output
        assert "pushing [" in result.stderr and "100%" in result.stderr
        pushed = int(result.stdout.split("pushed ")[1].split()[0])
        assert count(oxigraph.query_url, graph_iri) == pushed
