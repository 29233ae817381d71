"""Faceted lists: which edition, network, theme, scope, voivodeship and policy framework each
city, recommendation and MID (urban action initiative) has, computed once at build time from the
inferred graph and shipped with the page for ``static/facets.js``.

How an item reaches a value of each facet:

* **edition** — a city: ``pim:participatedIn``; a MID: ``pim:edition``; a recommendation: its
  own ``pim:edition`` and that of the network proposing it and of its improvement plan.
* **network** — a city: ``org:memberOf`` (networks only); a recommendation: ``pim:proposedBy``;
  a MID: the networks of the city preparing it that share an edition with the MID.
* **theme** — a city: the themes of its networks, of its MIDs and its own; a recommendation or
  a MID: its ``pim:hasTheme``. Every theme is widened with its broader ones
  (``skos:broader`` / ``^skos:narrower``, transitively), so ticking a broader theme keeps the
  items holding any of its narrower ones.
* **scope** (recommendations) — ``pim:scope``.
* **voivodeship** — a city: ``pim:voivodeship``; a MID: that of the city preparing it.
* **framework** — the policy frameworks the item, its networks, their improvement plans (and a
  recommendation's own plan) or its themes contribute to, are aligned with or target
  (``pim:contributesTo``, ``pim:alignedWith``, ``pim:targetsPolicy``). A programme edition's
  frameworks are not passed on: they would give every item of the edition the same answer.

Values are named in the page's URL by slugs, the last segment of their IRIs
(``?network=miasto-zielone&theme=rewitalizacja``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from markupsafe import Markup
from rdflib import SKOS, URIRef
from rdflib.term import Node

from pimgraph.core.namespaces import ORG, PIM
from pimgraph.publish.html import script_json
from pimgraph.publish.i18n import ui
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.templating import STATIC, render

FacetValues = dict[str, set[Node]]
# The facets in the order the panel shows them: URL parameter -> the UI key of its legend.
FACETS = {
    "edition": "editions",
    "network": "networks",
    "theme": "themes",
    "scope": "scope",
    "voivodeship": "voivodeship",
    "framework": "frameworks",
}
CITY_FACETS = ("edition", "network", "theme", "voivodeship", "framework")
RECOMMENDATION_FACETS = ("edition", "network", "theme", "scope", "framework")
MID_FACETS = ("edition", "network", "theme", "voivodeship", "framework")
FRAMEWORK_LINKS = (PIM.contributesTo, PIM.alignedWith, PIM.targetsPolicy)
FACET_SCRIPT = STATIC / "facets.js"
_MAX_DEPTH = 4  # deeper themes are indented as much as this (the stylesheet's classes)


class FacetIndex:
    """Each item's facet values (``city``, ``recommendation``, ``mid``), from the inferred
    graph; ``editions`` and ``networks`` give those facets' order (the index pages' order)."""

    def __init__(self, site: SiteGraph, editions: list[URIRef], networks: list[URIRef]):
        self.site = site
        self.g = site.inferred
        self.editions = editions
        self.networks = networks
        self.broader: dict[Node, set[Node]] = defaultdict(set)
        for narrow, broad in self.g.subject_objects(SKOS.broader):
            self.broader[narrow].add(broad)
        for broad, narrow in self.g.subject_objects(SKOS.narrower):
            self.broader[narrow].add(broad)

    # ---- graph helpers
    def objects(self, nodes: Iterable[Node], *props: URIRef) -> set[Node]:
        return {o for n in nodes for p in props for o in self.g.objects(n, p)}

    def typed(self, nodes: Iterable[Node], cls: URIRef) -> set[Node]:
        return {n for n in nodes if self.site.has_type(n, cls)}

    def widened(self, themes: Iterable[Node]) -> set[Node]:
        """``themes`` with every broader theme above them."""
        found: set[Node] = set()
        todo = list(themes)
        while todo:
            theme = todo.pop()
            if theme not in found:
                found.add(theme)
                todo.extend(self.broader.get(theme, ()))
        return found

    def frameworks(self, carriers: Iterable[Node]) -> set[Node]:
        return self.typed(self.objects(carriers, *FRAMEWORK_LINKS), PIM.PolicyFramework)

    def _through(self, item: Node, networks: set[Node], themes: set[Node]) -> set[Node]:
        plans = self.objects(networks, PIM.hasImprovementPlan)
        return self.frameworks({item, *networks, *plans, *themes})

    # ---- the items
    def city(self, city: Node) -> FacetValues:
        networks = self.typed(self.objects([city], ORG.memberOf), PIM.Network)
        mids = self.objects([city], PIM.hasInitiative)
        themes = self.widened(self.objects([city, *networks, *mids], PIM.hasTheme))
        return {
            "edition": self.objects([city], PIM.participatedIn),
            "network": networks,
            "theme": themes,
            "voivodeship": self.objects([city], PIM.voivodeship),
            "framework": self._through(city, networks, themes),
        }

    def recommendation(self, recommendation: Node) -> FacetValues:
        networks = self.typed(self.objects([recommendation], PIM.proposedBy), PIM.Network)
        plans = self.objects([recommendation], PIM.partOfPlan)
        themes = self.widened(self.objects([recommendation], PIM.hasTheme))
        return {
            "edition": self.objects([recommendation, *networks, *plans], PIM.edition),
            "network": networks,
            "theme": themes,
            "scope": self.objects([recommendation], PIM.scope),
            "framework": self._through(recommendation, networks, themes) | self.frameworks(plans),
        }

    def mid(self, mid: Node) -> FacetValues:
        editions = self.objects([mid], PIM.edition)
        cities = self.objects([mid], PIM.preparedBy)
        networks = {
            n
            for n in self.typed(self.objects(cities, ORG.memberOf), PIM.Network)
            if editions & self.objects([n], PIM.edition)
        }
        themes = self.widened(self.objects([mid], PIM.hasTheme))
        return {
            "edition": editions,
            "network": networks,
            "theme": themes,
            "voivodeship": self.objects(cities, PIM.voivodeship),
            "framework": self._through(mid, networks, themes),
        }

    # ---- what the page ships
    def data(
        self, items: Iterable[Node], values: Callable[[Node], FacetValues], keys, lang: str
    ) -> dict:
        """The JSON of a faceted list: each facet's values in order (slug, label, depth in the
        theme tree; a facet no item has a value of is left out), and each item's IRI with the
        slugs of its values per facet."""
        per_item = {item: values(item) for item in items}
        facets, slugs = [], {}
        for key in keys:
            held = set().union(*(v[key] for v in per_item.values())) if per_item else set()
            ordered = self._ordered(key, held, lang)
            slugs[key] = unique_slugs([node for node, _ in ordered])
            if not ordered:
                continue  # no item has a value: no group to show
            facets.append(
                {
                    "key": key,
                    "legend": ui(FACETS[key], lang),
                    "values": [
                        {
                            "slug": slugs[key][node],
                            "label": self.site.label(node, lang),
                            "depth": min(depth, _MAX_DEPTH),
                        }
                        for node, depth in ordered
                    ],
                }
            )
        return {
            "facets": facets,
            "items": [
                {"iri": str(item), "f": {k: sorted(slugs[k][n] for n in v[k]) for k in keys}}
                for item, v in per_item.items()
            ],
        }

    def _ordered(self, key: str, held: set[Node], lang: str) -> list[tuple[Node, int]]:
        """The values of a facet in the order shown, each with its depth (themes: a tree)."""
        if key == "theme":
            return self._tree(held, lang)
        fixed = {"edition": self.editions, "network": self.networks}.get(key)
        if fixed is not None:
            rest = sorted(held - set(fixed), key=lambda t: self.site.sort_key(t, lang))
            return [(n, 0) for n in [*(f for f in fixed if f in held), *rest]]
        return [(n, 0) for n in sorted(held, key=lambda t: self.site.sort_key(t, lang))]

    def _tree(self, held: set[Node], lang: str) -> list[tuple[Node, int]]:
        """``held`` themes depth first from those with no broader theme held; a theme below
        two broader ones is shown under the first."""
        below: dict[Node, list[Node]] = defaultdict(list)
        for theme in held:
            for broad in self.broader.get(theme, ()):
                if broad in held and broad != theme:
                    below[broad].append(theme)
        out: list[tuple[Node, int]] = []
        seen: set[Node] = set()

        def visit(nodes: Iterable[Node], depth: int) -> None:
            for node in sorted(nodes, key=lambda t: self.site.sort_key(t, lang)):
                if node not in seen:
                    seen.add(node)
                    out.append((node, depth))
                    visit(below.get(node, ()), depth + 1)

        visit([t for t in held if not (self.broader.get(t, set()) & held) - {t}], 0)
        visit(held - seen, 0)  # a cycle of broader themes: shown from its first member
        return out


def slug(iri: Node) -> str:
    """The last segment of an IRI (after its last ``/`` or ``#``)."""
    text = str(iri).rstrip("/#")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def unique_slugs(nodes: list[Node]) -> dict[Node, str]:
    """Each node's slug, ``-2``, ``-3``, ... added in order where two would be the same."""
    taken: set[str] = set()
    out: dict[Node, str] = {}
    for node in nodes:
        base = candidate = slug(node)
        number = 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        out[node] = candidate
    return out


def facet_panel(data: dict, reset: str, lang: str) -> Markup:
    """The filters of a faceted list (hidden until facets.js starts), its status line, a note
    for readers without JavaScript, and the data; ``reset`` is the page's own URL."""
    total = len(data["items"])
    counts: dict[str, dict[str, int]] = {f["key"]: defaultdict(int) for f in data["facets"]}
    for item in data["items"]:
        for key, held in item["f"].items():
            for value in held:
                counts[key][value] += 1
    return Markup(
        render(
            "facets.html",
            facets=data["facets"],
            counts=counts,
            heading=ui("filters", lang),
            hint=ui("facet_hint", lang),
            status=ui("facet_status", lang),
            initial=ui("facet_status", lang)
            .replace("{n}", str(total))
            .replace("{total}", str(total)),
            reset=reset,
            reset_label=ui("facet_reset", lang),
            noscript=ui("facet_noscript", lang),
            data=script_json(data),
        )
    )
