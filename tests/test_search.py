"""The site search's Python half (pimgraph.publish.search) on the bundled graph, and the
browser half's folding and query path (static/search.js) where node is at hand.

The queries and what each must find are in tests/fixtures/search/queries.json; the strings
whose folding Python and JavaScript must agree on are in folding.json.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF

from pimgraph.core.namespaces import PIM
from pimgraph.core.text import loose_key
from pimgraph.graph.asserted import parse_files
from pimgraph.graph.engine import input_paths
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.paths import html_path, resource_stem, search_root
from pimgraph.publish.search import (
    FORMS_FILE,
    INDEX_FILE,
    SNIPPET_LENGTH,
    search_files,
    snippet,
    words,
    write_search_files,
)

from .conftest import FIXTURES, REPO, need

CASES = FIXTURES / "search"
QUERIES = json.loads((CASES / "queries.json").read_text(encoding="utf-8"))
FOLDING = json.loads((CASES / "folding.json").read_text(encoding="utf-8"))
SEARCH_JS = REPO / "pimgraph" / "publish" / "static" / "search.js"
BUNDLED_BUDGET = 300_000  # bytes gzipped, both files together (issue 14)

# Builds the search files from the given input files in a fresh interpreter, with another
# hash seed: set and dict orders that leak into the output would show as different bytes.
BUILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pimgraph.graph.asserted import parse_files
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.search import search_files
graph = parse_files(json.loads(sys.argv[2]))
json.dump(search_files(SiteGraph(graph, graph)), sys.stdout)
"""


@pytest.fixture(scope="module")
def inputs() -> list[str]:
    return [str(path) for path in input_paths()]  # what publish builds the site from


@pytest.fixture(scope="module")
def site(inputs) -> SiteGraph:
    graph = parse_files(inputs)
    # The search reads the asserted graph only; the inferred one is for the index pages.
    return SiteGraph(graph, graph)


@pytest.fixture(scope="module")
def files(site) -> dict[str, str]:
    return search_files(site)


@pytest.fixture(scope="module")
def index(files) -> dict:
    return json.loads(files[INDEX_FILE])


@pytest.fixture(scope="module")
def forms(files) -> dict[str, str]:
    return json.loads(files[FORMS_FILE])["f"]


@pytest.fixture(scope="module")
def docs(index) -> dict[str, dict]:
    return {doc["i"]: doc for doc in index["docs"]}


def _terms(index: dict, doc: dict) -> set[str]:
    """Every term search.js indexes for the document: names, text and its types' lemmas."""
    fields = [doc.get("n", ""), doc.get("t", ""), index["types"][doc["k"]].get("w", "")]
    return {term for text in fields for term in text.split()}


def _variants(forms: dict[str, str], word: str) -> set[str]:
    """The word and the lemmas the form table gives for it, as search.js looks them up."""
    return {word, *forms.get(word, "").split()}


def _query_words(query: str) -> list[str]:
    return [loose_key(word) for word in words(query)]


def test_every_resource_is_a_document_with_both_pages(site, index) -> None:
    assert index["langs"] == ["pl", "en"]
    found = [doc["i"] for doc in index["docs"]]
    # Every resource but the link records of evidence, which are found from what they link.
    records = set(site.graph.subjects(RDF.type, PIM.LinkRecord))
    searched = [iri for iri in site.resources if iri not in records]
    assert records and len(searched) == len(site.resources) - len(records)
    assert found == [str(iri).removeprefix("https://w3id.org/pim/id/") for iri in searched]
    for iri, doc in zip(searched, index["docs"], strict=True):
        stem = resource_stem(str(iri))
        assert doc["u"] == {lang: str(html_path(stem, lang)) for lang in ("pl", "en")}
        assert doc["l"] == {lang: site.label(iri, lang) for lang in ("pl", "en")}
        assert set(index["types"][doc["k"]]) >= {"pl", "en"}


@pytest.mark.parametrize("case", QUERIES, ids=[case["query"] for case in QUERIES])
def test_each_word_of_a_query_reaches_the_resource_exactly(index, forms, docs, case) -> None:
    """Without prefix or fuzzy matching: the folded word or a lemma the table gives for it
    is among the resource's indexed terms."""
    terms = _terms(index, docs[case["finds"]])
    for word in _query_words(case["query"]):
        assert _variants(forms, word) & terms, (word, case["why"])


def test_inflected_forms_resolve_to_the_themes_lemma(forms, docs) -> None:
    assert "rewitalizacja" in forms["rewitalizacji"].split()
    assert "rewitalizacja" in docs["theme/rewitalizacja"]["n"].split()
    assert "slupsk" in docs["city/slupsk"]["n"].split()
    assert "zory" in docs["city/zory"]["n"].split()


