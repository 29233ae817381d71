"""The two local backends agree, inference is equivalent, and the cache invalidates correctly."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph

from pimgraph.cli import main
from pimgraph.graph import cache
from pimgraph.graph.engine import open_engine

CITY = """@prefix pim: <https://w3id.org/pim/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/pim/id/city/test-cache> a pim:City ; rdfs:label "{name}"@pl .
"""


def ground(graph: Graph) -> set:
    """Triples without blank nodes (blank-node labels differ between stores)."""
    return {t for t in graph if not any(isinstance(node, BNode) for node in t)}


@pytest.mark.parametrize("reasoning", ["none", "rdfs"])
def test_backends_build_the_same_graph(reasoning: str) -> None:
    memory = open_engine(reasoning=reasoning, backend="memory", use_cache=False).to_rdflib()
    oxigraph = open_engine(reasoning=reasoning, backend="oxigraph", use_cache=False).to_rdflib()
    assert len(memory) == len(oxigraph)
    assert ground(memory) == ground(oxigraph)


def test_rdfs_closure_adds_inverses_and_transitive_broader() -> None:
    engine = open_engine(backend="oxigraph", use_cache=False)
    ask = engine.query("""ASK { <https://w3id.org/pim/id/city/slupsk> org:memberOf ?n .
                               ?n org:hasMember <https://w3id.org/pim/id/city/slupsk> .
                               ?issue skos:broaderTransitive ?area . ?x a skos:Concept }""")
    assert ask.boolean


def test_second_open_hits_the_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    first = open_engine()
    second = open_engine()
    assert not first.info.cache_hit and second.info.cache_hit
    assert len(first) == len(second)


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
def test_changed_input_invalidates_the_cache(tmp_path: Path, monkeypatch, backend: str) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "extra.ttl"
    extra.write_text(CITY.replace("{name}", "Pierwsze"), encoding="utf-8")
    query = "SELECT ?l WHERE { <https://w3id.org/pim/id/city/test-cache> rdfs:label ?l }"
    assert str(open_engine([extra], backend=backend).query(query).rows[0][0]) == "Pierwsze"
    extra.write_text(CITY.replace("{name}", "Drugie"), encoding="utf-8")
    engine = open_engine([extra], backend=backend)
    assert not engine.info.cache_hit
    assert str(engine.query(query).rows[0][0]) == "Drugie"


def test_reasoning_mode_is_part_of_the_key(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    assert len(open_engine(reasoning="none")) < len(open_engine(reasoning="rdfs"))


def test_corrupt_cache_is_detected_and_rebuilt(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    size = len(open_engine())
    (entry,) = cache.entries()
    with open(entry.dump, "r+b") as stream:  # damage the dump the manifest vouches for
        stream.seek(entry.bytes // 2)
        stream.write(b"<garbage> .\n")
    engine = open_engine()
    assert not engine.info.cache_hit and len(engine) == size


def test_half_written_cache_is_ignored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    open_engine()
    (entry,) = cache.entries()
    entry.manifest.unlink()  # as if the process died before the manifest was renamed in
    engine = open_engine()
    assert not engine.info.cache_hit
    assert len(cache.entries()) == 1


def test_cache_cli(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    open_engine()
    info = CliRunner().invoke(main, ["cache", "info"])
    assert (
        info.exit_code == 0 and "1 entry" in info.output and str(tmp_path / "cache") in info.output
    )
    cleared = CliRunner().invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 1 entry" in cleared.output
    assert cache.entries() == []


def test_owlrl_closure_has_no_nothing_member_and_no_clash() -> None:
    from rdflib import OWL, RDF, URIRef

    graph = open_engine(reasoning="owlrl", backend="memory", use_cache=False).to_rdflib()
    assert not list(graph.subjects(RDF.type, OWL.Nothing))
    # owlrl reports inconsistencies (disjointness clashes, ...) as error-message resources.
    errors = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
    messages = [
        str(graph.value(m, URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")))
        for m in graph.subjects(RDF.type, errors)
    ]
    assert not messages, messages


def _example_rows(engine, query) -> set:
    import shlex

    from pimgraph.sparql.binding import bind, parse_assignments

    words = shlex.split(query.extra.get("example", ""))
    params = [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--param"]
    return engine.query(
        query.text, bind(query, parse_assignments(params), engine, {"lang": "en"})
    ).as_set()


@pytest.fixture(scope="module")
def engines():
    return {
        "oxigraph": open_engine(backend="oxigraph", use_cache=False),
        "memory": open_engine(backend="memory", use_cache=False),
        "owlrl": open_engine(backend="memory", reasoning="owlrl", use_cache=False),
    }


def _queries():
    from pimgraph.sparql.catalogue import catalogue

    return sorted(catalogue().values(), key=lambda q: q.id)


@pytest.mark.parametrize("query", _queries(), ids=lambda q: q.id)
def test_store_backends_give_identical_answers(query, engines) -> None:
    assert _example_rows(engines["oxigraph"], query) == _example_rows(engines["memory"], query)


@pytest.mark.parametrize("query", _queries(), ids=lambda q: q.id)
def test_default_reasoning_answers_like_full_owl_rl(query, engines) -> None:
    assert _example_rows(engines["oxigraph"], query) == _example_rows(engines["owlrl"], query)
