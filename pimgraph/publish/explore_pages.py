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

from rdflib import URIRef

from pimgraph.core.messages import ngettext
from pimgraph.publish.html import esc, layout, page_file, table
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
        title = ui("explore_title", lang)
        parts = [f'<h1 id="title">{esc(title)}</h1>']
        found = self.tables(lang)
        if found is None:
            parts.append(
                f'<p class="muted" id="no-edition">{esc(ui("explore_no_edition", lang))} '
                f"{esc(self.edition)}</p>"
            )
        else:
            parts += self._body(found, path, lang)
        return path, layout(
            lang=lang,
            title=title,
            body="\n".join(parts),
            path=path,
            other=page_file(PAGE, OTHER[lang]),
            summary=ui("explore_intro", lang),
        )

    def _body(self, found: Exploration, path: PurePosixPath, lang: str) -> list[str]:
        return [
            *self._intro(found, path, lang),
            *self._pictures(path, lang),
            *self._pairs(found, path, lang),
            *self._clusters(found, path, lang),
            *self._bridges(found, path, lang),
        ]

    def _intro(self, found: Exploration, path: PurePosixPath, lang: str) -> list[str]:
        edition = self.site.link(found.edition, path, lang)
        compared = ngettext("{n} city compared", "{n} cities compared", found.cities, lang=lang)
        return [
            f"<p>{esc(ui('explore_intro', lang))} "
            f"{esc(ui('edition', lang))}: {edition} "
            f"({esc(compared)}).</p>",
            f'<p id="measure">{esc(ui("measure_intro", lang))} '
            f"<code>{esc(self.explorations.measure)}</code>, "
            f"{esc(ui('measure_where', lang))}</p>",
        ]

    def _pairs(self, found: Exploration, path: PurePosixPath, lang: str) -> list[str]:
        link = lambda term: self.site.link(term, path, lang)  # noqa: E731
        rows = [
            [
                str(rank),
                link(pair.a),
                link(pair.b),
                _number(pair.similarity, lang),
                self._links(pair.themes, path, lang, ordered=True),
            ]
            for rank, pair in enumerate(found.pairs[:TOP_PAIRS], 1)
        ]
        head = ["#", ui("city", lang), ui("city", lang), ui("similarity", lang)]
        return [
            f'<h2 id="pairs-title">{esc(_top_pairs_title(lang))}</h2>',
            table([*head, ui("shared_themes", lang)], rows, table_id="pairs"),
        ]

    def _clusters(self, found: Exploration, path: PurePosixPath, lang: str) -> list[str]:
        rows = [
            [
                str(number),
                str(len(cluster.cities)),
                self._links(cluster.networks, path, lang),
                ", ".join(self.site.link(city, path, lang) for city in cluster.cities),
            ]
            for number, cluster in enumerate(found.clusters, 1)
        ]
        head = [ui("cluster", lang), ui("count", lang), ui("networks", lang), ui("cities", lang)]
        return [
            f"<h2>{esc(ui('clusters', lang))}</h2>",
            f'<p class="muted">{esc(ui("clusters_intro", lang))}</p>',
            table(head, rows, table_id="clusters"),
        ]

    def _bridges(self, found: Exploration, path: PurePosixPath, lang: str) -> list[str]:
        link = lambda term: self.site.link(term, path, lang)  # noqa: E731
        rows = [
            [
                link(bridge.theme),
                _number(bridge.weight, lang),
                "<br>".join(
                    f"{link(network)} ({count})"
                    for network, count in sorted(
                        bridge.networks.items(), key=lambda i: self.site.sort_key(i[0], lang)
                    )
                ),
                str(bridge.cities),
            ]
            for bridge in found.bridges
        ]
        head = [ui("theme", lang), ui("weight", lang), ui("networks", lang), ui("cities", lang)]
        return [
            f"<h2>{esc(ui('bridges', lang))}</h2>",
            f'<p class="muted">{esc(ui("bridges_intro", lang))}</p>',
            table(head, rows, table_id="bridges")
            if rows
            else f'<p class="muted">{esc(ui("none", lang))}</p>',
        ]

    def _pictures(self, path: PurePosixPath, lang: str) -> list[str]:
        if self.drawn.missing_extra:
            return [f'<p class="muted" id="plot-hint">{esc(ui("plot_hint", lang))}</p>']
        parts = []
        for name, relative, caption in PICTURES:
            if name not in self.drawn.files:
                continue
            href = relative_url(path, relative)
            parts.append(
                f'<figure id="picture-{esc(name)}"><a href="{esc(href)}">'
                f'<img src="{esc(href)}" alt="{esc(ui(caption, lang))}" loading="lazy"></a>'
                f"<figcaption>{esc(ui(caption, lang))}</figcaption></figure>"
            )
        if parts:
            parts.insert(0, f"<h2>{esc(ui('pictures', lang))}</h2>")
        return parts

    def _links(self, terms, path: PurePosixPath, lang: str, ordered: bool = False) -> str:
        items = list(dict.fromkeys(terms))
        if not ordered:
            items.sort(key=lambda t: self.site.sort_key(t, lang))
        return ", ".join(self.site.link(t, path, lang) for t in items if isinstance(t, URIRef))


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
