"""The cities map's page data without a browser: the cities index embeds valid JSON for every
city with a point, linked to pages that exist; the outline ships as GeoJSON; ``publish --tiles``
names its tile layer in the page and nothing else does. Expected values come from the graph."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pimgraph.cli import main
from pimgraph.core.errors import UsageError
from pimgraph.core.namespaces import PIMID
from pimgraph.graph.asserted import parse_files
from pimgraph.publish import publish_site
from pimgraph.publish.city_map import check_tiles
from pimgraph.publish.html import script_json
from pimgraph.publish.model import SiteGraph

TILES = "https://tile.example.org/{z}/{x}/{y}.png"
PLACED_CITIES = """PREFIX pim: <https://w3id.org/pim/ontology#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
SELECT DISTINCT ?city WHERE { ?city a pim:City ; geo:hasGeometry/geo:asWKT ?wkt }"""


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="cities-data">(.*?)</script>', page)
    assert found, "no cities-data on the page"
    return json.loads(found.group(1))


def _map_element(page: str) -> str:
    found = re.search(r'<div id="cities-map"[^>]*>', page)
    assert found
    return found.group(0)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_cities_page_embeds_every_placed_city_as_json(engine, indexes, lang) -> None:
    path, page = indexes.cities(lang)
    data = _data(page)
    placed = {str(row[0]) for row in engine.query(PLACED_CITIES).rows}
    assert len(data["cities"]) >= 28
    assert {c["iri"] for c in data["cities"]} == placed
    networks = {n["iri"] for n in data["networks"]}
    editions = {e["iri"] for e in data["editions"]}
    slupsk = next(c for c in data["cities"] if c["iri"] == str(PIMID["city/slupsk"]))
    assert slupsk["label"] == engine.label(PIMID["city/slupsk"], lang)
    assert slupsk["url"] == f"id/city/slupsk.{lang}.html"
    for city in data["cities"]:
        assert 14 < city["lon"] < 24.2 and 49 < city["lat"] < 55
        assert {n["iri"] for n in city["networks"]} <= networks
        assert city["editions"] and {e["iri"] for e in city["editions"]} <= editions
    # JavaScript off: a note in the map, and the sortable table stays.
    assert "<noscript>" in page and 'id="cities"' in page and 'class="sortable"' in page
    assert 'id="map-count"' in page and "data-tiles" not in _map_element(page)
    assert 'src="static/map.js"' in page and 'src="static/vendor/leaflet/leaflet.js"' in page


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_city_page_has_a_leaflet_map_beside_its_static_one(engine, lang) -> None:
    from pimgraph.publish.pages import resource_page

    site = SiteGraph(parse_files(engine.info.inputs), engine.to_rdflib())
    page = resource_page(site, PIMID["city/slupsk"], lang)
    assert "<svg" in page  # the static map stays for readers without JavaScript
    element = re.search(r'<div id="city-map"[^>]*>', page)
    assert element and " hidden " in element.group(0) and "data-tiles" not in element.group(0)
    lon, lat = site.points[PIMID["city/slupsk"]]
    assert f'data-lon="{lon}"' in element.group(0) and f'data-lat="{lat}"' in element.group(0)
    assert 'data-outline="../../static/poland-outline.geo.json"' in element.group(0)
    assert 'src="../../static/map.js"' in page
    # A resource without a point loads no map library.
    network = resource_page(site, PIMID["network/miasto-zielone"], lang)
    assert "leaflet" not in network and "map.js" not in network


def test_embedded_json_cannot_close_its_script() -> None:
    text = script_json({"label": "</script><script>alert(1)</script> & Co"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["label"] == "</script><script>alert(1)</script> & Co"


def test_tile_urls_are_checked() -> None:
    assert check_tiles(None) is None
    assert check_tiles(TILES) == TILES
    for bad in ("javascript:alert(1)//{z}/{x}/{y}", "https://tiles.example.org/{z}/{x}.png"):
        with pytest.raises(UsageError):
            check_tiles(bad)


def test_publish_tiles_puts_the_url_in_the_page_and_ships_the_outline(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["publish", "--out", str(out), "--tiles", TILES])
    assert result.exit_code == 0, result.output
    for lang in ("pl", "en"):
        page = (out / f"cities.{lang}.html").read_text(encoding="utf-8")
        element = _map_element(page)
        assert f'data-tiles="{html.escape(TILES)}"' in element
        data = _data(page)
        assert all((out / city["url"]).is_file() for city in data["cities"])
    outline = json.loads((out / "static/poland-outline.geo.json").read_text(encoding="utf-8"))
    assert outline["type"] == "Feature" and outline["geometry"]["type"] == "Polygon"
    assert "Natural Earth" in outline["properties"]["source"]
    assert (out / "static/map.js").is_file()
    # Only the pages with a map name the tile server: the cities index and the pages of points.
    named = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if "tile.example" in p.read_text("utf-8")
    }
    assert {"cities.en.html", "cities.pl.html", "id/city/slupsk.en.html"} <= named
    for name in named:
        page = (out / name).read_text(encoding="utf-8")
        assert re.search(r'<div id="(cities|city)-map"[^>]*data-tiles=', page), name
    assert "index.en.html" not in named and "networks.en.html" not in named


def test_publish_refuses_a_tile_url_without_its_fields(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--tiles"):
        publish_site(tmp_path / "site", tiles="https://tile.example.org/tiles.png")
