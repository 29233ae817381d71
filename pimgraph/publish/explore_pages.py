"""The exploration page: which cities of one edition share themes, as pictures and tables.

``pimgraph.explore`` computes the similarities, clusters and bridging themes and draws the
pictures; this module puts them on the site. The three pictures (the network of cities as SVG,
the map of Poland and the city × theme heat map as PNG) are drawn once per build, with English
titles and labels, into ``explore/`` inside the build folder; each language's page embeds the
same files. Without matplotlib (the ``plot`` extra) the page shows the tables and one line that
says how to get the pictures: the build never fails for want of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from rdflib import URIRef

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import ngettext
from pimgraph.publish.html import esc, layout, page_file, table
from pimgraph.publish.i18n import OTHER, ui
from pimgraph.publish.model import SiteGraph

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


@dataclass
class Drawn:
    """Which pictures the build wrote (site-relative paths), or why it wrote none."""

    files: dict[str, str] = field(default_factory=dict)
    missing_extra: bool = False


class ExplorePages:
    def __init__(self, site: SiteGraph, engine, edition: str = EDITION):
        self.site = site
        self.engine = engine
        self.edition = edition
        self._results: dict[str, object] = {}
        self.drawn = Drawn()

    def result(self, lang: str):
        """``pimgraph.explore.shared`` for the edition in ``lang``, or None when the graph has
        no such edition."""
        if lang not in self._results:
            from pimgraph.explore import shared

            try:
                self._results[lang] = shared(self.edition, lang, self.engine)
            except UsageError:
                self._results[lang] = None
        return self._results[lang]

    # ---- pictures, once per build
    def draw(self, produce) -> Drawn:
        """Draw the three pictures; ``produce(relative, make)`` hands ``make`` the path inside
        the build folder where the file must go (``SiteWriter.produce``)."""
        from pimgraph.explore import heatmap_picture, map_picture, network_picture, plots

        result = self.result(PICTURE_LANG)
        if result is None or not result.profiles.cities:
            return self.drawn
        try:
            plots.require_matplotlib()
        except UsageError:
            self.drawn.missing_extra = True
            return self.drawn
        makers = {"network": network_picture, "map": map_picture, "heatmap": heatmap_picture}
        for name, relative, _ in PICTURES:
            draw = makers[name]
            produce(
                relative,
                lambda path, draw=draw: draw(path, self.edition, PICTURE_LANG, self.engine),
            )
            self.drawn.files[name] = relative
        return self.drawn

    # ---- the page, once per language
    def page(self, lang: str) -> tuple[PurePosixPath, str]:
        path = page_file(PAGE, lang)
        title = ui("explore_title", lang)
        parts = [f'<h1 id="title">{esc(title)}</h1>']
        result = self.result(lang)
        if result is None or not result.profiles.cities:
            parts.append(
                f'<p class="muted" id="no-edition">{esc(ui("explore_no_edition", lang))} '
                f"{esc(self.edition)}</p>"
            )
        else:
            parts += self._body(result, path, lang)
        return path, layout(
            lang=lang,
            title=title,
            body="\n".join(parts),
            path=path,
            other=page_file(PAGE, OTHER[lang]),
            summary=ui("explore_intro", lang),
        )

    def _body(self, result, path: PurePosixPath, lang: str) -> list[str]:
        from pimgraph.explore import MEASURE

        profiles = result.profiles
        compared = ngettext(
            "{n} city compared", "{n} cities compared", len(profiles.cities), lang=lang
        )
        link = lambda term: self.site.link(term, path, lang)  # noqa: E731
        parts = [
            f"<p>{esc(ui('explore_intro', lang))} "
            f"{esc(ui('edition', lang))}: {link(profiles.edition)} "
            f"({esc(compared)}).</p>",
            f'<p id="measure">{esc(ui("measure_intro", lang))} <code>{esc(MEASURE)}</code>, '
            f"{esc(ui('measure_where', lang))}</p>",
        ]
        parts += self._pictures(path, lang)
        pairs_title = ngettext(
            "The {n} most similar pair of cities",
            "The {n} most similar pairs of cities",
            TOP_PAIRS,
            lang=lang,
        )
        parts.append(f'<h2 id="pairs-title">{esc(pairs_title)}</h2>')
        rows = [
            [
                str(rank),
                link(pair.a),
                link(pair.b),
                _number(pair.similarity, lang),
                self._links([s.theme for s in pair.shared], path, lang, ordered=True),
            ]
            for rank, pair in enumerate(result.pairs[:TOP_PAIRS], 1)
        ]
        parts.append(
            table(
                [
                    "#",
                    ui("city", lang),
                    ui("city", lang),
                    ui("similarity", lang),
                    ui("shared_themes", lang),
                ],
                rows,
                table_id="pairs",
            )
        )
        parts.append(f"<h2>{esc(ui('clusters', lang))}</h2>")
        parts.append(f'<p class="muted">{esc(ui("clusters_intro", lang))}</p>')
        rows = []
        for number, members in enumerate(result.clusters, 1):
            networks = {n for city in members for n in profiles.cities[city].networks}
            rows.append(
                [
                    str(number),
                    str(len(members)),
                    self._links(networks, path, lang),
                    ", ".join(link(city) for city in members),
                ]
            )
        parts.append(
            table(
                [ui("cluster", lang), ui("count", lang), ui("networks", lang), ui("cities", lang)],
                rows,
                table_id="clusters",
            )
        )
        parts.append(f"<h2>{esc(ui('bridges', lang))}</h2>")
        parts.append(f'<p class="muted">{esc(ui("bridges_intro", lang))}</p>')
        rows = [
            [
                link(bridge.theme),
                _number(bridge.weight, lang),
                "<br>".join(
                    f"{link(network)} ({len(cities)})"
                    for network, cities in sorted(
                        bridge.networks.items(), key=lambda i: self.site.sort_key(i[0], lang)
                    )
                ),
                str(len(bridge.cities)),
            ]
            for bridge in result.bridges
        ]
        parts.append(
            table(
                [ui("theme", lang), ui("weight", lang), ui("networks", lang), ui("cities", lang)],
                rows,
                table_id="bridges",
            )
            if rows
            else f'<p class="muted">{esc(ui("none", lang))}</p>'
        )
        return parts

    def _pictures(self, path: PurePosixPath, lang: str) -> list[str]:
        from pimgraph.publish.paths import relative_url

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
