"""One page per data resource: labels, description, types, links out and in, sources, a map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from pimgraph.core.namespaces import LINK_PROPERTIES, LINK_TARGETS, PIM, link_target_of
from pimgraph.publish.city_map import POINT_SCRIPTS, POINT_STYLES, point_map
from pimgraph.publish.html import a, esc, http_iri, layout
from pimgraph.publish.i18n import OTHER, ui
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


def map_svg(site: SiteGraph, point: tuple[float, float], name: str, lang: str) -> str:
    height = _map_height()
    west, east, south, north = BOX
    grid = []
    for meridian in range(int(west) + 1, int(east) + 1, 2):
        x, _ = _xy(meridian, north)
        grid.append(
            f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" stroke="#dde5ee"/>'
            f'<text x="{x + 2}" y="{height - 4}" font-size="9" fill="#8a94a6">{meridian}°E</text>'
        )
    for parallel in range(int(south) + 1, int(north) + 1):
        _, y = _xy(west, parallel)
        grid.append(
            f'<line x1="0" y1="{y}" x2="{MAP_WIDTH}" y2="{y}" stroke="#dde5ee"/>'
            f'<text x="2" y="{y - 2}" font-size="9" fill="#8a94a6">{parallel}°N</text>'
        )
    others = []
    for feature, (lon, lat) in sorted(site.points.items()):
        if site.has_type(feature, PIM.City) and west <= lon <= east and south <= lat <= north:
            x, y = _xy(lon, lat)
            others.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="#9aa5b5"/>')
    lon, lat = point
    inside_box = west <= lon <= east and south <= lat <= north
    marker = ""
    if inside_box:
        x, y = _xy(lon, lat)
        anchor = "end" if x > MAP_WIDTH * 0.6 else "start"
        dx = -8 if anchor == "end" else 8
        marker = (
            f'<circle cx="{x}" cy="{y}" r="6" fill="#c62828" stroke="#fff" stroke-width="2"/>'
            f'<text x="{x + dx}" y="{y + 4}" font-size="12" font-weight="600" '
            f'text-anchor="{anchor}" '
            f'fill="#1d2330">{esc(name)}</text>'
        )
    caption = esc(ui("map_caption", lang))
    return (
        f'<svg role="img" aria-label="{esc(name)}" width="{MAP_WIDTH}" height="{height}" '
        f'viewBox="0 0 {MAP_WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{caption}</title>{''.join(grid)}{''.join(others)}{marker}</svg>"
    )


def _location(site: SiteGraph, iri: URIRef, lang: str, tiles: str | None) -> str:
    point = site.points.get(iri)
    if point is None:
        return ""
    path = html_path(resource_stem(str(iri)), lang)
    lon, lat = point
    name = site.label(iri, lang)
    osm = http_iri(
        f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=12/{lat:.5f}/{lon:.5f}"
    )
    osm_link = a(osm, ui("osm_link", lang)) if osm else ""
    return (
        f'<h2>{esc(ui("location", lang))}</h2><div class="map" '
        f'id="map">{map_svg(site, point, name, lang)}{point_map(path, point, name, lang, tiles)}'
        f'<div><p>{esc(ui("coordinates", lang))}: <span id="coordinates">{lat:.5f}° N, {lon:.5f}° '
        "E</span></p>"
        f'<p>{osm_link}</p><p class="muted">{esc(ui("osm_credit", lang))}</p>'
        f'<p class="muted" id="map-caption">{esc(ui("map_caption", lang))}</p></div></div>'
    )


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

    def link(self, term: Node) -> str:
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
    parts = [
        *_heading(page, name),
        *_descriptions(page, descriptions),
        _labels(page),
        _location(site, iri, lang, tiles),
        _external_links(page),
        _outgoing(page),
        _incoming(page),
        _sources(page),
        _rdf_links(page),
    ]
    alternates = [(media, with_suffix(stem, suffix)) for media, suffix, _ in RDF_FILES]
    summary = next((str(d) for d in descriptions if getattr(d, "language", None) == lang), "")
    return layout(
        lang=lang,
        title=name,
        body="\n".join(p for p in parts if p),
        path=page.path,
        other=html_path(stem, OTHER[lang]),
        alternates=alternates,
        summary=summary[:300],
        **({"styles": POINT_STYLES, "scripts": POINT_SCRIPTS} if iri in site.points else {}),
    )


def _heading(page: _Page, name: str) -> list[str]:
    """The resource's types, its name and its IRI."""
    types = page.sorted(page.site.graph.objects(page.iri, RDF.type))
    parts = []
    if types:
        parts.append('<p class="types">' + "".join(page.link(t) for t in types) + "</p>")
    parts.append(f'<h1 id="title">{esc(name)}</h1>')
    parts.append(f'<p class="iri">{esc(ui("iri", page.lang))}: {esc(str(page.iri))}</p>')
    return parts


