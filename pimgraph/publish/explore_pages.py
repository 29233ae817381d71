"""The exploration page: which cities of one edition share themes, as pictures and tables.

This module only puts explorations on the site; it does not compute them. The caller that can
see both features (``pimgraph.serve.explorations.site_explorations``, used by ``pimgraph
publish`` and ``pimgraph serve``) asks ``pimgraph.explore`` for the similarities, clusters and
bridging themes and hands them in as the plain data below (:class:`Explorations`), with the
functions that draw the three pictures (the network of cities as SVG, the map of Poland and the
city × theme heat map as PNG). The pictures are drawn once per build, with English titles and
labels, into ``explore/`` inside the build folder; each language's page embeds the same files.
Without matplotlib (the ``plot`` extra) the page shows the tables and one line that says how to
get the pictures: the build never fails for want of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from rdflib import URIRef

from pimgraph.core.messages import ngettext
from pimgraph.publish.html import layout, page_file
from pimgraph.publish.i18n import OTHER, ui
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.paths import relative_url

EDITION = "2021-2023"
PAGE = "explore/index"
TOP_PAIRS = 30
PICTURE_LANG = "en"  # the pictures' own titles are English; one set serves both pages
# (name, file, caption key): the order the page shows them in.
PICTURES = (
    ("network", "explore/network.svg", "picture_network"),
    ("map", "explore/map.png", "picture_map"),
    ("heatmap", "explore/heatmap.png", "picture_heatmap"),
)


@dataclass(frozen=True)
class PairRow:
    """Two cities, how similar they are, and the themes they share (heaviest first)."""

    a: URIRef
    b: URIRef
    similarity: float
    themes: list[URIRef]


@dataclass(frozen=True)
class ClusterRow:
    """A cluster of cities and the networks its cities belong to."""

    cities: list[URIRef]
    networks: frozenset[URIRef]


@dataclass(frozen=True)
class BridgeRow:
    """A theme held by cities of more than one network."""

    theme: URIRef
    weight: float
    networks: dict[URIRef, int]  # network -> how many of its cities hold the theme
    cities: int


@dataclass(frozen=True)
class Exploration:
    """One language's exploration of the edition: what the page's text and tables show."""

    edition: URIRef
    cities: int
    pairs: list[PairRow]  # best first
    clusters: list[ClusterRow]  # largest first
    bridges: list[BridgeRow]


# make(path) writes one picture at path (inside the build folder).
PictureMaker = Callable[[Path], object]


@dataclass(frozen=True)
class Explorations:
    """What the exploration page needs, computed by the caller.

    ``tables(lang)`` is the edition's :class:`Exploration` in ``lang``, or None when the graph
    has no cities with themes in that edition. ``pictures()`` returns the picture makers by
    name (``network``, ``map``, ``heatmap``), or None when the plot extra is missing.
    """

    edition: str
    measure: str
    tables: Callable[[str], Exploration | None]
    pictures: Callable[[], Mapping[str, PictureMaker] | None]


@dataclass
class Drawn:
    """Which pictures the build wrote (site-relative paths), or why it wrote none."""

    files: dict[str, str] = field(default_factory=dict)
    missing_extra: bool = False


def no_explorations(edition: str = EDITION) -> Explorations:
    """Explorations of nothing: the page then says the graph holds no cities to compare."""
    return Explorations(edition, "", lambda lang: None, lambda: {})


class ExplorePages:
    def __init__(self, site: SiteGraph, explorations: Explorations):
        self.site = site
        self.explorations = explorations
        self.edition = explorations.edition
        self._tables: dict[str, Exploration | None] = {}
        self.drawn = Drawn()

    def tables(self, lang: str) -> Exploration | None:
        """The edition's exploration in ``lang`` (asked for once), or None when it has no
        cities with themes."""
        if lang not in self._tables:
            found = self.explorations.tables(lang)
            self._tables[lang] = found if found is not None and found.cities else None
        return self._tables[lang]

    # ---- pictures, once per build
    def draw(self, produce) -> Drawn:
        """Draw the three pictures; ``produce(relative, make)`` hands ``make`` the path inside
        the build folder where the file must go (``SiteWriter.produce``)."""
        if self.tables(PICTURE_LANG) is None:
            return self.drawn
        makers = self.explorations.pictures()
        if makers is None:
            self.drawn.missing_extra = True
            return self.drawn
        for name, relative, _ in PICTURES:
            if name in makers:
                produce(relative, makers[name])
                self.drawn.files[name] = relative
        return self.drawn

    # ---- the page, once per language
    def page(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file(PAGE, lang)
        found = self.tables(lang)
        link = lambda term: self.site.link(term, path, lang)  # noqa: E731
        return path, layout(
            "explore.html",
            lang=lang,
            title=ui("explore_title", lang),
            path=path,
            other=page_file(PAGE, OTHER[lang]),
            summary=ui("explore_intro", lang),
            edition=self.edition,
            found=found is not None,
            **(self._tables_of(found, link, lang) if found is not None else {}),
            missing_extra=self.drawn.missing_extra,
            pictures=[
                (name, relative_url(path, self.drawn.files[name]), caption)
                for name, _, caption in PICTURES
                if name in self.drawn.files
            ],
        )

    def _tables_of(self, found: Exploration, link, lang: str) -> dict[str, Any]:
        """The intro's facts and the rows of the pairs, clusters and bridges tables."""
        by_label = lambda terms: sorted(terms, key=lambda t: self.site.sort_key(t, lang))  # noqa: E731
        return {
            "edition_link": link(found.edition),
            "compared": ngettext(
                "{n} city compared", "{n} cities compared", found.cities, lang=lang
            ),
            "measure": self.explorations.measure,
            "pairs_title": _top_pairs_title(lang),
            "pairs": [
                (
                    rank,
                    link(pair.a),
                    link(pair.b),
                    _number(pair.similarity, lang),
                    [link(t) for t in dict.fromkeys(pair.themes) if isinstance(t, URIRef)],
                )
                for rank, pair in enumerate(found.pairs[:TOP_PAIRS], 1)
            ],
            "clusters": [
                (
                    number,
                    len(cluster.cities),
                    [link(n) for n in by_label(cluster.networks)],
                    [link(city) for city in cluster.cities],
                )
                for number, cluster in enumerate(found.clusters, 1)
            ],
            "bridges": [
                (
                    link(bridge.theme),
                    _number(bridge.weight, lang),
                    [
                        (link(network), count)
                        for network, count in sorted(
                            bridge.networks.items(), key=lambda i: self.site.sort_key(i[0], lang)
                        )
                    ],
                    bridge.cities,
                )
                for bridge in found.bridges
            ],
        }


def _number(value: float, lang: str) -> str:
    """Three decimals, with the decimal comma in Polish."""
    text = f"{value:.3f}"
    return text.replace(".", ",") if lang == "pl" else text


def _top_pairs_title(lang: str) -> str:
    return ngettext(
        "The {n} most similar pair of cities",
        "The {n} most similar pairs of cities",
        TOP_PAIRS,
        lang=lang,
    )
