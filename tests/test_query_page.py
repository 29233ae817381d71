"""The query page's data: each stored query's text without its ``#+`` header and the place its
VALUES block goes (the CLI's place), the fields of its parameters, a city picker with labels in
the page's language, the configured endpoint; and ``publish --sparql-url`` checks its value.
The browser side is in test_query_editor_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef, Variable

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import PLURAL_SCRIPT
from pimgraph.core.namespaces import PIM, PIMID
from pimgraph.graph.engine import open_engine
from pimgraph.graph.values import with_values_block
from pimgraph.publish.i18n import ui
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.query_page import query_page
from pimgraph.publish.site import publish_site
from pimgraph.sparql.catalogue import catalogue, parse_query

ENDPOINT_URL = URIRef("http://www.w3.org/ns/dcat#endpointURL")
STATIC = Path(__file__).parent.parent / "pimgraph" / "publish" / "static"


@pytest.fixture(scope="module")
def site() -> SiteGraph:
    engine = open_engine(use_cache=False)
    return SiteGraph(engine.to_rdflib(), engine.to_rdflib())


def _data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="query-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))  # script_json: no HTML escaping, "<" as \\u003c


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_each_stored_query_comes_without_its_header_and_with_the_cli_values_place(
    site, lang
) -> None:
    _path, html = query_page(lang, site)
    data = _data(html)
    stored = catalogue()
    assert [q["id"] for q in data["queries"]] == list(stored)
    for query in data["queries"]:
        assert not query["text"].lstrip().startswith("#+"), query["id"]
        assert "#+" not in query["text"].split("\n", 1)[0]
        # The browser inserts its VALUES block at values_at + 1: the same text as the CLI's.
        bindings = {Variable("__x"): Literal("y")}
        block = '\n  VALUES (?__x) { ("y") }\n'
        at = query["values_at"] + 1
        assert query["text"][:at] + block + query["text"][at:] == with_values_block(
            query["text"], bindings
        )
        declared = {p.name for p in stored[query["id"]].parameters}
        assert {f["name"] for f in query["fields"]} == declared - {"lang"}
        assert (query["lang_variable"] is not None) == ("lang" in declared)


def test_the_city_field_is_a_picker_of_cities_labelled_in_the_page_language(site) -> None:
    for lang in ("en", "pl"):
        data = _data(query_page(lang, site)[1])
        profile = next(q for q in data["queries"] if q["id"] == "city-profile")
        assert profile["fields"] == [
            {
                "name": "city",
                "label": ui("param_city", lang),
                "variable": "_city_iri",
                "type": "iri",
                "required": True,
                "picker": "city",
            }
        ]
        cities = {c["iri"]: c["label"] for c in data["pickers"]["city"]}
        assert set(cities) == {str(c) for c in site.instances(PIM.City, lang)}
        assert cities[str(PIMID["city/slupsk"])] == site.label(PIMID["city/slupsk"], lang)


def test_the_page_names_its_endpoint_and_loads_only_site_files(site) -> None:
    _path, html = query_page("en", site, "https://sparql.example.org/pim")
    assert _data(html)["endpoint"] == "https://sparql.example.org/pim"
    assert "https://sparql.example.org/pim" in html
    assert "<textarea" not in html and "#+ summary" not in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
    assert re.findall(r'<script src="([^"]+)"', html)[-1] == "static/query.js"


def test_the_editor_script_counts_with_the_catalogue_plural_rule() -> None:
    assert PLURAL_SCRIPT in (STATIC / "query.js").read_text(encoding="utf-8")


def test_editor_text_drops_only_the_leading_header() -> None:
    text = "#+ summary: s\n#+ tags: a\n\nSELECT * WHERE { ?s ?p ?o } # a comment\n"
    assert parse_query(text, "q").body == "SELECT * WHERE { ?s ?p ?o } # a comment\n"


@pytest.mark.parametrize(
    ("given", "named"),
    [("pim/sparql", "https://w3id.org/pim/pim/sparql"), ("https://q.example.org/x", None)],
)
def test_sparql_url_may_be_relative_to_the_site(tmp_path, given, named) -> None:
    engine = open_engine(use_cache=False)
    out = tmp_path / "site"
    publish_site(out, engine=engine, languages=("en",), sparql_url=given)
    html = (out / "query.en.html").read_text(encoding="utf-8")
    assert _data(html)["endpoint"] == given
    urls = set(Graph().parse(out / "catalog.ttl").objects(None, ENDPOINT_URL))
    assert urls == {URIRef(named or given)}


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "//evil.example.org/sparql", "ftp://x/s", "a b", "sparql?x=1"]
)
def test_sparql_url_must_be_http_or_a_relative_path(tmp_path, bad) -> None:
    with pytest.raises(UsageError, match="--sparql-url"):
        publish_site(tmp_path / "site", engine=object(), sparql_url=bad)


def test_a_summary_in_the_page_language_is_used_when_the_header_has_one() -> None:
    from pimgraph.publish.query_page import _stored
    from pimgraph.sparql.catalogue import parse_query

    query = parse_query(
        "#+ summary: Cities\n#+ summary_pl: Miasta\n#+ description: All of them\n"
        "SELECT ?c WHERE { ?c a ?t }\n",
        "q",
    )
    assert _stored(query, "pl", {})["summary"] == "Miasta"
    assert _stored(query, "en", {})["summary"] == "Cities"
    assert _stored(query, "pl", {})["description"] == "All of them"  # as is: no Polish one
