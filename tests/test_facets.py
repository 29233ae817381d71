"""The faceted lists without a browser: every city's, recommendation's and MID's facet values
equal what independent SPARQL over the bundled graph answers (both directions of each inverse
pair, broader themes by a property path); the pages embed them with slugs from the IRIs and a
theme tree; the MIDs page lists every MID. Expected values come from the graph."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from pimgraph.core.namespaces import PIM
from pimgraph.publish.facets import slug, unique_slugs

NETWORK = "(org:memberOf|^org:hasMember) ?net . ?net a pim:Network"
THEME_OF = "(pim:hasTheme|^pim:isThemeOf)"
UP = "(skos:broader|^skos:narrower)*"
# The item itself as a carrier of frameworks. A group is evaluated on its own, so
# "{ BIND(?item AS ?c) }" alone would leave ?c unbound: the group binds ?item first.
SELF = "{ ?item a ?type BIND(?item AS ?c) }"
FRAMEWORK = "?c (pim:contributesTo|pim:alignedWith|pim:targetsPolicy) ?v . ?v a pim:PolicyFramework"
PLAN_OF = "(pim:hasImprovementPlan|^pim:planOf)"
EDITION = "(pim:edition|^pim:editionIncludes)"

CITY = {
    "edition": "?item (pim:participatedIn|^pim:hasParticipant) ?v",
    "network": f"?item {NETWORK} BIND(?net AS ?v)",
    "theme": f"""{{ ?item {NETWORK} . ?net {THEME_OF} ?d }}
        UNION {{ ?item (pim:hasInitiative|^pim:preparedBy)/{THEME_OF} ?d }}
        UNION {{ ?item {THEME_OF} ?d }} ?d {UP} ?v""",
    "voivodeship": "?item (pim:voivodeship|^pim:hasCity) ?v",
    "framework": f"""{SELF} UNION {{ ?item {NETWORK} BIND(?net AS ?c) }}
        UNION {{ ?item {NETWORK} . ?net {PLAN_OF} ?c }}
        UNION {{ {{ ?item {NETWORK} . ?net {THEME_OF} ?d }}
                 UNION {{ ?item (pim:hasInitiative|^pim:preparedBy)/{THEME_OF} ?d }}
                 UNION {{ ?item {THEME_OF} ?d }} ?d {UP} ?c }}
        {FRAMEWORK}""",
}
PROPOSER = "(pim:proposedBy|^pim:proposes) ?net . ?net a pim:Network"
RECOMMENDATION = {
    "edition": f"""{{ ?item {EDITION} ?v }} UNION {{ ?item {PROPOSER} . ?net {EDITION} ?v }}
        UNION {{ ?item (pim:partOfPlan|^pim:hasRecommendation)/{EDITION} ?v }}""",
    "network": f"?item {PROPOSER} BIND(?net AS ?v)",
    "theme": f"?item {THEME_OF}/{UP} ?v",
    "scope": "?item pim:scope ?v",
    "framework": f"""{SELF} UNION {{ ?item {PROPOSER} BIND(?net AS ?c) }}
        UNION {{ ?item {PROPOSER} . ?net {PLAN_OF} ?c }}
        UNION {{ ?item (pim:partOfPlan|^pim:hasRecommendation) ?c }}
        UNION {{ ?item {THEME_OF}/{UP} ?c }}
        {FRAMEWORK}""",
}
MID_NETWORK = f"""?item (pim:preparedBy|^pim:hasInitiative)/(org:memberOf|^org:hasMember) ?net .
    ?net a pim:Network ; {EDITION} ?e . ?item {EDITION} ?e"""
MID = {
    "edition": f"?item {EDITION} ?v",
    "network": f"{MID_NETWORK} BIND(?net AS ?v)",
    "theme": f"?item {THEME_OF}/{UP} ?v",
    "voivodeship": "?item (pim:preparedBy|^pim:hasInitiative)/(pim:voivodeship|^pim:hasCity) ?v",
    "framework": f"""{SELF} UNION {{ {MID_NETWORK} BIND(?net AS ?c) }}
        UNION {{ {MID_NETWORK} . ?net {PLAN_OF} ?c }}
        UNION {{ ?item {THEME_OF}/{UP} ?c }}
        {FRAMEWORK}""",
}
KINDS = {
    "city": (PIM.City, CITY),
    "recommendation": (PIM.Recommendation, RECOMMENDATION),
    "mid": (PIM.UrbanActionInitiative, MID),
}


def _expected(engine, cls, queries: dict[str, str]) -> dict[str, dict[str, set[str]]]:
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: {k: set() for k in queries})
    items = engine.query(f"SELECT ?item WHERE {{ ?item a <{cls}> }}").rows
    for (item,) in items:
        found[str(item)]
    for key, pattern in queries.items():
        rows = engine.query(
            f"SELECT DISTINCT ?item ?v WHERE {{ ?item a <{cls}> . {pattern} }}"
        ).rows
        for item, value in rows:
            found[str(item)][key].add(str(value))
    return dict(found)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_items_facet_values_are_what_sparql_answers(engine, indexes, kind) -> None:
    cls, queries = KINDS[kind]
    expected = _expected(engine, cls, queries)
    facets = indexes.facets("en")
    values = getattr(facets, kind)
    computed = {
        str(item): {k: {str(v) for v in vs} for k, vs in values(item).items()}
        for item in indexes.site.instances(cls, "en")
    }
    assert computed == expected
    assert any(v["theme"] for v in expected.values()) and any(
        v["edition"] for v in expected.values()
    )
    # The page shows a facet when some item has a value of it (the bundled recommendations
    # reach no policy framework: that group is left out, not shown empty).
    items = indexes.site.instances(cls, "en")
    shown = {f["key"] for f in facets.data(items, values, tuple(queries), "en")["facets"]}
    assert shown == {k for k in queries if any(v[k] for v in expected.values())}


def _page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="facets-data">(.*?)</script>', page)
    assert found, "no facets-data on the page"
    return json.loads(found.group(1))


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_cities_page_ships_slugs_counts_and_a_theme_tree(engine, indexes, lang) -> None:
    path, page = indexes.cities(lang)
    data = _page_data(page)
    expected = _expected(engine, PIM.City, CITY)
    assert {i["iri"] for i in data["items"]} == set(expected)
    for item in data["items"]:
        for key, slugs in item["f"].items():
            assert set(slugs) == {slug(v) for v in expected[item["iri"]][key]}
    themes = next(f for f in data["facets"] if f["key"] == "theme")
    broader = dict(engine.query("SELECT ?n ?b WHERE { ?n skos:broader|^skos:narrower ?b }").rows)
    order = [v["slug"] for v in themes["values"]]
    for value in themes["values"]:
        parents = [slug(b) for n, b in broader.items() if slug(n) == value["slug"]]
        if parents:  # a narrower theme: indented below its broader one, which comes first
            assert value["depth"] == 1 and order.index(parents[0]) < order.index(value["slug"])
        else:
            assert value["depth"] == 0
    # Without JavaScript the filters stay hidden, a note says why, and every row is shown.
    assert re.search(r'<section id="facets"[^>]* hidden>', page) and "<noscript>" in page
    assert not re.search(r"<tr[^>]* hidden", page)
    # Every row of the table names its item, and the count next to a value is its items.
    rows = re.findall(r'<tr data-item="([^"]+)">', page)
    assert sorted(rows) == sorted(expected)
    network = next(f for f in data["facets"] if f["key"] == "network")["values"][0]["slug"]
    held = sum(network in i["f"]["network"] for i in data["items"])
    assert re.search(
        rf'value="{network}"> <span class="facet-label">[^<]*</span> '
        rf'<span class="facet-count">{held}</span>',
        page,
    )


def test_slugs_are_made_unique_in_order() -> None:
    nodes = ["https://a.example/x/rewitalizacja", "https://b.example/y/rewitalizacja", "u#z"]
    assert list(unique_slugs(nodes).values()) == ["rewitalizacja", "rewitalizacja-2", "z"]


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_mids_page_lists_every_mid_with_its_city(engine, indexes, lang) -> None:
    path, page = indexes.all_pages(lang, 0)[5]
    assert str(path) == f"mids.{lang}.html"
    rows = engine.query(
        "SELECT ?mid ?city WHERE { ?mid a pim:UrbanActionInitiative ; pim:preparedBy ?city }"
    ).rows
    assert rows
    for mid, city in rows:
        row = re.search(rf'<tr data-item="{re.escape(str(mid))}">(.*?)</tr>', page)
        assert row, mid
        assert engine.label(mid, lang) in row.group(1)
        assert engine.label(city, lang) in row.group(1)
    assert len(_page_data(page)["items"]) == len({m for m, _ in rows})
    home = indexes.home(lang, 0)[1]
    assert f'href="mids.{lang}.html"' in home
