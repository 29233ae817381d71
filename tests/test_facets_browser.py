"""The faceted cities list in a real headless Chromium against a real ``pimgraph serve``: ticking
a network and a broader theme leaves the cities the graph says are in both (the theme reached
through its narrower ones too), in the table, the status line and on the map; the address holds
the state, and opening it again gives the same list; a scope named in the address leaves its
recommendations and hides the other scopes. Expected counts come from the graph."""

from __future__ import annotations

import pytest

from pimgraph.graph.engine import open_engine
from pimgraph.publish.i18n import ui

from .test_browser import browser  # noqa: F401  (the fixture)
from .test_serve import Served

pytestmark = pytest.mark.browser

# Each city with each network and each theme it holds (through its networks, its MIDs or its
# own), widened over skos:broader; and whether it is on the map (a point and an edition).
HOLDS = """
SELECT DISTINCT ?city ?network ?theme ?placed WHERE {
  ?city a pim:City ; (org:memberOf|^org:hasMember) ?network . ?network a pim:Network .
  { ?city (org:memberOf|^org:hasMember) ?carrier . ?carrier a pim:Network .
    ?carrier (pim:hasTheme|^pim:isThemeOf) ?direct }
  UNION { ?city (pim:hasInitiative|^pim:preparedBy)/(pim:hasTheme|^pim:isThemeOf) ?direct }
  UNION { ?city (pim:hasTheme|^pim:isThemeOf) ?direct }
  ?direct (skos:broader|^skos:narrower)* ?theme .
  BIND(EXISTS { ?city geo:hasGeometry/geo:asWKT ?wkt ; pim:participatedIn ?edition } AS ?placed)
}"""
BROADER = "SELECT DISTINCT ?theme WHERE { ?narrow skos:broader|^skos:narrower ?theme }"
VISIBLE_ROWS = "#cities tbody tr:not([hidden])"


def _pick(engine):
    """A network and a broader theme whose cities are some, not all, of the network's; the
    cities in both, and how many of those are on the map."""
    rows = engine.query(HOLDS).rows
    broader = {str(r[0]) for r in engine.query(BROADER).rows}
    members: dict[str, set[str]] = {}
    both: dict[tuple[str, str], set[str]] = {}
    placed = {str(city) for city, _, _, on in rows if on.toPython()}
    for city, network, theme, _ in rows:
        members.setdefault(str(network), set()).add(str(city))
        if str(theme) in broader:
            both.setdefault((str(network), str(theme)), set()).add(str(city))
    for (network, theme), cities in sorted(both.items()):
        if 0 < len(cities) < len(members[network]):
            return network, theme, cities, len(cities & placed)
    raise AssertionError("the bundled graph has no network and theme that narrow each other")


def _a_scope(engine) -> tuple[str, set[str]]:
    """The first scope (by IRI) and its recommendations."""
    rows = engine.query(
        "SELECT ?scope ?r WHERE { ?r a pim:Recommendation ; pim:scope ?scope } ORDER BY ?scope"
    ).rows
    scope = str(rows[0][0])
    return scope, {str(r) for s, r in rows if str(s) == scope}


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _visible(driver) -> set[str]:
    from selenium.webdriver.common.by import By

    return {
        r.get_attribute("data-item") for r in driver.find_elements(By.CSS_SELECTOR, VISIBLE_ROWS)
    }


def test_a_network_and_a_theme_leave_the_cities_in_both_and_the_url_keeps_them(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    engine = open_engine(use_cache=False)
    network, theme, cities, on_map = _pick(engine)
    total = int(engine.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a pim:City }").rows[0][0])
    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(server.base + "/cities.en.html")
        wait.until(lambda d: d.find_element(By.ID, "facets").is_displayed())
        assert len(_visible(browser)) == total
        for key, value in (("network", network), ("theme", theme)):
            box = browser.find_element(
                By.CSS_SELECTOR, f'#facets input[name="{key}"][value="{_slug(value)}"]'
            )
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
        wait.until(
            lambda d: (
                d.find_element(By.ID, "facets").get_attribute("data-shown") == str(len(cities))
            )
        )
        assert _visible(browser) == cities
        status = ui("facet_status", "en").format(n=len(cities), total=total)
        assert browser.find_element(By.ID, "facets-status").text == status
        url = browser.current_url
        assert f"network={_slug(network)}" in url and f"theme={_slug(theme)}" in url
        markers = browser.find_element(By.ID, "cities-map").get_attribute("data-markers")
        assert markers == str(on_map)

        # The address restores the same list.
        browser.get("about:blank")
        browser.get(url)
        wait.until(
            lambda d: (
                d.find_element(By.ID, "facets").get_attribute("data-shown") == str(len(cities))
            )
        )
        assert _visible(browser) == cities
        checked = browser.find_elements(By.CSS_SELECTOR, "#facets input:checked")
        assert {(b.get_attribute("name"), b.get_attribute("value")) for b in checked} == {
            ("network", _slug(network)),
            ("theme", _slug(theme)),
        }

        # Clearing shows everything again and empties the query string.
        browser.find_element(By.ID, "facets-reset").click()
        wait.until(lambda d: len(_visible(d)) == total)
        assert "?" not in browser.current_url

        # Recommendations by a scope from the address: the other scopes' sections are hidden.
        scope, expected = _a_scope(engine)
        browser.get(f"{server.base}/recommendations.pl.html?scope={_slug(scope)}")
        wait.until(lambda d: d.find_element(By.ID, "facets").get_attribute("data-shown"))
        shown = browser.find_elements(By.CSS_SELECTOR, "tr[data-item]:not([hidden])")
        assert {r.get_attribute("data-item") for r in shown} == expected
        sections = browser.find_elements(By.CSS_SELECTOR, "[data-facet-group]")
        assert [s.is_displayed() for s in sections].count(True) == 1 < len(sections)
        for entry in browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        ):
            assert entry.startswith(server.base), entry
    finally:
        server.stop()
