"""``pimgraph explore similar``, ``pimgraph explore shared-themes`` and ``pimgraph explain``."""

from __future__ import annotations

import click

from pimgraph.cli.options import (
    choice,
    data_option,
    lang_option,
    no_cache_option,
    reasoning_option,
    store_option,
)
from pimgraph.core.choices import EXPLORE_FORMATS
from pimgraph.core.messages import _

MEASURE_HELP = """\b
The measure (weighted Jaccard over themes):
  w(t)      = ln((N + 1) / n_t)   N cities compared, n_t of them holding theme t
  sim(A, B) = sum of w(t) over the themes both hold
              / sum of w(t) over the themes either holds
A city holds the themes of its networks (thematic area, cross-cutting issues,
workshop components), of its MIDs and its own, each with its broader themes
(skos:broader*). A theme every city holds counts almost nothing; a rare one
counts most. 1 = the same themes, 0 = none shared."""

edition_option = click.option(
    "--edition",
    metavar="EDITION",
    help="Compare within one edition (pilot, 2021-2023, 2024-2026, or its IRI/label): "
    "only its networks and MIDs count. Default: every edition.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=choice(EXPLORE_FORMATS),
    default="table",
    show_default=True,
    help="table for reading; csv and json list every theme.",
)


def _picture_path(value: str | None, option: str):
    if value is None:
        return None
    from pimgraph.explore.plots import check_path, require_matplotlib

    require_matplotlib()  # fail before any work when the plot extra is missing
    return check_path(value, option)


def _engine(data_files, reasoning, backend, no_cache):
    from pimgraph.graph.engine import open_engine

    return open_engine(data_files, reasoning, backend, not no_cache)


@click.group("explore")
def explore_group() -> None:
    """Which cities share themes, how much, and why; with pictures.

    \b
    Examples:
      pimgraph explore similar Słupsk
      pimgraph explore similar Słupsk --plot similar.svg
      pimgraph explore shared-themes --edition 2021-2023 --plot network.svg
      pimgraph explore shared-themes --edition 2021-2023 --map map.png --heatmap heat.png
    """


@explore_group.command("similar", epilog=MEASURE_HELP)
@click.argument("city")
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many cities to list (0 = every city sharing a theme).",
)
@edition_option
@format_option
@lang_option
@click.option(
    "--plot",
    "plot",
    metavar="FILE.svg|png",
    help="Also draw CITY and the cities most like it (closer = more similar).",
)
@data_option
@reasoning_option
@store_option
@no_cache_option
def similar(city, top, edition, fmt, lang, plot, data_files, reasoning, backend, no_cache) -> None:
    """The cities closest to CITY by shared themes, and through what they share them.

    CITY is an IRI, a prefixed name (pimid:city/slupsk) or a label in Polish or English
    (Słupsk). Each row names the shared themes, grouped by how each city holds them
    (network membership, MID, own theme; 'via «...»' = through a narrower cross-cutting issue).
    """
    from pimgraph.explore import similar as find_similar
    from pimgraph.explore.render import render_similar

    target = _picture_path(plot, "--plot")
    engine = _engine(data_files, reasoning, backend, no_cache)
    result = find_similar(city, top, edition, lang, engine)
    click.echo(render_similar(result, fmt).rstrip("\n"))
    if target is not None:
        from pimgraph.explore.network_plot import draw_similar

        click.echo(_("picture: {path}", path=draw_similar(result, target)), err=True)


@explore_group.command("shared-themes", epilog=MEASURE_HELP)
@edition_option
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many pairs to list (0 = all).",
)
@click.option(
    "--only",
    type=click.Choice(["pairs", "clusters", "bridges"]),
    help="Show one part only (csv always shows one part: pairs unless told).",
)
@format_option
@lang_option
@click.option(
    "--plot",
    metavar="FILE.svg|png",
    help="Draw the network of cities: colour = network, line = similarity, groups = clusters.",
)
@click.option(
    "--map",
    "map_file",
    metavar="FILE.svg|png",
    help="Draw a map of Poland with the cities, coloured by network.",
)
@click.option(
    "--heatmap",
    metavar="FILE.svg|png",
    help="Draw the city × theme heat map (colour = theme weight).",
)
@data_option
@reasoning_option
@store_option
@no_cache_option
def shared_themes(
    edition, top, only, fmt, lang, plot, map_file, heatmap, data_files, reasoning, backend, no_cache
) -> None:
    """Every pair of cities by similarity, clusters of cities, and the themes that bridge networks.

    \b
    Clusters: communities of the graph of pairs weighted by similarity, by greedy
    modularity agglomeration (deterministic: ties go by label).
    Bridging themes: themes held by cities of more than one network.
    """
    from pimgraph.explore import shared
    from pimgraph.explore.render import render_shared

    pictures = [
        (_picture_path(value, option), kind)
        for value, option, kind in (
            (plot, "--plot", "network"),
            (map_file, "--map", "map"),
            (heatmap, "--heatmap", "heatmap"),
        )
        if value is not None
    ]
    engine = _engine(data_files, reasoning, backend, no_cache)
    result = shared(edition, lang, engine)
    click.echo(render_shared(result, fmt, top, only).rstrip("\n"))
    for target, kind in pictures:
        from pimgraph.explore.map_plot import draw_heatmap, draw_map
        from pimgraph.explore.network_plot import draw_network

        {"network": draw_network, "map": draw_map, "heatmap": draw_heatmap}[kind](result, target)
        click.echo(_("picture: {path}", path=target), err=True)


@click.command("explain")
@click.argument("a")
@click.argument("b")
@click.option(
    "--max-length",
    type=click.IntRange(min=1, max=12),
    default=6,
    show_default=True,
    help="Longest path to look for, in steps.",
)
@click.option(
    "--paths",
    "limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many of the shortest paths to show.",
)
@click.option(
    "--format",
    "fmt",
    type=choice(EXPLORE_FORMATS),
    default="table",
    show_default=True,
    help="table: one chain per line; csv/json: one row per step.",
)
@lang_option
@click.option("--plot", metavar="FILE.svg|png", help="Also draw the paths.")
@data_option
@reasoning_option
@store_option
@no_cache_option
def explain(
    a, b, max_length, limit, fmt, lang, plot, data_files, reasoning, backend, no_cache
) -> None:
    """How A and B are connected: the shortest meaningful paths between them.

    A and B are IRIs, prefixed names or labels in Polish or English. Steps are the
    properties between resources under https://w3id.org/pim/id/, walked both ways;
    types, labels, sources, scheme membership and map geometries are left out.
    '—p→' is a step along p, '←p—' a step against it.

    \b
    Examples:
      pimgraph explain Słupsk Gdańsk
      pimgraph explain Słupsk "Urban Agenda for the EU"
      pimgraph explain Lublin "cohesion policy" --plot path.svg
    """
    from pimgraph.explore import explain_paths
    from pimgraph.explore.explain import render_explain

    target = _picture_path(plot, "--plot")
    engine = _engine(data_files, reasoning, backend, no_cache)
    result = explain_paths(a, b, max_length, limit, engine)
    click.echo(render_explain(engine, result, fmt, lang).rstrip("\n"))
    if target is not None and result.paths:
        from pimgraph.explore.network_plot import draw_paths

        click.echo(_("picture: {path}", path=draw_paths(engine, result, target, lang)), err=True)


COMMANDS = [explore_group, explain]
