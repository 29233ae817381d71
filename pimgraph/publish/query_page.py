"""The SPARQL query page: a gallery of the stored queries with their parameters as form fields,
the vendored YASQE editor (YASGUI's), and the results as a table, Turtle or a map of points.

The page body is ``templates/query.html``, the script ``static/query.js``. Everything the script
needs travels as JSON in one ``<script type="application/json">`` element (``html.script_json``):
each stored query's text without its ``#+`` header lines and the offset of the ``{`` that opens
its WHERE group (``graph.values.where_group_start``, the place the CLI puts its ``VALUES`` block
for a remote endpoint), so the browser binds parameters the way the CLI does; the city picker's
values are city IRIs, labelled in the page's language. The editor completes our prefixes only
and asks no other host. Results are put on the page with ``textContent`` only, never as HTML.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from rdflib import OWL, RDF, RDFS, URIRef

from pimgraph.core.messages import plural_forms
from pimgraph.core.namespaces import PREFIXES
from pimgraph.core.terms import PIM
from pimgraph.graph.values import where_group_start
from pimgraph.publish.city_map import OUTLINE
from pimgraph.publish.html import script_json, site_page
from pimgraph.publish.i18n import UI, ui
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.templating import STATIC
from pimgraph.sparql.catalogue import Parameter, StoredQuery, catalogue

# Parameters whose values are instances of one class get a picker of those instances.
PICKERS = {"city": PIM.City, "network": PIM.Network}
STYLES = (STATIC / "vendor/yasgui/yasgui.min.css", STATIC / "vendor/leaflet/leaflet.css")
SCRIPTS = (
    STATIC / "vendor/yasgui/yasgui.min.js",
    STATIC / "vendor/leaflet/leaflet.js",
    STATIC / "map.js",
    STATIC / "query.js",
)
DEFAULT_ENDPOINT = "sparql"  # the site's own endpoint, next to the page (pimgraph serve)


def _field(
    parameter: Parameter, pickers: dict[str, list[dict[str, str]]], lang: str = "en"
) -> dict:
    picker = parameter.name if parameter.type == "iri" and parameter.name in pickers else None
    key = f"param_{parameter.name}"
    return {
        "name": parameter.name,
        "label": ui(key, lang) if key in UI else parameter.name,
        "variable": parameter.variable,
        "type": parameter.type,
        "required": parameter.required,
        "picker": picker,
    }


def _stored(query: StoredQuery, lang: str, pickers: dict[str, list[dict[str, str]]]) -> dict:
    text = query.body
    return {
        "id": query.id,
        "summary": query.extra.get(f"summary_{lang}", query.summary),
        "description": query.extra.get(f"description_{lang}", query.description),
        "form": query.form,
        "text": text,
        "values_at": where_group_start(text),
        # The reader's language is the page's: a 'lang' parameter is bound to it, not asked for.
        "fields": [_field(p, pickers, lang) for p in query.parameters if p.name != "lang"],
        "lang_variable": next((p.variable for p in query.parameters if p.name == "lang"), None),
        "variables": [p.variable for p in query.parameters],  # the VALUES block's order
    }


def _pickers(site: SiteGraph, lang: str) -> dict[str, list[dict[str, str]]]:
    return {
        name: [
            {"iri": str(iri), "label": site.label(iri, lang)} for iri in site.instances(cls, lang)
        ]
        for name, cls in PICKERS.items()
    }


def _vocabulary(site: SiteGraph) -> dict[str, list[str]]:
    """The classes and properties of our graph, for the editor's completion (not LOV's)."""
    graph = site.graph
    classes = set(graph.objects(None, RDF.type))
    classes |= {s for c in (OWL.Class, RDFS.Class) for s in graph.subjects(RDF.type, c)}
    kinds = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    properties = set(graph.predicates()) | {s for k in kinds for s in graph.subjects(RDF.type, k)}
    return {
        "classes": sorted(str(c) for c in classes if isinstance(c, URIRef)),
        "properties": sorted(str(p) for p in properties if isinstance(p, URIRef)),
    }


def _words(lang: str) -> dict[str, object]:
    names = (
        "running",
        "run",
        "choose",
        "query_needs_server",
        "query_any",
        "query_optional",
        "query_bad_value",
        "query_missing_value",
        "query_description",
        "query_open",
        "download_csv",
        "download_json",
        "query_map",
        "query_endpoint",
        "map_credit",
    )
    words: dict[str, object] = {name: ui(name, lang) for name in names}
    words["rows"] = plural_forms("{n} row", "{n} rows", lang=lang)
    return words


def query_page(
    lang: str, site: SiteGraph, endpoint: str = DEFAULT_ENDPOINT
) -> tuple[PurePosixPath, str]:
    """The query page in ``lang``; ``endpoint`` is where the editor sends queries."""
    pickers = _pickers(site, lang)
    data = {
        "endpoint": endpoint,
        "lang": lang,
        "prefixes": dict(sorted(PREFIXES.items())),
        "queries": [_stored(q, lang, pickers) for q in catalogue().values()],
        "pickers": pickers,
        "vocabulary": _vocabulary(site),
        "words": _words(lang),
    }
    return site_page(
        "query.html",
        "query",
        lang,
        ui("query", lang),
        styles=STYLES,
        scripts=SCRIPTS,
        endpoint=endpoint,
        outline=str(OUTLINE),
        data=script_json(data),
    )