def _descriptions(page: _Page, descriptions: list[Node]) -> list[str]:
    parts = []
    for text in descriptions:
        language = text.language if isinstance(text, Literal) else None
        attr = f' lang="{esc(language)}"' if language else ""
        parts.append(f'<p class="description"{attr}>{page.link(text)}</p>')
    return parts


def _labels(page: _Page) -> str:
    labels = page.site.labels_of(page.iri)
    if not labels:
        return ""
    items = "".join(f"<li>{page.link(value)}</li>" for value in labels)
    return f'<h2>{esc(ui("labels", page.lang))}</h2><ul id="labels">{items}</ul>'


def _external_links(page: _Page) -> str:
    """The links to GeoNames, EuroVoc and the SDGs, each with the target's own label and its
    record of evidence (how it was found; the curators' note for a mapping)."""
    graph, lang = page.site.graph, page.lang
    rows = []
    for record in graph.subjects(PIM.linkSubject, page.iri):
        target, prop = graph.value(record, PIM.linkTarget), graph.value(record, PIM.linkProperty)
        key = link_target_of(str(target)) if isinstance(target, URIRef) else None
        if key is None or prop is None or (page.iri, prop, target) not in graph:
            continue
        label = graph.value(record, PIM.targetLabel)
        distance = graph.value(record, PIM.matchDistance)
        name = str(label or target)
        href = http_iri(str(target))
        evidence = page.link(record)
        if distance is not None:
            km = f"{int(str(distance)) / 1000:.1f}"
            evidence += f' <span class="muted">({esc(km)} km)</span>'
        rows.append(
            (
                LINK_TARGETS[key].name,
                name,
                f"<tr><td>{esc(LINK_TARGETS[key].name)}</td><td>{page.link(prop)}</td>"
                f"<td>{a(href, name) if href else esc(name)}</td>"
                f"<td>{evidence}</td></tr>",
            )
        )
    if not rows:
        return ""
    headers = "".join(
        f"<th>{esc(ui(key, lang))}</th>"
        for key in ("link_dataset", "link_match", "link_target", "link_evidence")
    )
    body = "".join(row for *_key, row in sorted(rows))
    return (
        f'<h2>{esc(ui("links_out", lang))}</h2><table id="links-out">'
        f"<thead><tr>{headers}</tr></thead><tbody>{body}</tbody></table>"
    )


def _outgoing(page: _Page) -> str:
    """The table of the resource's properties and their values."""
    site = page.site
    outgoing = _grouped((p, o) for p, o in site.out_links(page.iri) if p not in SHOWN_APART)
    if not outgoing:
        return ""
    return _link_table(page, outgoing, "out", "properties", ("property", "value"), prop_first=True)


def _incoming(page: _Page) -> str:
    """The table of the resources that point at this one, and through which property."""
    incoming = _grouped((p, s) for s, p in page.site.in_links(page.iri))
    if not incoming:
        return ""
    return _link_table(page, incoming, "in", "incoming", ("resource", "property"), prop_first=False)


def _link_table(
    page: _Page,
    grouped: dict,
    table_id: str,
    title: str,
    headers: tuple[str, str],
    prop_first: bool,
) -> str:
    """A titled two-column table of links grouped by property: property then values (the
    resource's own statements) or values then property (the links pointing at it)."""
    rows = []
    for prop in page.sorted(grouped):
        cells = "<br>".join(page.link(term) for term in page.sorted(grouped[prop]))
        prop_cell = f'<td class="prop">{page.link(prop)}</td>'
        row = prop_cell + f"<td>{cells}</td>" if prop_first else f"<td>{cells}</td>" + prop_cell
        rows.append(f"<tr>{row}</tr>")
    lang = page.lang
    first, second = (esc(ui(key, lang)) for key in headers)
    return (
        f'<h2>{esc(ui(title, lang))}</h2><table id="{table_id}">'
        f"<thead><tr><th>{first}</th><th>{second}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _sources(page: _Page) -> str:
    sources = page.sorted(page.site.graph.objects(page.iri, DCTERMS.source))
    if not sources:
        return ""
    items = "".join(f"<li>{page.link(source)}</li>" for source in sources)
    return f'<h2>{esc(ui("sources", page.lang))}</h2><ul id="sources">{items}</ul>'


def _rdf_links(page: _Page) -> str:
    """Links to the resource's own Turtle and JSON-LD files."""
    files = "".join(
        f"<li>{a(relative_url(page.path, with_suffix(page.stem, suffix)), label)} "
        f'<span class="muted">({esc(media)})</span></li>'
        for media, suffix, label in RDF_FILES
    )
    return f"<h2>{esc(ui('as_rdf', page.lang))}</h2><ul>{files}</ul>"


def rdf_files(site: SiteGraph, iri: URIRef) -> dict[str, str]:
    """The resource's concise bounded description as Turtle and JSON-LD, by file suffix."""

    description = site.description(iri)
    return {".ttl": turtle(description), ".jsonld": jsonld(description)}
