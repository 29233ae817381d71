"""One page per data resource: labels, description, types, links out and in, sources, a map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup
from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from pimgraph.core.namespaces import LINK_PROPERTIES, LINK_TARGETS, PIM, link_target_of
from pimgraph.publish.city_map import POINT_SCRIPTS, POINT_STYLES, point_map
from pimgraph.publish.html import http_iri, layout
from pimgraph.publish.i18n import OTHER
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.paths import html_path, relative_url, resource_stem, with_suffix
from pimgraph.rdf.serialize import jsonld, turtle

SHOWN_APART = {
    RDF.type,
    RDFS.label,
    SKOS.prefLabel,
    DCTERMS.description,
    DCTERMS.source,
    *LINK_PROPERTIES,  # in their own section, with the target's label and the evidence
}
RDF_FILES = (("text/turtle", ".ttl", "Turtle"), ("application/ld+json", ".jsonld", "JSON-LD"))

# The map frame: a lon/lat box around Poland, drawn with lon scaled by cos(52°) so that
# distances look right; no tiles, nothing loaded from another host.
BOX = (14.0, 24.3, 48.9, 55.0)  # west, east, south, north
MAP_WIDTH = 320
_COS_MID = 0.6157


def _map_height() -> int:
    west, east, south, north = BOX
    return round(MAP_WIDTH * (north - south) / ((east - west) * _COS_MID))


def _xy(lon: float, lat: float) -> tuple[float, float]:
    west, east, south, north = BOX
    height = _map_height()
    return (
        round((lon - west) / (east - west) * MAP_WIDTH, 1),
        round((north - lat) / (north - south) * height, 1),
    )


def map_svg(site: SiteGraph, point: tuple[float, float], name: str) -> dict[str, object]:
    """What the static SVG map of a point draws: the graticule, the other cities, the marker."""
    height = _map_height()
    west, east, south, north = BOX
    others = [
        _xy(lon, lat)
        for feature, (lon, lat) in sorted(site.points.items())
        if site.has_type(feature, PIM.City) and west <= lon <= east and south <= lat <= north
    ]
    lon, lat = point
    marker = None
    if west <= lon <= east and south <= lat <= north:
        x, y = _xy(lon, lat)
        anchor = "end" if x > MAP_WIDTH * 0.6 else "start"
        marker = {"x": x, "y": y, "anchor": anchor, "dx": -8 if anchor == "end" else 8}
    return {
        "name": name,
        "width": MAP_WIDTH,
        "height": height,
        "meridians": [
            (_xy(meridian, north)[0], meridian)
            for meridian in range(int(west) + 1, int(east) + 1, 2)
        ],
        "parallels": [
            (_xy(west, parallel)[1], parallel) for parallel in range(int(south) + 1, int(north) + 1)
        ],
        "others": others,
        "marker": marker,
    }


def _location(page: _Page, tiles: str | None) -> dict[str, object] | None:
    point = page.site.points.get(page.iri)
    if point is None:
        return None
    lon, lat = point
    name = page.site.label(page.iri, page.lang)
    return {
        "lon": lon,
        "lat": lat,
        "svg": map_svg(page.site, point, name),
        "leaflet": point_map(page.path, point, name, page.lang, tiles),
        "osm": http_iri(
            f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
            f"#map=12/{lat:.5f}/{lon:.5f}"
        ),
    }


def _grouped(pairs) -> dict[Node, list[Node]]:
    groups: dict[Node, list[Node]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


@dataclass(frozen=True)
class _Page:
    """The resource a page is about, in one language, and where the page lives."""

    site: SiteGraph
    iri: URIRef
    lang: str
    stem: PurePosixPath
    path: PurePosixPath

    def link(self, term: Node) -> Markup:
        return self.site.link(term, self.path, self.lang)

    def sorted(self, terms) -> list[Node]:
        return sorted(terms, key=lambda t: self.site.sort_key(t, self.lang))


def resource_page(site: SiteGraph, iri: URIRef, lang: str, tiles: str | None = None) -> str:
    """The page of ``iri`` in ``lang``; ``tiles``: the opt-in tile URL of its map, if any."""
    stem = resource_stem(str(iri))
    page = _Page(site, iri, lang, stem, html_path(stem, lang))
    name = site.label(iri, lang)
    descriptions = sorted(
        site.graph.objects(iri, DCTERMS.description),
        key=lambda d: (getattr(d, "language", None) != lang, str(d)),
    )
    alternates = [(media, with_suffix(stem, suffix)) for media, suffix, _ in RDF_FILES]
    summary = next((str(d) for d in descriptions if getattr(d, "language", None) == lang), "")
    return layout(
        "resource.html",
        lang=lang,
        title=name,
        path=page.path,
        other=html_path(stem, OTHER[lang]),
        alternates=alternates,
        summary=summary[:300],
        **({"styles": POINT_STYLES, "scripts": POINT_SCRIPTS} if iri in site.points else {}),
        name=name,
        iri=str(iri),
        types=[page.link(t) for t in page.sorted(site.graph.objects(iri, RDF.type))],
        descriptions=[
            (text.language if isinstance(text, Literal) else None, page.link(text))
            for text in descriptions
        ],
        labels=[page.link(value) for value in site.labels_of(iri)],
        location=_location(page, tiles),
        links_out=_external_links(page),
        outgoing=_link_rows(page, _outgoing(page), prop_first=True),
        incoming=_link_rows(page, _incoming(page), prop_first=False),
        sources=[page.link(s) for s in page.sorted(site.graph.objects(iri, DCTERMS.source))],
        rdf_files=[
            (relative_url(page.path, with_suffix(stem, suffix)), label, media)
            for media, suffix, label in RDF_FILES
        ],
    )


def _external_links(page: _Page) -> list[dict[str, object]]:
    """The links to GeoNames, EuroVoc and the SDGs, each with the target's own label and its
    record of evidence (how it was found; the curators' note for a mapping)."""
    graph = page.site.graph
    rows: list[dict[str, object]] = []
    for record in graph.subjects(PIM.linkSubject, page.iri):
        target, prop = graph.value(record, PIM.linkTarget), graph.value(record, PIM.linkProperty)
        key = link_target_of(str(target)) if isinstance(target, URIRef) else None
        if key is None or prop is None or (page.iri, prop, target) not in graph:
            continue
        label = graph.value(record, PIM.targetLabel)
        distance = graph.value(record, PIM.matchDistance)
        rows.append(
            {
                "dataset": LINK_TARGETS[key].name,
                "match": page.link(prop),
                "name": str(label or target),
                "href": http_iri(str(target)),
                "evidence": page.link(record),
                "km": f"{int(str(distance)) / 1000:.1f}" if distance is not None else "",
            }
        )
    return sorted(rows, key=lambda row: (str(row["dataset"]), str(row["name"])))


def _outgoing(page: _Page) -> dict[Node, list[Node]]:
    """The resource's properties and their values."""
    return _grouped((p, o) for p, o in page.site.out_links(page.iri) if p not in SHOWN_APART)


def _incoming(page: _Page) -> dict[Node, list[Node]]:
    """The resources that point at this one, by the property they point through."""
    return _grouped((p, s) for s, p in page.site.in_links(page.iri))


def _link_rows(page: _Page, grouped: dict, prop_first: bool) -> list[tuple[object, object, bool]]:
    """The rows of a two-column table of links grouped by property: property then values (the
    resource's own statements) or values then property (the links pointing at it)."""
    rows: list[tuple[object, object, bool]] = []
    for prop in page.sorted(grouped):
        values = [page.link(term) for term in page.sorted(grouped[prop])]
        first, second = (page.link(prop), values) if prop_first else (values, page.link(prop))
        rows.append((first, second, prop_first))
    return rows


def rdf_files(site: SiteGraph, iri: URIRef) -> dict[str, str]:
    """The resource's concise bounded description as Turtle and JSON-LD, by file suffix."""

    description = site.description(iri)
    return {".ttl": turtle(description), ".jsonld": jsonld(description)}
