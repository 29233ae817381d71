"""The index pages: home, networks, cities (sortable), themes (the SKOS tree), recommendations
by scope, MIDs, editions, and every resource by kind; cities, recommendations and MIDs are
faceted lists (``facets``). Lookups use the inferred graph, so facts stated
in one direction only (``org:memberOf`` without ``org:hasMember``) still show."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from rdflib import SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from pimgraph.core.namespaces import ORG, PIM, PIMID, SCHEMA
from pimgraph.publish.city_map import MAP_SCRIPTS, MAP_STYLES, map_data, map_section
from pimgraph.publish.facets import (
    CITY_FACETS,
    FACET_SCRIPT,
    RECOMMENDATION_FACETS,
    FacetIndex,
    facet_panel,
)
from pimgraph.publish.html import (
    NAV,
    NAV_FILES,
    SORT_SCRIPT,
    a,
    esc,
    layout,
    page_file,
    site_page,
    table,
)
from pimgraph.publish.i18n import OTHER, ui
from pimgraph.publish.mids import mids_page
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.paths import relative_url

PROGRAMME = PIMID["programme/pim"]


class Indexes:
    def __init__(self, site: SiteGraph, tiles: str | None = None):
        """``tiles``: the opt-in tile URL template of the cities map (None: the outline only)."""
        self.site = site
        self.g = site.inferred
        self.tiles = tiles

    def values(self, subject: Node, prop: URIRef) -> list[Node]:
        return list(dict.fromkeys(self.g.objects(subject, prop)))

    def subjects(self, prop: URIRef, value: Node) -> list[Node]:
        return list(dict.fromkeys(self.g.subjects(prop, value)))

    def links(self, terms, path: PurePosixPath, lang: str, sep: str = ", ") -> str:
        return self.site.links(terms, path, lang, sep)

    def text_in(self, subject: Node, prop: URIRef, lang: str) -> str:
        texts = [v for v in self.g.objects(subject, prop) if isinstance(v, Literal)]
        for language in (lang, OTHER[lang], None):
            for text in texts:
                if text.language == language:
                    return str(text)
        return str(texts[0]) if texts else ""

    # ---- pages
    def home(self, lang: str, triples: int) -> tuple[PurePosixPath, str]:
        path = page_file("index", lang)
        title = (
            self.site.label(PROGRAMME, lang)
            if (PROGRAMME, None, None) in self.g
            else ui("site_title", lang)
        )
        parts = [f'<h1 id="title">{esc(title)}</h1>']
        about = self.text_in(PROGRAMME, DCTERMS.description, lang)
        if about:
            parts.append(f'<p class="description">{esc(about)}</p>')
        parts.append(
            f"<p>{self.site.link(PROGRAMME, path, lang)}</p>"
            if (PROGRAMME, None, None) in self.g
            else ""
        )
        parts.append(f"<h2>{esc(ui('what_holds', lang))}</h2>")
        parts.append(self._counts(path, lang))
        parts.append(f'<p class="muted">{len(self.site.resources)} IRI · {triples} RDF triples</p>')
        browse = "".join(
            f"<li>{a(relative_url(path, page_file(NAV_FILES[key], lang)), ui(key, lang))}</li>"
            # The browsable parts of the navigation (not the ontology, data and query pages).
            for key in NAV[: NAV.index("resources") + 1]
        )
        parts.append(f'<h2>{esc(ui("browse", lang))}</h2><ul id="browse">{browse}</ul>')
        parts.append(_for_machines(path, lang))
        return path, layout(
            lang=lang,
            title=title,
            body="\n".join(parts),
            path=path,
            other=page_file("index", OTHER[lang]),
            summary=about[:300],
        )

    def _counts(self, path: PurePosixPath, lang: str) -> str:
        """How many editions, networks, cities, ... the graph holds, each linked to its index."""
        counts = []
        for cls, page in (
            (PIM.ProgrammeEdition, "editions"),
            (PIM.Network, "networks"),
            (PIM.City, "cities"),
            (PIM.Theme, "themes"),
            (PIM.Recommendation, "recommendations"),
            (PIM.ImprovementPlan, "resources#kind-plan"),
            (PIM.UrbanActionInitiative, "mids"),
            (PIM.PolicyFramework, "resources#kind-framework"),
            (PIM.SourceDocument, "resources#kind-source"),
        ):
            number = len(self.site.instances(cls, lang))
            name, _, anchor = page.partition("#")
            href = relative_url(path, page_file(name, lang)) + (f"#{anchor}" if anchor else "")
            counts.append([a(href, self.site.label(cls, lang)), str(number)])
        return table([ui("class", lang), ui("count", lang)], counts, table_id="counts")

    def networks(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("networks", lang)
        rows = []
        for network in self._networks(lang):
            members = [
                m for m in self.values(network, ORG.hasMember) if self.site.has_type(m, PIM.City)
            ]
            rows.append(
                [
                    self.site.link(network, path, lang),
                    self.links(self.values(network, PIM.edition), path, lang),
                    self.links(self.values(network, PIM.hasTheme), path, lang),
                    str(len(members)),
                    self.links(self.values(network, PIM.hasImprovementPlan), path, lang),
                ]
            )
        body = f'<h1 id="title">{esc(ui("networks", lang))}</h1>' + table(
            [
                ui("network", lang),
                ui("edition", lang),
                ui("themes", lang),
                ui("members", lang),
                ui("plan", lang),
            ],
            rows,
            table_id="networks",
        )
        return site_page("networks", lang, ui("networks", lang), body)

    def _networks(self, lang: str) -> list[URIRef]:
        """The networks by their first edition, then by label (the map's palette order too)."""
        edition_order: dict[Node, int] = {e: i for i, e in enumerate(self._editions(lang))}
        return sorted(
            self.site.instances(PIM.Network, lang),
            key=lambda n: (
                min((edition_order.get(e, 99) for e in self.values(n, PIM.edition)), default=99),
                self.site.sort_key(n, lang),
            ),
        )

    def cities(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("cities", lang)
        rows = []
        cities = self.site.instances(PIM.City, lang)
        data = map_data(
            self.site, cities, [*self._networks(lang)], [*self._editions(lang)], path, lang
        )
        facets = self.facets(lang)
        panel = facet_panel(facets.data(cities, facets.city, CITY_FACETS, lang), path.name, lang)
        for city in cities:
            networks = [
                n for n in self.values(city, ORG.memberOf) if self.site.has_type(n, PIM.Network)
            ]
            rows.append(
                [
                    self.site.link(city, path, lang),
                    self.links(self.values(city, PIM.voivodeship), path, lang),
                    self.links(networks, path, lang),
                    self.links(self.values(city, PIM.participatedIn), path, lang),
                    esc(", ".join(sorted(str(v) for v in self.values(city, PIM.tercCode)))),
                ]
            )
        body = (
            f'<h1 id="title">{esc(ui("cities", lang))}</h1>'
            + panel
            + map_section(data, path, lang, self.tiles)
            + f'<h2 id="table-heading">{esc(ui("cities", lang))}</h2>'
            + f'<p class="muted">{esc(ui("sort_hint", lang))}</p>'
            + table(
                [
                    ui("name", lang),
                    ui("voivodeship", lang),
                    ui("networks", lang),
                    ui("editions", lang),
                    ui("terc", lang),
                ],
                rows,
                sortable=True,
                table_id="cities",
                items=[str(c) for c in cities],
            )
            + SORT_SCRIPT
        )
        return site_page(
            "cities",
            lang,
            ui("cities", lang),
            body,
            styles=MAP_STYLES,
            scripts=(*MAP_SCRIPTS, FACET_SCRIPT),
        )

    def facets(self, lang: str) -> FacetIndex:
        return FacetIndex(self.site, self._editions(lang), self._networks(lang))

    def themes(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("themes", lang)
        narrower: dict[Node, set[Node]] = defaultdict(set)
        for child, parent in self.g.subject_objects(SKOS.broader):
            narrower[parent].add(child)
        for parent, child in self.g.subject_objects(SKOS.narrower):
            narrower[parent].add(child)
        shown: set[Node] = set()

        def tree(nodes, trail: frozenset) -> str:
            items = []
            for node in sorted(set(nodes), key=lambda t: self.site.sort_key(t, lang)):
                shown.add(node)
                below = narrower.get(node, set()) - trail - {node}
                inner = tree(below, trail | {node}) if below else ""
                items.append(f"<li>{self.site.link(node, path, lang)}{inner}</li>")
            return f'<ul class="tree">{"".join(items)}</ul>'

        parts = [f'<h1 id="title">{esc(ui("themes", lang))}</h1>']
        for scheme in self.site.instances(SKOS.ConceptScheme, lang):
            tops = set(self.values(scheme, SKOS.hasTopConcept)) | set(
                self.subjects(SKOS.topConceptOf, scheme)
            )
            parts.append(f"<h2>{self.site.link(scheme, path, lang)}</h2>")
            about = self.text_in(scheme, DCTERMS.description, lang)
            if about:
                parts.append(f'<p class="muted">{esc(about)}</p>')
            parts.append(tree(tops, frozenset()))
        rest = [t for t in self.site.instances(PIM.Theme, lang) if t not in shown]
        if rest:
            parts.append(f"<h2>{esc(ui('other_themes', lang))}</h2>" + tree(rest, frozenset()))
        return site_page("themes", lang, ui("themes", lang), "\n".join(parts))

    def recommendations(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("recommendations", lang)
        by_scope: dict[Node | None, list[Node]] = defaultdict(list)
        recommendations = self.site.instances(PIM.Recommendation, lang)
        facets = self.facets(lang)
        data = facets.data(recommendations, facets.recommendation, RECOMMENDATION_FACETS, lang)
        for recommendation in recommendations:
            scopes: list[Node | None] = [*self.values(recommendation, PIM.scope)] or [None]
            for scope in scopes:
                by_scope[scope].append(recommendation)
        parts = [
            f'<h1 id="title">{esc(ui("recommendations", lang))}</h1>',
            facet_panel(data, path.name, lang),
        ]
        ordered = sorted(
            (s for s in by_scope if s is not None), key=lambda s: self.site.sort_key(s, lang)
        )
        for scope in [*ordered, *([None] if None in by_scope else [])]:
            heading = (
                self.site.link(scope, path, lang) if scope is not None else esc(ui("none", lang))
            )
            rows = [
                [
                    self.site.link(r, path, lang),
                    self.links(self.values(r, PIM.proposedBy), path, lang),
                    self.links(self.values(r, PIM.partOfPlan), path, lang),
                ]
                for r in by_scope[scope]
            ]
            parts.append(
                f"<section data-facet-group><h2>{esc(ui('scope', lang))}: {heading}</h2>"
                + table(
                    [ui("recommendations", lang), ui("network", lang), ui("plan", lang)],
                    rows,
                    items=[str(r) for r in by_scope[scope]],
                )
                + "</section>"
            )
        return site_page(
            "recommendations",
            lang,
            ui("recommendations", lang),
            "\n".join(parts),
            scripts=(FACET_SCRIPT,),
        )

    def _editions(self, lang: str) -> list[URIRef]:
        editions = self.site.instances(PIM.ProgrammeEdition, lang)
        return sorted(
            editions,
            key=lambda e: (
                [str(v) for v in self.values(e, SCHEMA.startDate)] or ["9999"],
                self.site.sort_key(e, lang),
            ),
        )

    def editions(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("editions", lang)
        parts = [f'<h1 id="title">{esc(ui("editions", lang))}</h1>']
        for edition in self._editions(lang):
            start = ", ".join(sorted(str(v) for v in self.values(edition, SCHEMA.startDate)))
            end = ", ".join(sorted(str(v) for v in self.values(edition, SCHEMA.endDate)))
            networks = [
                n for n in self.subjects(PIM.edition, edition) if self.site.has_type(n, PIM.Network)
            ]
            cities = [
                c
                for c in self.subjects(PIM.participatedIn, edition)
                if self.site.has_type(c, PIM.City)
            ]
            parts.append(f"<h2>{self.site.link(edition, path, lang)}</h2>")
            if start or end:
                parts.append(
                    f"<p>{esc(ui('period', lang))}: {esc(start or '?')}–{esc(end or '…')}</p>"
                )
            about = self.text_in(edition, DCTERMS.description, lang)
            if about:
                parts.append(f"<p>{esc(about)}</p>")
            parts.append(
                f"<p><strong>{esc(ui('networks', lang))}:</strong> "
                f"{self.links(networks, path, lang)}</p>"
            )
            parts.append(
                f"<p><strong>{esc(ui('cities', lang))} ({len(cities)}):</strong> "
                f"{self.links(cities, path, lang)}</p>"
            )
        return site_page("editions", lang, ui("editions", lang), "\n".join(parts))

    def resources(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("resources", lang)
        by_kind: dict[str, list[URIRef]] = defaultdict(list)
        for iri in self.site.resources:
            by_kind[self.site.kind(iri)].append(iri)
        parts = [f'<h1 id="title">{esc(ui("resources", lang))}</h1>']
        for kind in sorted(by_kind):
            items = sorted(by_kind[kind], key=lambda t: self.site.sort_key(t, lang))
            parts.append(
                f'<h2 id="kind-{esc(kind)}">{esc(kind or "—")} ({len(items)})</h2><ul>'
                + "".join(f"<li>{self.site.link(i, path, lang)}</li>" for i in items)
                + "</ul>"
            )
        return site_page("resources", lang, ui("resources", lang), "\n".join(parts))

    def all_pages(self, lang: str, triples: int) -> list[tuple[PurePosixPath, str]]:
        return [
            self.home(lang, triples),
            self.networks(lang),
            self.cities(lang),
            self.themes(lang),
            self.recommendations(lang),
            mids_page(self.site, self.facets(lang), lang),
            self.editions(lang),
            self.resources(lang),
        ]


def _for_machines(path: PurePosixPath, lang: str) -> str:
    """Links to the query page, the dumps, the catalogue, VoID and the ontology."""
    machines = [
        a(relative_url(path, page_file("query", lang)), ui("query", lang)),
        a(relative_url(path, page_file("data", lang)), ui("data", lang)),
        a(relative_url(path, "catalog.ttl"), ui("catalogue", lang)),
        a(relative_url(path, ".well-known/void"), ui("void", lang)),
        a(relative_url(path, page_file("ontology/index", lang)), ui("ontology", lang)),
    ]
    return (
        f"<h2>{esc(ui('for_machines', lang))}</h2><ul>"
        + "".join(f"<li>{m}</li>" for m in machines)
        + "</ul>"
    )