def test_the_form_table_holds_only_what_the_index_needs(index, forms) -> None:
    lemmas = {term for doc in index["docs"] for term in _terms(index, doc)}
    for form, targets in forms.items():
        assert form == loose_key(form) and " " not in form
        assert set(targets.split()) & lemmas, form


def test_snippets_are_short_and_in_their_language(site, docs) -> None:
    for doc in docs.values():
        for text in doc.get("s", {}).values():
            assert 0 < len(text) <= SNIPPET_LENGTH
    # The description (not the note it also has), in each page's language.
    actor = docs["actor/ministerstwa"]["s"]
    assert actor["pl"].startswith("Ministerstwa uczestniczące w PIM 2021-2023")
    assert actor["en"].startswith("The ministries taking part in PIM 2021-2023")
    assert snippet("a " * 200).endswith("…")
    assert len(snippet("słowo " * 100)) <= SNIPPET_LENGTH


def test_the_bundled_index_is_within_its_budget(files) -> None:
    size = sum(len(gzip.compress(text.encode("utf-8"), 9)) for text in files.values())
    assert size <= BUNDLED_BUDGET, f"{size} bytes gzipped"


def test_the_same_graph_gives_the_same_bytes(inputs, files) -> None:
    env = dict(os.environ, PYTHONHASHSEED="20260")
    process = subprocess.run(
        [sys.executable, "-c", BUILD, str(REPO), json.dumps(inputs)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=300,
    )
    assert json.loads(process.stdout) == files
    again = json.loads(process.stdout)
    for name, text in files.items():
        assert again[name].encode("utf-8") == text.encode("utf-8"), name


def test_the_files_are_written_below_the_site(site, files, tmp_path) -> None:
    written = write_search_files(site, tmp_path)
    assert sorted(written) == sorted(tmp_path / name for name in files)
    for name, text in files.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    assert search_root("index.pl.html") == ""
    assert search_root("id/city/slupsk.pl.html") == "../../"


# ---- the browser half, run by node when it is installed (CI's browser tests run it too)

NODE_FOLD = """
const search = require(process.argv[1]);
const strings = JSON.parse(process.argv[2]);
console.log(JSON.stringify(strings.map(s => [search.looseKey(s), search.queryWords(s)])));
"""

NODE_QUERY = """
const fs = require("fs");
// As a browser's <script> runs it: no module system, so the UMD bundle sets the global.
new Function("exports", "module", "define", fs.readFileSync(process.argv[2], "utf8"))();
const search = require(process.argv[1]);
const dir = process.argv[3];
const read = name => JSON.parse(fs.readFileSync(dir + "/search/" + name, "utf8"));
const state = search.createEngine(read("index.json"), read("forms.json"));
const out = {};
for (const query of JSON.parse(process.argv[4])) {
  out[query] = search.search(state, query, "pl", 5).map(r => r.id);
}
console.log(JSON.stringify(out));
"""


def _node() -> str:
    node = shutil.which("node")
    need(node is not None, "Node.js (node) to run search.js outside a browser")
    assert node is not None
    return node


def test_javascript_folds_queries_as_python_does() -> None:
    out = subprocess.run(
        [_node(), "-e", NODE_FOLD, str(SEARCH_JS), json.dumps(FOLDING)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert json.loads(out) == [[loose_key(text), _query_words(text)] for text in FOLDING]


def _minisearch() -> Path:
    """The vendored MiniSearch UMD bundle (tests/tools/vendor-frontend puts it there)."""
    bundle = SEARCH_JS.parent / "vendor" / "minisearch" / "minisearch.js"
    assert bundle.is_file(), f"{bundle} is missing: run tests/tools/vendor-frontend"
    return bundle


def test_javascript_query_path_finds_each_resource(site, files, tmp_path) -> None:
    node, bundle = _node(), _minisearch()
    write_search_files(site, tmp_path)
    queries = [case["query"] for case in QUERIES]
    out = subprocess.run(
        [node, "-e", NODE_QUERY, str(SEARCH_JS), str(bundle), str(tmp_path), json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    found = json.loads(out)
    for case in QUERIES:
        assert case["finds"] in found[case["query"]][:3], (case, found[case["query"]])


def test_a_second_build_reads_the_lemma_store_and_no_dictionary(
    site, files, monkeypatch, tmp_path
) -> None:
    """simplemma's dictionaries take seconds to decode: what they answered is kept in a store,
    so a rebuild of the same site loads none and writes the same bytes."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    from pimgraph.publish.search import search_files

    monkeypatch.setenv("PIMGRAPH_LEMMA_CACHE", str(tmp_path / "lemmas"))  # an empty store
    assert search_files(site) == files  # decoded from the dictionaries, filling the store

    def refuse(self, lang):
        raise AssertionError(f"loaded simplemma's {lang} dictionary")

    monkeypatch.setattr(DefaultDictionaryFactory, "get_dictionary", refuse)
    assert search_files(site) == files
