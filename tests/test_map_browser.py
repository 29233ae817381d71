"""The cities map in a real headless Chromium against a real ``pimgraph serve``: the edition
filter leaves the 2021-2023 cities on the map (counted from Leaflet's layers and from the drawn
markers and clusters), Słupsk's popup opens its page, and no request leaves the server unless
``publish --tiles`` names a tile server. Expected counts and labels come from the graph."""

from __future__ import annotations

import http.server
import threading
from collections import Counter

import pytest

from pimgraph.core.namespaces import PIMID
from pimgraph.graph.engine import open_engine
from pimgraph.publish.i18n import ui

from .test_browser import browser  # noqa: F401  (the fixture)
from .test_serve import Served

pytestmark = pytest.mark.browser

EDITION = PIMID["edition/2021-2023"]
CITIES_IN_EDITION = f"""PREFIX pim: <https://w3id.org/pim/ontology#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
SELECT (COUNT(DISTINCT ?city) AS ?n) WHERE {{
  ?city a pim:City ; pim:participatedIn <{EDITION}> ; geo:hasGeometry/geo:asWKT ?wkt }}"""

NETWORKS_OF_PLACED = f"""PREFIX pim: <https://w3id.org/pim/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
SELECT DISTINCT ?city ?network WHERE {{
  ?city a pim:City ; pim:participatedIn <{EDITION}> ; geo:hasGeometry/geo:asWKT ?wkt .
  OPTIONAL {{ ?city org:memberOf ?network . ?network a pim:Network }} }}"""

# What the map draws now: every marker outside a cluster, plus each cluster's size, from
# Leaflet's layers and from the DOM (cluster icons print their size).
DRAWN = """
var el = document.getElementById('cities-map'), state = el.pimgraphMap, layers = 0;
state.group._featureGroup.eachLayer(function (l) {
  layers += l.getChildCount ? l.getChildCount() : 1; });
var dom = el.querySelectorAll('.leaflet-marker-icon.city-marker').length;
el.querySelectorAll('.leaflet-marker-icon.marker-cluster').forEach(function (c) {
  dom += parseInt(c.textContent, 10); });
return [state.group.getLayers().length, layers, dom];
"""
OPEN_SLUPSK = """
var state = document.getElementById('cities-map').pimgraphMap;
var iri = arguments[0], done = arguments[arguments.length - 1];
var m = state.markers.find(function (m) { return m.pimgraphCity.iri === iri; });
state.group.zoomToShowLayer(m, function () { done(true); });
"""


def _entries(driver) -> list[str]:
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


def _only_edition(driver, wait, edition: str) -> None:
    from selenium.webdriver.common.by import By

    wait.until(lambda d: d.find_element(By.ID, "cities-map").get_attribute("data-markers"))
    boxes = driver.find_elements(By.CSS_SELECTOR, "#map-editions input[type=checkbox]")
    assert edition in [b.get_attribute("value") for b in boxes]
    for box in boxes:
        if (box.get_attribute("value") == edition) != box.is_selected():
            box.click()  # a real click on the filter


def test_map_filters_by_edition_and_opens_a_city_from_its_popup(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    engine = open_engine(use_cache=False)
    expected = int(engine.query(CITIES_IN_EDITION).rows[0][0])
    assert expected == 28  # the figure, from the bundled data
    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(server.base + "/cities.en.html")
        _only_edition(browser, wait, str(EDITION))
        element = browser.find_element(By.ID, "cities-map")
        wait.until(lambda d: element.get_attribute("data-markers") == str(expected))
        count = browser.find_element(By.ID, "map-count").text
        assert count == ui("map_count", "en").format(n=expected)
        assert browser.execute_script(DRAWN) == [expected, expected, expected]

        # Switching the biggest network off hides the cities that are in no other network.
        networks: dict[str, set[str]] = {}
        for city, network in engine.query(NETWORKS_OF_PLACED).rows:
            networks.setdefault(str(city), set()).update([str(network)] if network else [])
        sizes = Counter(n for found in networks.values() for n in found)
        off = sizes.most_common(1)[0][0]
        kept = sum(1 for found in networks.values() if not found or found - {off})
        assert kept < expected
        first = browser.find_element(By.CSS_SELECTOR, f'#map-networks input[value="{off}"]')
        first.click()
        wait.until(lambda d: element.get_attribute("data-markers") == str(kept))
        assert browser.execute_script(DRAWN) == [kept, kept, kept]
        first.click()
        wait.until(lambda d: element.get_attribute("data-markers") == str(expected))

        # Słupsk's marker (zoomed out of its cluster if need be): its popup links to its page.
        browser.set_script_timeout(30)
        browser.execute_async_script(OPEN_SLUPSK, str(PIMID["city/slupsk"]))
        label = engine.label(PIMID["city/slupsk"], "en")
        icon = browser.find_element(By.CSS_SELECTOR, f'.city-marker[title="{label}"]')
        icon.click()
        link = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".leaflet-popup-content a"))
        wait.until(lambda d: link.text)  # shown once the popup has faded in
        assert link.text == label
        assert link.get_attribute("href") == server.base + "/id/city/slupsk.en.html"
        link.click()
        wait.until(lambda d: d.current_url.endswith("/id/city/slupsk.en.html"))
        assert browser.find_element(By.ID, "title").text == label
        # The city page's Leaflet map takes the static map's place, with the city's marker.
        wait.until(lambda d: d.find_element(By.ID, "city-map").is_displayed())
        assert len(browser.find_elements(By.CSS_SELECTOR, "#city-map .city-marker")) == 1
        assert not browser.find_element(By.CSS_SELECTOR, "#map > svg").is_displayed()
        for entry in _entries(browser):
            assert entry.startswith(server.base), entry

        # Scripts, styles, the outline: all from this server; no tile was asked for.
        browser.get(server.base + "/cities.en.html")
        wait.until(lambda d: d.find_element(By.ID, "cities-map").get_attribute("data-markers"))
        entries = _entries(browser)
        assert any(e.endswith("/static/poland-outline.geo.json") for e in entries), entries
        status, headers, _ = server.request("GET", "/static/poland-outline.geo.json")
        assert status == 200 and headers["content-type"].startswith("application/json")
        for entry in entries:
            assert entry.startswith(server.base), entry
        assert not browser.find_elements(By.CSS_SELECTOR, ".leaflet-tile")
    finally:
        server.stop()


class _Tiles(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_publish_tiles_adds_the_named_tile_layer(tmp_path, browser) -> None:  # noqa: F811
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from pimgraph.cli import main

    tiles = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    threading.Thread(target=tiles.serve_forever, daemon=True).start()
    template = f"http://127.0.0.1:{tiles.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["publish", "--out", str(site), "--tiles", template])
    assert result.exit_code == 0, result.output
    server = Served(tmp_path, "--site", str(site))
    try:
        browser.get(server.base + "/cities.en.html")
        wait = WebDriverWait(browser, 60)
        wait.until(lambda d: d.find_element(By.ID, "cities-map").get_attribute("data-markers"))
        wait.until(lambda d: _Tiles.asked)
        assert all(path.endswith(".png") and path.count("/") == 3 for path in _Tiles.asked)
        tile_host = f"http://127.0.0.1:{tiles.server_address[1]}/"
        for entry in _entries(browser):
            assert entry.startswith((server.base, tile_host)), entry
    finally:
        server.stop()
        tiles.shutdown()
