"""The interactive map of the cities index: the data the page embeds, the map's HTML, and the
outline of Poland as a GeoJSON file of the site.

``static/map.js`` draws it with the vendored Leaflet and Leaflet.markercluster. With no tile URL
(the default) the only base layer is the outline (``pimgraph.core``'s ``poland-outline.json``,
written into the site as ``static/poland-outline.geo.json``), so the map asks no other host for
anything; ``publish --tiles URL`` adds a tile layer the page names in ``data-tiles``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from markupsafe import Markup
from rdflib import URIRef
from rdflib.term import Node

from pimgraph.core.errors import UsageError
from pimgraph.core.geo import poland_outline
from pimgraph.core.namespaces import ORG, PIM
from pimgraph.publish.html import http_iri, script_json
from pimgraph.publish.i18n import ui
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.paths import html_path, relative_url, resource_stem, search_root
from pimgraph.publish.templating import STATIC, macro

# GeoJSON, named .json so that any web server sends it as application/json.
OUTLINE = STATIC / "poland-outline.geo.json"
MAP_STYLES = (
    STATIC / "vendor/leaflet/leaflet.css",
    STATIC / "vendor/leaflet.markercluster/MarkerCluster.css",
    STATIC / "vendor/leaflet.markercluster/MarkerCluster.Default.css",
)
MAP_SCRIPTS = (
    STATIC / "vendor/leaflet/leaflet.js",
    STATIC / "vendor/leaflet.markercluster/leaflet.markercluster.js",
    STATIC / "map.js",
)
POINT_STYLES = (STATIC / "vendor/leaflet/leaflet.css",)
POINT_SCRIPTS = (STATIC / "vendor/leaflet/leaflet.js", STATIC / "map.js")
_TILE_FIELDS = re.compile(r"\{[zxys]\}")


def check_tiles(url: str | None) -> str | None:
    """``url`` when it is an http(s) tile template with ``{z}``, ``{x}`` and ``{y}``, else a
    UsageError; None stays None (no tile layer)."""
    if url is None:
        return None
    filled = _TILE_FIELDS.sub("0", url)
    if not all(f"{{{field}}}" in url for field in "zxy") or not http_iri(filled):
        raise UsageError(
            f"--tiles {url!r} must be an http(s) URL template with {{z}}, {{x}} and {{y}}"
        )
    return url


def outline_geojson() -> str:
    """Poland's outline as a GeoJSON Feature (its source and licence as properties)."""
    document = poland_outline()
    feature = {
        "type": "Feature",
        "properties": {
            "name": document["name"],
            "source": document["source"],
            "licence": document["licence"],
        },
        "geometry": {"type": document["type"], "coordinates": document["coordinates"]},
    }
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":")) + "\n"


def map_data(
    site: SiteGraph,
    cities: Iterable[URIRef],
    networks: list[Node],
    editions: list[Node],
    path: PurePosixPath,
    lang: str,
) -> dict:
    """What map.js draws: the networks (in palette order) and editions to filter by, and each
    city with a point: label, page URL (relative to ``path``), lon/lat, networks, editions."""

    def term(node: Node) -> dict:
        return {"iri": str(node), "label": site.label(node, lang)}

    network_order = {n: i for i, n in enumerate(networks)}
    edition_order = {e: i for i, e in enumerate(editions)}
    placed = []
    for city in cities:
        point = site.points.get(city)
        if point is None:
            continue
        own_networks = sorted(
            (n for n in set(site.inferred.objects(city, ORG.memberOf)) if n in network_order),
            key=network_order.__getitem__,
        )
        own_editions = sorted(
            (e for e in set(site.inferred.objects(city, PIM.participatedIn)) if e in edition_order),
            key=edition_order.__getitem__,
        )
        placed.append(
            {
                **term(city),
                "url": relative_url(path, html_path(resource_stem(str(city)), lang)),
                "lon": point[0],
                "lat": point[1],
                "networks": [term(n) for n in own_networks],
                "editions": [term(e) for e in own_editions],
            }
        )
    return {
        "networks": [term(n) for n in networks],
        "editions": [term(e) for e in editions],
        "cities": placed,
    }


def map_section(data: dict, path: PurePosixPath, lang: str, tiles: str | None) -> Markup:
    """The filters, the count, the map element (a note when JavaScript is off) and its data."""
    return macro(
        "maps.html",
        "cities_map",
        ui=lambda key: ui(key, lang),
        data=script_json(data),
        outline=search_root(path) + str(OUTLINE),
        tiles=tiles,
    )


def point_map(
    path: PurePosixPath, point: tuple[float, float], label: str, lang: str, tiles: str | None
) -> Markup:
    """A resource page's small Leaflet map of its point: hidden until map.js draws it, when it
    takes the place of the static SVG map (which stays for readers without JavaScript)."""
    return macro(
        "maps.html",
        "point_map",
        ui=lambda key: ui(key, lang),
        lon=point[0],
        lat=point[1],
        label=label,
        outline=search_root(path) + str(OUTLINE),
        tiles=tiles,
    )
