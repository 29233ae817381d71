"""One page per data resource: labels, description, types, links out and in, sources, a map."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from pimgraph.core.namespaces import PIM
from pimgraph.publish.html import a, esc, http_iri, layout
from pimgraph.publish.i18n import OTHER, ui
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.paths import html_path, relative_url, resource_stem, with_suffix

SHOWN_APART = {RDF.type, RDFS.label, SKOS.prefLabel, DCTERMS.description, DCTERMS.source}
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
    for lon in range(int(west) + 1, int(east) + 1, 2):
        x, _ = _xy(lon, north)
        grid.append(
            f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" stroke="#dde5ee"/>'
            f'<text x="{x + 2}" y="{height - 4}" font-size="9" fill="#8a94a6">{lon}°E</text>'
        )
    for lat in range(int(south) + 1, int(north) + 1):
        _, y = _xy(west, lat)
        grid.append(
            f'<line x1="0" y1="{y}" x2="{MAP_WIDTH}" y2="{y}" stroke="#dde5ee"/>'
            f'<text x="2" y="{y - 2}" font-size="9" fill="#8a94a6">{lat}°N</text>'
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
            f'<text x="{x + dx}" y="{y + 4}" font-size="12" font-weight="600" text-anchor="{anchor}" '
            f'fill="#1d2330">{esc(name)}</text>'
        )
    caption = esc(ui("map_caption", lang))
    return (
        f'<svg role="img" aria-label="{esc(name)}" width="{MAP_WIDTH}" height="{height}" '
        f'viewBox="0 0 {MAP_WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{caption}</title>{''.join(grid)}{''.join(others)}{marker}</svg>"
    )


def _location(site: SiteGraph, iri: URIRef, lang: str) -> str:
    point = site.points.get(iri)
    if point is None:
        return ""
    lon, lat = point
    name = site.label(iri, lang)
    osm = http_iri(
        f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=12/{lat:.5f}/{lon:.5f}"
    )
    osm_link = a(osm, ui("osm_link", lang)) if osm else ""
    return (
        f'<h2>{esc(ui("location", lang))}</h2><div class="map" id="map">{map_svg(site, point, name, lang)}'
        f'<div><p>{esc(ui("coordinates", lang))}: <span id="coordinates">{lat:.5f}° N, {lon:.5f}° E</span></p>'
        f'<p>{osm_link}</p><p class="muted">{esc(ui("osm_credit", lang))}</p>'
        f'<p class="muted">{esc(ui("map_caption", lang))}</p></div></div>'
    )


def _grouped(pairs) -> dict[Node, list[Node]]:
    groups: dict[Node, list[Node]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def resource_page(site: SiteGraph, iri: URIRef, lang: str) -> str:
    stem = resource_stem(str(iri))
    path = html_path(stem, lang)
    name = site.label(iri, lang)
    link = lambda term: site.link(term, path, lang)  # noqa: E731

    types = sorted(site.graph.objects(iri, RDF.type), key=lambda t: site.sort_key(t, lang))
    parts = []
    if types:
        parts.append('<p class="types">' + "".join(link(t) for t in types) + "</p>")
    parts.append(f'<h1 id="title">{esc(name)}</h1>')
    parts.append(f'<p class="iri">{esc(ui("iri", lang))}: {esc(str(iri))}</p>')

    descriptions = sorted(
        site.graph.objects(iri, DCTERMS.description),
        key=lambda d: (getattr(d, "language", None) != lang, str(d)),
    )
    for text in descriptions:
        language = text.language if isinstance(text, Literal) else None
        attr = f' lang="{esc(language)}"' if language else ""
        parts.append(f'<p class="description"{attr}>{link(text)}</p>')

    labels = site.labels_of(iri)
    if labels:
        items = "".join(f"<li>{link(value)}</li>" for value in labels)
        parts.append(f'<h2>{esc(ui("labels", lang))}</h2><ul id="labels">{items}</ul>')

    parts.append(_location(site, iri, lang))

    outgoing = _grouped((p, o) for p, o in site.out_links(iri) if p not in SHOWN_APART)
    if outgoing:
        rows = []
        for prop in sorted(outgoing, key=lambda p: site.sort_key(p, lang)):
            values = sorted(outgoing[prop], key=lambda o: site.sort_key(o, lang))
            cells = "<br>".join(link(value) for value in values)
            rows.append(f'<tr><td class="prop">{link(prop)}</td><td>{cells}</td></tr>')
        parts.append(
            f'<h2>{esc(ui("properties", lang))}</h2><table id="out">'
            f"<thead><tr><th>{esc(ui('property', lang))}</th><th>{esc(ui('value', lang))}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    incoming = _grouped((p, s) for s, p in site.in_links(iri))
    if incoming:
        rows = []
        for prop in sorted(incoming, key=lambda p: site.sort_key(p, lang)):
            subjects = sorted(incoming[prop], key=lambda s: site.sort_key(s, lang))
            cells = "<br>".join(link(subject) for subject in subjects)
            rows.append(f'<tr><td>{cells}</td><td class="prop">{link(prop)}</td></tr>')
        parts.append(
            f'<h2>{esc(ui("incoming", lang))}</h2><table id="in">'
            f"<thead><tr><th>{esc(ui('resource', lang))}</th><th>{esc(ui('property', lang))}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    sources = sorted(site.graph.objects(iri, DCTERMS.source), key=lambda s: site.sort_key(s, lang))
    if sources:
        items = "".join(f"<li>{link(source)}</li>" for source in sources)
        parts.append(f'<h2>{esc(ui("sources", lang))}</h2><ul id="sources">{items}</ul>')

    files = "".join(
        f"<li>{a(relative_url(path, with_suffix(stem, suffix)), label)} "
        f'<span class="muted">({esc(media)})</span></li>'
        for media, suffix, label in RDF_FILES
    )
    parts.append(f"<h2>{esc(ui('as_rdf', lang))}</h2><ul>{files}</ul>")

    alternates = [(media, with_suffix(stem, suffix)) for media, suffix, _ in RDF_FILES]
    summary = next((str(d) for d in descriptions if getattr(d, "language", None) == lang), "")
    return layout(
        lang=lang,
        title=name,
        body="\n".join(p for p in parts if p),
        path=path,
        other=html_path(stem, OTHER[lang]),
        alternates=alternates,
        summary=summary[:300],
    )


def rdf_files(site: SiteGraph, iri: URIRef) -> dict[str, str]:
    """The resource's concise bounded description as Turtle and JSON-LD, by file suffix."""
    from pimgraph.rdf.serialize import jsonld, turtle

    description = site.description(iri)
    return {".ttl": turtle(description), ".jsonld": jsonld(description)}


def page_path(iri: URIRef, lang: str) -> PurePosixPath:
    return html_path(resource_stem(str(iri)), lang)
