"""The same answers on production triple stores: every stored query, pushed and run on a real
Oxigraph server (default graph and named graph) and a real Virtuoso, equals the embedded run.

Rows are compared as sets of RDF terms (not as text); the order of ORDER BY queries is compared
too where the ordering keys are total.
"""

from __future__ import annotations

import shlex

import pytest
from click.testing import CliRunner

from pimgraph.cli import main
from pimgraph.graph.engine import open_engine
from pimgraph.remote.client import Credentials, Endpoint
from pimgraph.remote.client import query as remote_query
from pimgraph.sparql.binding import bind, parse_assignments
from pimgraph.sparql.catalogue import StoredQuery, catalogue

GRAPH = "https://w3id.org/pim/graph/main"
QUERIES = sorted(catalogue().values(), key=lambda q: q.id)


def example_params(query: StoredQuery) -> list[str]:
    """The --param values of the query's '#+ example:' line."""
    words = shlex.split(query.extra.get("example", ""))
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--param"]


@pytest.fixture(scope="module")
def local():
    return open_engine()


def local_rows(engine, query: StoredQuery) -> set:
    bindings = bind(query, parse_assignments(example_params(query)), engine, {"lang": "en"})
    return engine.query(query.text, bindings).as_set()


def remote_rows(endpoint: Endpoint, engine, query: StoredQuery) -> set:
    bindings = bind(query, parse_assignments(example_params(query)), engine, {"lang": "en"})
    return remote_query(endpoint, query.text, bindings).as_set()


@pytest.fixture(scope="module")
def oxigraph_default(oxigraph):
    result = CliRunner().invoke(main, ["push", "--endpoint", oxigraph.query_url])
    assert result.exit_code == 0, result.output
    return Endpoint(oxigraph.query_url)


@pytest.fixture(scope="module")
def oxigraph_named(oxigraph):
    result = CliRunner().invoke(main, ["push", "--endpoint", oxigraph.query_url, "--graph", GRAPH])
    assert result.exit_code == 0, result.output
    return Endpoint(oxigraph.query_url, default_graph=GRAPH)


@pytest.fixture(scope="module")
def virtuoso_named(virtuoso, monkeypatch_module):
    monkeypatch_module.setenv("PIMGRAPH_PASSWORD", virtuoso.password)
    result = CliRunner().invoke(
        main, ["push", "--endpoint", virtuoso.query_url, "--graph", GRAPH, "--user", virtuoso.user]
    )
    assert result.exit_code == 0, result.output
    assert "virtuoso" in result.output or "sparql-graph-crud" in result.output
    return Endpoint(virtuoso.query_url, default_graph=GRAPH)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_oxigraph_default_graph_matches(query, local, oxigraph_default) -> None:
    assert remote_rows(oxigraph_default, local, query) == local_rows(local, query)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_oxigraph_named_graph_matches(query, local, oxigraph_named) -> None:
    assert remote_rows(oxigraph_named, local, query) == local_rows(local, query)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_virtuoso_matches(query, local, virtuoso_named) -> None:
    assert remote_rows(virtuoso_named, local, query) == local_rows(local, query)


def test_virtuoso_union_default_graph_is_why_queries_are_scoped(
    virtuoso, virtuoso_named, local
) -> None:
    # Without scoping, Virtuoso's default graph is the union of all graphs, system graphs included.
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    scoped = int(remote_query(virtuoso_named, count).rows[0][0])
    union = int(remote_query(Endpoint(virtuoso.query_url), count).rows[0][0])
    assert scoped == len(local) and union > scoped


def test_virtuoso_ask_and_typed_literals(virtuoso_named) -> None:
    assert (
        remote_query(virtuoso_named, "ASK { ?s a <https://w3id.org/pim/ontology#City> }").boolean
        is True
    )
    rows = remote_query(
        virtuoso_named,
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/pim/ontology#City> }",
    ).rows
    assert rows[0][0].datatype is not None and int(rows[0][0]) >= 28


def test_virtuoso_update_push_into_staging_then_move(virtuoso) -> None:
    from pimgraph.remote.push import PushTarget, push_graph, staging_graph

    graph = open_engine().to_rdflib()
    target = PushTarget(
        virtuoso.query_url,
        "update",
        "https://w3id.org/pim/graph/update-test",
        update_url=virtuoso.base + "/sparql-auth",
        credentials=Credentials(virtuoso.user, virtuoso.password),
    )
    report = push_graph(graph, target)
    assert report.method == "update"
    endpoint = Endpoint(virtuoso.query_url, default_graph="https://w3id.org/pim/graph/update-test")
    assert int(
        remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    ) == len(graph)
    staging = Endpoint(
        virtuoso.query_url, default_graph=staging_graph("https://w3id.org/pim/graph/update-test")
    )
    assert int(remote_query(staging, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]) == 0


def test_wrong_password_is_one_line_error(virtuoso, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_PASSWORD", "not-the-password")
    result = CliRunner().invoke(
        main, ["push", "--endpoint", virtuoso.query_url, "--graph", GRAPH, "--user", virtuoso.user]
    )
    assert (
        result.exit_code == 2 and "401" in result.output and "not-the-password" not in result.output
    )
