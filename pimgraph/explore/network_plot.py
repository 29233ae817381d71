"""Network diagrams: all cities and their shared themes; one city and the cities most like it;
the paths that ``explain`` found.

Layouts are computed here, deterministically: in the whole picture each cluster of cities sits
on its own small circle and the clusters on a large one, so a cluster reads as a group and a
line between groups is a theme they share; in the picture of one city the others stand closer
the more similar they are.
"""

from __future__ import annotations

import math

from pimgraph.explore.explain import Explanation, property_label
from pimgraph.explore.plots import (
    draw_city,
    network_colours,
    network_legend,
    new_figure,
    place_labels,
    save,
    slug,
)
from pimgraph.explore.similarity import SharedThemes, SimilarCities


def _cluster_layout(clusters: list[list]) -> tuple[dict, dict]:
    """City -> (x, y), and city -> the angle of its place on its cluster's circle."""
    radii = [max(0.45, 0.16 * len(group)) for group in clusters]
    count = len(clusters)
    widest = max(radii, default=1.0)
    ring = 0.0 if count == 1 else (2 * widest + 0.9) / (2 * math.sin(math.pi / count))
    positions, angles = {}, {}
    for k, (group, radius) in enumerate(zip(clusters, radii, strict=True)):
        centre_angle = math.pi / 2 - 2 * math.pi * k / max(count, 1)
        cx, cy = ring * math.cos(centre_angle), ring * math.sin(centre_angle)
        for i, city in enumerate(group):
            angle = (
                centre_angle + math.pi - 2 * math.pi * i / len(group)
                if len(group) > 1
                else centre_angle
            )
            spread = radius if len(group) > 1 else 0.0
            positions[city] = (cx + spread * math.cos(angle), cy + spread * math.sin(angle))
            angles[city] = angle
    return positions, angles


def _radial(angle: float) -> tuple[float, float, str, str]:
    """A label offset pointing away from the centre of a circle, at ``angle``."""
    dx, dy = math.cos(angle), math.sin(angle)
    ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
    va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
    return 9 * dx, 9 * dy, ha, va


def draw_network(result: SharedThemes, path, title: str | None = None):
    """Every compared city, coloured by network, with a line per pair sharing themes."""
    profiles = result.profiles
    clusters = [
        sorted(group, key=lambda c: profiles.ordered_cities().index(c)) for group in result.clusters
    ]
    positions, angles = _cluster_layout(clusters)
    colours = network_colours(profiles.networks)
    size = 7.5 + 0.9 * math.sqrt(len(positions))
    figure = new_figure(size + 2.5, size)
    ax = figure.add_subplot()
    strongest = max((p.similarity for p in result.pairs), default=1.0)
    for pair in sorted(result.pairs, key=lambda p: p.similarity):
        (ax_line,) = ax.plot(
            *zip(positions[pair.a], positions[pair.b], strict=True),
            color="#4d4d4d",
            linewidth=0.4 + 3.2 * pair.similarity / strongest,
            alpha=0.12 + 0.55 * pair.similarity / strongest,
            zorder=1,
            solid_capstyle="round",
        )
        ax_line.set_gid(f"edge-{slug(pair.a)}-{slug(pair.b)}")
    for city, (x, y) in positions.items():
        draw_city(ax, x, y, city, profiles.cities[city].networks, colours)
    ax.set_aspect("equal")
    ax.margins(0.12)
    ax.set_axis_off()
    edition = profiles.label(profiles.edition) if profiles.edition else "all editions"
    ax.set_title(
        title or f"Cities sharing themes — {edition} ({len(positions)} cities)", fontsize=12
    )
    figure.text(
        0.01,
        0.01,
        "Line width and darkness: similarity (weighted Jaccard over shared themes). "
        "Groups: clusters (greedy modularity).",
        fontsize=7,
        color="#555555",
    )
    ringed = any(len(profiles.cities[c].networks) > 1 for c in positions)
    network_legend(figure, profiles.networks, colours, profiles.label, ring_note=ringed)
    items = [(x, y, profiles.label(c), f"label-{slug(c)}") for c, (x, y) in positions.items()]
    place_labels(ax, items, preferred=[_radial(angles[c]) for c in positions])
    return save(figure, path)


def draw_similar(result: SimilarCities, path, title: str | None = None):
    """One city in the middle; the cities most like it around, closer when more similar."""
    profiles = result.profiles
    colours = network_colours(profiles.networks)
    figure = new_figure(9.5, 8)
    ax = figure.add_subplot()
    centre = result.city
    positions, angles = _spokes(ax, result)
    used = []
    for city, (x, y) in positions.items():
        networks = profiles.cities[city].networks
        draw_city(ax, x, y, city, networks, colours, size=16 if city == centre else 11)
        used += [n for n in networks if n not in used]
    ax.set_aspect("equal")
    ax.margins(0.25)
    ax.set_axis_off()
    ax.set_title(
        title or f"Cities most like {profiles.label(centre)} (top {len(result.pairs)})", fontsize=12
    )
    figure.text(
        0.01,
        0.01,
        "Number on each line: similarity (weighted Jaccard over shared themes); "
        "closer = more similar.",
        fontsize=7,
        color="#555555",
    )
    ordered = [n for n in profiles.networks if n in used]
    network_legend(
        figure,
        ordered,
        colours,
        profiles.label,
        ring_note=any(len(profiles.cities[c].networks) > 1 for c in positions),
    )
    items = [(x, y, profiles.label(c), f"label-{slug(c)}") for c, (x, y) in positions.items()]
    place_labels(ax, items, fontsize=9, preferred=[_radial(angles[c]) for c in positions])
    return save(figure, path)


