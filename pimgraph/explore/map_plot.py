"""A map of Poland with the compared cities at their coordinates, and a city × theme heat map.

The country outline is ``pimgraph/core/poland-outline.json`` (shared with the published site's
map): Natural Earth 1:50m (public
domain), taken from the npm package world-atlas 2.0.2 and simplified to 261 points (the file
says how). Cities are placed by ``geo:hasGeometry/geo:asWKT "POINT(lon lat)"``; the map uses an
equirectangular projection with the aspect of Poland's mid-latitude, which is close enough for
a country this size.
"""

from __future__ import annotations

import math

from rdflib import URIRef

from pimgraph.core.geo import poland_outline
from pimgraph.explore.plots import (
    draw_city,
    network_colours,
    network_legend,
    new_figure,
    place_labels,
    save,
    slug,
)
from pimgraph.explore.profiles import sort_key
from pimgraph.explore.similarity import SharedThemes

_BROADER = "SELECT ?narrow ?broad WHERE { ?narrow skos:broader|^skos:narrower ?broad }"


def outline() -> dict:
    """The outline document: ``coordinates`` (rings of [lon, lat]), ``source``, ``licence``."""
    return poland_outline()


def draw_map(result: SharedThemes, path, title: str | None = None):
    """Poland, and each compared city with a map point, coloured by network and labelled."""
    profiles = result.profiles
    colours = network_colours(profiles.networks)
    document = outline()
    figure = new_figure(10.5, 9)
    ax = figure.add_subplot()
    for ring in document["coordinates"]:
        xs, ys = zip(*ring, strict=True)
        ax.fill(xs, ys, facecolor="#F2F2EE", edgecolor="#6E6E6E", linewidth=1.0, zorder=0)
    placed = [(c, point) for c in profiles.ordered_cities() if (point := profiles.cities[c].point)]
    for city, (lon, lat) in placed:
        draw_city(ax, lon, lat, city, profiles.cities[city].networks, colours, size=9)
    ax.set_aspect(1 / math.cos(math.radians(52)))
    ax.set_axis_off()
    ax.margins(0.04)
    edition = profiles.label(profiles.edition) if profiles.edition else "all editions"
    ax.set_title(title or f"PIM cities — {edition} ({len(placed)} cities on the map)", fontsize=12)
    missing = len(profiles.cities) - len(placed)
    note = f"{missing} compared cities have no map point and are not shown. " if missing else ""
    figure.text(
        0.01,
        0.005,
        f"{note}Outline: Natural Earth (public domain) via world-atlas 2.0.2. "
        "City points: © OpenStreetMap contributors, ODbL.",
        fontsize=7,
        color="#555555",
    )
    used = [
        n for n in profiles.networks if any(n in profiles.cities[c].networks for c, _ in placed)
    ]
    network_legend(
        figure,
        used,
        colours,
        profiles.label,
        ring_note=any(len(profiles.cities[c].networks) > 1 for c, _ in placed),
    )
    place_labels(
        ax, [(lon, lat, profiles.label(c), f"label-{slug(c)}") for c, (lon, lat) in placed]
    )
    save(figure, path, "--map")
    return [
        {
            "city": str(c),
            "label": profiles.label(c),
            "longitude": lon,
            "latitude": lat,
            "networks": [profiles.label(n) for n in profiles.cities[c].networks],
        }
        for c, (lon, lat) in placed
    ]


def theme_order(result: SharedThemes) -> list[URIRef]:
    """Themes in blocks: each broader theme followed by its narrower ones, blocks in city order."""
    profiles = result.profiles
    engine = profiles.engine
    broader = {narrow: broad for narrow, broad in engine.query(_BROADER).rows}
    cities = profiles.ordered_cities()
    holders = profiles.holders
    first: dict[URIRef, int] = {}
    for row, city in enumerate(cities):
        for theme in profiles.cities[city].themes:
            first.setdefault(theme, row)

    def key(theme):
        top = theme
        while top in broader and broader[top] in holders:
            top = broader[top]
        return (
            first[top],
            -holders[top],
            sort_key(profiles.label(top)),
            top != theme,
            sort_key(profiles.label(theme)),
        )

    return sorted(holders, key=key)


def draw_heatmap(result: SharedThemes, path, title: str | None = None):
    """Rows: cities by network; columns: themes; a cell's colour: the theme's weight, when held."""
    profiles = result.profiles
    cities = profiles.ordered_cities()
    themes = theme_order(result)
    weights = profiles.weights
    colours = network_colours(profiles.networks)
    figure = new_figure(5.5 + 0.32 * len(themes), 4.5 + 0.24 * len(cities))
    ax = figure.add_subplot()
    grid = [
        [weights[t] if t in profiles.cities[c].themes else float("nan") for t in themes]
        for c in cities
    ]
    from matplotlib import colormaps

    palette = colormaps["YlGnBu"].with_extremes(bad="white")
    image = ax.imshow(grid, cmap=palette, aspect="auto", interpolation="nearest", vmin=0)
    image.set_gid("heatmap-cells")
    _heatmap_axes(ax, profiles, cities, themes, colours)
    bar = figure.colorbar(image, ax=ax, shrink=0.5, pad=0.01, location="right")
    bar.set_label("theme weight ln((N+1)/n_t): rarer themes weigh more", fontsize=8)
    network_legend(
        figure,
        profiles.networks,
        colours,
        profiles.label,
        loc="outside lower center",
        ncols=min(len(profiles.networks), 4),
    )
    edition = profiles.label(profiles.edition) if profiles.edition else "all editions"
    ax.set_title(
        title or f"Which city holds which theme — {edition} ({len(cities)} cities)", fontsize=12
    )
    save(figure, path, "--heatmap")
    return _heatmap_rows(profiles, cities, themes)


def _heatmap_axes(ax, profiles, cities: list, themes: list, colours: dict) -> None:
    """Theme names below, city names (in their network's colour) at the side, and a grid;
    the themes that start a block (no broader theme) in bold."""
    ax.set_xticks(
        range(len(themes)),
        [_short(profiles.label(t)) for t in themes],
        rotation=55,
        ha="right",
        rotation_mode="anchor",
        fontsize=7,
    )
    ax.set_yticks(range(len(cities)), [profiles.label(c) for c in cities], fontsize=8)
    for tick, city in zip(ax.get_yticklabels(), cities, strict=True):
        networks = profiles.cities[city].networks
        tick.set_color(colours[networks[0]] if networks else "#333333")
        tick.set_fontweight("bold")
        tick.set_gid(f"row-{slug(city)}")
    broader = {narrow for narrow, _ in profiles.engine.query(_BROADER).rows}
    for tick, theme in zip(ax.get_xticklabels(), themes, strict=True):
        if theme not in broader:  # a thematic area or workshop component: its block starts here
            tick.set_fontweight("bold")
    ax.set_xticks([x - 0.5 for x in range(len(themes) + 1)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(len(cities) + 1)], minor=True)
    ax.grid(which="minor", color="#E0E0E0", linewidth=0.5)
    ax.tick_params(which="minor", length=0)


def _heatmap_rows(profiles, cities: list, themes: list) -> list[dict]:
    """One row per (city, theme held): the table data of the heat map."""
    weights = profiles.weights
    return [
        {
            "city": str(c),
            "label": profiles.label(c),
            "theme": str(t),
            "theme_label": profiles.label(t),
            "weight": round(weights[t], 6),
        }
        for c in cities
        for t in themes
        if t in profiles.cities[c].themes
    ]


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
