"""The index pages: home, networks, cities (sortable), themes (the SKOS tree), recommendations
by scope, MIDs, editions, and every resource by kind; cities, recommendations and MIDs are
faceted lists (``facets``). Lookups use the inferred graph, so facts stated
in one direction only (``org:memberOf`` without ``org:hasMember``) still show."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from markupsafe import Markup
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
from pimgraph.publish.html import NAV, NAV_FILES, SORTABLE_SCRIPT, page_file, site_page
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
        self._facets: dict[str, FacetIndex] = {}

    def values(self, subject: Node, prop: URIRef) -> list[Node]:
        return list(dict.fromkeys(self.g.objects(subject, prop)))

    def subjects(self, prop: URIRef, value: Node) -> list[Node]:
        return list(dict.fromkeys(self.g.subjects(prop, value)))

    def dates(self, subject: Node, prop: URIRef) -> str:
        return ", ".join(sorted(str(v) for v in self.values(subject, prop)))

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
        known = (PROGRAMME, None, None) in self.g
        title = self.site.label(PROGRAMME, lang) if known else ui("site_title", lang)
        about = self.text_in(PROGRAMME, DCTERMS.description, lang)
        link = lambda name: relative_url(path, page_file(NAV_FILES[name], lang))  # noqa: E731
        return site_page(
            "home.html",
            "index",
            lang,
            title,
            about[:300],
            about=about,
            programme=self.site.link(PROGRAMME, path, lang) if known else None,
            counts=self._counts(path, lang),
            resources=len(self.site.resources),
            triples=triples,
            # The browsable parts of the navigation (not the ontology, data and query pages).
            browse=[(link(key), ui(key, lang)) for key in NAV[: NAV.index("resources") + 1]],
            machines=[
                (link("query"), ui("query", lang)),
                (link("data"), ui("data", lang)),
                (relative_url(path, "catalog.ttl"), ui("catalogue", lang)),
                (relative_url(path, ".well-known/void"), ui("void", lang)),
                (link("ontology"), ui("ontology", lang)),
            ],
        )

    def _counts(self, path: PurePosixPath, lang: str) -> list[tuple[str, str, int]]:
        """How many editions, networks, cities, ... the graph holds: (index link, class, count)."""
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
            name, _, anchor = page.partition("#")
            href = relative_url(path, page_file(name, lang)) + (f"#{anchor}" if anchor else "")
            counts.append((href, self.site.label(cls, lang), len(self.site.instances(cls, lang))))
        return counts

    def networks(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("networks", lang)
        rows = []
        for network in self._networks(lang):
            members = [
                m for m in self.values(network, ORG.hasMember) if self.site.has_type(m, PIM.City)
            ]
            rows.append(
                (
                    self.site.link(network, path, lang),
                    self.site.links(self.values(network, PIM.edition), path, lang),
                    self.site.links(self.values(network, PIM.hasTheme), path, lang),
                    len(members),
                    self.site.links(self.values(network, PIM.hasImprovementPlan), path, lang),
                )
            )
        return site_page("networks.html", "networks", lang, ui("networks", lang), rows=rows)

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
        cities = self.site.instances(PIM.City, lang)
        data = map_data(
            self.site, cities, [*self._networks(lang)], [*self._editions(lang)], path, lang
        )
        facets = self.facets(lang)
        panel = facet_panel(facets.data(cities, facets.city, CITY_FACETS, lang), path.name, lang)
        rows = []
        for city in cities:
            networks = [
                n for n in self.values(city, ORG.memberOf) if self.site.has_type(n, PIM.Network)
            ]
            rows.append(
                (
                    str(city),
                    self.site.link(city, path, lang),
                    self.site.links(self.values(city, PIM.voivodeship), path, lang),
                    self.site.links(networks, path, lang),
                    self.site.links(self.values(city, PIM.participatedIn), path, lang),
                    ", ".join(sorted(str(v) for v in self.values(city, PIM.tercCode))),
                )
            )
        return site_page(
            "cities.html",
            "cities",
            lang,
            ui("cities", lang),
            styles=MAP_STYLES,
            scripts=[*MAP_SCRIPTS, SORTABLE_SCRIPT, FACET_SCRIPT],
            panel=panel,
            city_map=map_section(data, path, lang, self.tiles),
            rows=rows,
        )

    def facets(self, lang: str) -> FacetIndex:
        """The facet values of ``lang``'s pages: built once, read by the three faceted lists."""
        if lang not in self._facets:
            self._facets[lang] = FacetIndex(self.site, self._editions(lang), self._networks(lang))
        return self._facets[lang]

    def themes(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("themes", lang)
        narrower: dict[Node, set[Node]] = defaultdict(set)
        for child, parent in self.g.subject_objects(SKOS.broader):
            narrower[parent].add(child)
        for parent, child in self.g.subject_objects(SKOS.narrower):
            narrower[parent].add(child)
        shown: set[Node] = set()

        def tree(nodes, trail: frozenset) -> list[tuple[Markup, list]]:
            """The concepts as (link, narrower concepts) pairs, by label; a cycle stops."""
            branches = []
            for node in sorted(set(nodes), key=lambda t: self.site.sort_key(t, lang)):
                shown.add(node)
                below = narrower.get(node, set()) - trail - {node}
                branches.append((self.site.link(node, path, lang), tree(below, trail | {node})))
            return branches

        schemes = []
        for scheme in self.site.instances(SKOS.ConceptScheme, lang):
            tops = set(self.values(scheme, SKOS.hasTopConcept)) | set(
                self.subjects(SKOS.topConceptOf, scheme)
            )
            schemes.append(
                (
                    self.site.link(scheme, path, lang),
                    self.text_in(scheme, DCTERMS.description, lang),
                    tree(tops, frozenset()),
                )
            )
        rest = [t for t in self.site.instances(PIM.Theme, lang) if t not in shown]
        return site_page(
            "themes.html",
            "themes",
            lang,
            ui("themes", lang),
            schemes=schemes,
            rest=tree(rest, frozenset()),
        )

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
        ordered = sorted(
            (s for s in by_scope if s is not None), key=lambda s: self.site.sort_key(s, lang)
        )
        groups = [
            (
                self.site.link(scope, path, lang) if scope is not None else None,
                [
                    (
                        str(r),
                        self.site.link(r, path, lang),
                        self.site.links(self.values(r, PIM.proposedBy), path, lang),
                        self.site.links(self.values(r, PIM.partOfPlan), path, lang),
                    )
                    for r in by_scope[scope]
                ],
            )
            for scope in [*ordered, *([None] if None in by_scope else [])]
        ]
        return site_page(
            "recommendations.html",
            "recommendations",
            lang,
            ui("recommendations", lang),
            scripts=[FACET_SCRIPT],
            panel=facet_panel(data, path.name, lang),
            groups=groups,
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
        editions = []
        for edition in self._editions(lang):
            networks = [
                n for n in self.subjects(PIM.edition, edition) if self.site.has_type(n, PIM.Network)
            ]
            cities = [
                c
                for c in self.subjects(PIM.participatedIn, edition)
                if self.site.has_type(c, PIM.City)
            ]
            editions.append(
                {
                    "link": self.site.link(edition, path, lang),
                    "start": ", ".join(
                        sorted(str(v) for v in self.values(edition, SCHEMA.startDate))
                    ),
                    "end": ", ".join(sorted(str(v) for v in self.values(edition, SCHEMA.endDate))),
                    "about": self.text_in(edition, DCTERMS.description, lang),
                    "networks": self.site.links(networks, path, lang),
                    "cities": self.site.links(cities, path, lang),
                }
            )
        return site_page("editions.html", "editions", lang, ui("editions", lang), editions=editions)

    def resources(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file("resources", lang)
        by_kind: dict[str, list[URIRef]] = defaultdict(list)
        for iri in self.site.resources:
            by_kind[self.site.kind(iri)].append(iri)
        kinds = [
            (
                kind,
                [
                    self.site.link(i, path, lang)
                    for i in sorted(by_kind[kind], key=lambda t: self.site.sort_key(t, lang))
                ],
            )
            for kind in sorted(by_kind)
        ]
        return site_page("resources.html", "resources", lang, ui("resources", lang), kinds=kinds)

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
