"""Explore which cities share themes: similarity, clusters, bridging themes, explanations, pictures.

The functions here are what the command line and the published site call. Each takes the
resources as an IRI, a prefixed name or a label in Polish or English, opens the bundled graph
unless it is given an ``engine``, and returns structured results; the ``*_picture`` functions
also write a picture (``.svg`` or ``.png``, through a temporary file and a rename) and return
the table data the picture shows, as a list of plain dicts.

The measure, the clusters and the bridging themes are defined in ``pimgraph.explore.similarity``;
the paths of ``explain`` in ``pimgraph.explore.explain``. Pictures need the plot extra
(``pip install "pimgraph[plot]"``).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import ngettext
from pimgraph.explore.explain import Explanation, chain_text, explain, explanation_rows
from pimgraph.explore.map_plot import draw_heatmap, draw_map
from pimgraph.explore.network_plot import draw_network, draw_paths, draw_similar
from pimgraph.explore.plots import check_path, require_matplotlib
from pimgraph.explore.profiles import Profiles, load_profiles, resolve_city, resolve_edition
from pimgraph.explore.render import pair_row, similar_rows
from pimgraph.explore.similarity import (
    MEASURE,
    SharedThemes,
    SimilarCities,
    shared_themes,
    similar_cities,
)
from pimgraph.graph.engine import open_engine
from pimgraph.sparql.binding import resolve_resource

__all__ = [
    "MEASURE",
    "Explanation",
    "Profiles",
    "SharedThemes",
    "SimilarCities",
    "chain_text",
    "explain_paths",
    "explain_picture",
    "heatmap_picture",
    "map_picture",
    "network_picture",
    "profiles",
    "shared",
    "similar",
    "similar_picture",
]


def _engine(engine):
    if engine is not None:
        return engine

    return open_engine()


def profiles(edition: str | URIRef | None = None, lang: str = "en", engine=None) -> Profiles:
    engine = _engine(engine)
    return load_profiles(engine, resolve_edition(engine, str(edition) if edition else None), lang)


def similar(
    city: str | URIRef,
    top: int = 10,
    edition: str | URIRef | None = None,
    lang: str = "en",
    engine=None,
) -> SimilarCities:
    """The ``top`` cities most like ``city`` (0 = all that share a theme with it)."""
    engine = _engine(engine)
    return similar_cities(profiles(edition, lang, engine), resolve_city(engine, str(city)), top)


def shared(edition: str | URIRef | None = None, lang: str = "en", engine=None) -> SharedThemes:
    """All pairs by similarity, the clusters of cities and the themes that bridge networks."""
    return shared_themes(profiles(edition, lang, engine))


def explain_paths(
    a: str | URIRef, b: str | URIRef, max_length: int = 6, limit: int = 5, engine=None
) -> Explanation:
    """The shortest meaningful paths from ``a`` to ``b``."""

    engine = _engine(engine)
    index = engine.label_index()
    name = lambda term: engine.label(term, "pl")  # noqa: E731
    return explain(
        engine,
        resolve_resource(str(a), "A", index, name),
        resolve_resource(str(b), "B", index, name),
        max_length,
        limit,
    )


def similar_picture(
    path: str | Path, city: str | URIRef, top: int = 10, edition=None, lang: str = "en", engine=None
) -> list[dict]:
    """Draw ``city`` and the cities most like it; return the ranked rows."""

    require_matplotlib()
    check_path(path)
    result = similar(city, top, edition, lang, engine)
    draw_similar(result, path)
    return similar_rows(result)


def network_picture(path: str | Path, edition=None, lang: str = "en", engine=None) -> list[dict]:
    """Draw every compared city and the pairs sharing themes; return the pairs."""

    require_matplotlib()
    check_path(path)
    result = shared(edition, lang, engine)
    draw_network(result, path)
    return [pair_row(result.profiles, pair, rank) for rank, pair in enumerate(result.pairs, 1)]


def map_picture(path: str | Path, edition=None, lang: str = "en", engine=None) -> list[dict]:
    """Draw the map of Poland with the compared cities; return the cities placed on it."""

    require_matplotlib()
    check_path(path, "--map")
    return draw_map(shared(edition, lang, engine), path)


def heatmap_picture(path: str | Path, edition=None, lang: str = "en", engine=None) -> list[dict]:
    """Draw the city × theme heat map; return one row per (city, theme held)."""

    require_matplotlib()
    check_path(path, "--heatmap")
    return draw_heatmap(shared(edition, lang, engine), path)


def explain_picture(
    path: str | Path, a, b, max_length: int = 6, limit: int = 5, lang: str = "en", engine=None
) -> list[dict]:
    """Draw the shortest paths from ``a`` to ``b``; return one row per step."""

    require_matplotlib()
    check_path(path)
    engine = _engine(engine)
    result = explain_paths(a, b, max_length, limit, engine)
    if not result.paths:
        raise UsageError(
            ngettext(
                "no path of at most {n} step between {a} and {b}: nothing to draw "
                "(try a larger --max-length)",
                "no path of at most {n} steps between {a} and {b}: nothing to draw "
                "(try a larger --max-length)",
                max_length,
                a=engine.label(result.a, lang),
                b=engine.label(result.b, lang),
            )
        )
    draw_paths(engine, result, path, lang)
    return explanation_rows(engine, result, lang)