def _spokes(ax, result: SimilarCities):
    """A line from the city to each city like it, labelled with their similarity; the
    positions and angles of every city drawn."""
    centre = result.city
    positions = {centre: (0.0, 0.0)}
    angles = {centre: math.pi / 2}
    count = max(len(result.pairs), 1)
    for rank, pair in enumerate(result.pairs):
        angle = math.pi / 2 - 2 * math.pi * rank / count
        distance = 1.0 + 1.5 * (1.0 - pair.similarity)
        positions[pair.b] = (distance * math.cos(angle), distance * math.sin(angle))
        angles[pair.b] = angle
        (line,) = ax.plot(
            [0, positions[pair.b][0]],
            [0, positions[pair.b][1]],
            color="#4d4d4d",
            linewidth=0.5 + 3.5 * pair.similarity,
            alpha=0.25 + 0.5 * pair.similarity,
            zorder=1,
        )
        line.set_gid(f"edge-{slug(centre)}-{slug(pair.b)}")
        ax.annotate(
            f"{pair.similarity:.2f}",
            (0.6 * positions[pair.b][0], 0.6 * positions[pair.b][1]),
            fontsize=7,
            ha="center",
            va="center",
            color="#333333",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "#cccccc", "lw": 0.5},
        )
    return positions, angles


def draw_paths(engine, result: Explanation, path, lang: str = "en"):
    """The shortest paths, left to right: A, the resources in between, B."""
    columns, positions = _path_layout(result)
    tallest = max(len(c) for c in columns)
    figure = new_figure(2.6 + 2.7 * len(columns), 2.2 + 1.1 * tallest)
    ax = figure.add_subplot()
    _draw_steps(ax, engine, result, positions, lang)
    _draw_nodes(ax, engine, result, positions, lang)
    ax.set_xlim(-1.6, 3.0 * (len(columns) - 1) + 1.6)
    ax.set_ylim(-tallest / 2 - 0.3, tallest / 2 + 0.3)
    ax.set_axis_off()
    ax.set_title(
        f"How {engine.label(result.a, lang)} and {engine.label(result.b, lang)} are connected "
        f"({len(result.paths)} shortest path{'s' if len(result.paths) != 1 else ''})",
        fontsize=11,
    )
    return save(figure, path)


def _path_layout(result: Explanation):
    """Columns of the resources at each depth of the paths, and each one's place."""
    columns: list[list] = (
        [[] for _ in range(len(result.paths[0]) + 1)] if result.paths else [[result.a]]
    )
    for chain in result.paths:
        nodes = [chain[0].source] + [step.target for step in chain]
        for depth, node in enumerate(nodes):
            if node not in columns[depth]:
                columns[depth].append(node)
    positions = {}
    for depth, nodes in enumerate(columns):
        for row, node in enumerate(nodes):
            positions[node] = (depth * 3.0, (len(nodes) - 1) / 2 - row)
    return columns, positions


def _draw_steps(ax, engine, result: Explanation, positions, lang: str) -> None:
    """An arrow per step (against the step when it is inverse), named by its properties."""
    drawn = set()
    for chain in result.paths:
        for step in chain:
            (x0, y0), (x1, y1) = positions[step.source], positions[step.target]
            if (step.source, step.target) in drawn:
                continue
            drawn.add((step.source, step.target))
            start, end = ((x1, y1), (x0, y0)) if step.inverse else ((x0, y0), (x1, y1))
            ax.annotate(
                "",
                end,
                xytext=start,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "#555555",
                    "shrinkA": 38,
                    "shrinkB": 38,
                    "lw": 1.2,
                },
            )
            name = " / ".join(property_label(engine, p, lang) for p in step.properties)
            ax.text(
                (x0 + x1) / 2,
                (y0 + y1) / 2 + 0.12,
                name,
                fontsize=7,
                ha="center",
                va="bottom",
                color="#333333",
                rotation=math.degrees(math.atan2(y1 - y0, x1 - x0)) * 0.9,
            )


def _draw_nodes(ax, engine, result: Explanation, positions, lang: str) -> None:
    """A labelled box per resource; A and B are filled."""
    for node, (x, y) in positions.items():
        text = ax.text(
            x,
            y,
            _wrap(engine.label(node, lang)),
            ha="center",
            va="center",
            fontsize=8,
            zorder=5,
            bbox={
                "boxstyle": "round,pad=0.4",
                "fc": "#E8F1FA" if node in (result.a, result.b) else "white",
                "ec": "#0072B2",
            },
        )
        text.set_gid(f"node-{slug(node)}")


def _wrap(text: str, width: int = 22) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:4])
