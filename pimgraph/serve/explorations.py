"""The site's exploration page data: ``pimgraph.explore`` results as ``pimgraph.publish`` data.

The two features never import each other; this module, on the floor above both, is where they
meet. ``pimgraph publish`` and ``pimgraph serve`` pass :func:`site_explorations` to
``publish_site`` so the built site has its exploration page.
"""

from __future__ import annotations

from pathlib import Path

from pimgraph.core.errors import UsageError
from pimgraph.explore import (
    MEASURE,
    SharedThemes,
    heatmap_picture,
    map_picture,
    network_picture,
    plots,
    shared,
)
from pimgraph.publish.explore_pages import (
    EDITION,
    PICTURE_LANG,
    BridgeRow,
    ClusterRow,
    Exploration,
    Explorations,
    PairRow,
    PictureMaker,
)

_PICTURES = {"network": network_picture, "map": map_picture, "heatmap": heatmap_picture}


def site_explorations(engine, edition: str = EDITION) -> Explorations:
    """The exploration of ``edition`` in ``engine``'s graph, for the site's page."""

    def tables(lang: str) -> Exploration | None:
        try:
            return exploration(shared(edition, lang, engine))
        except UsageError:  # the graph has no such edition
            return None

    def pictures() -> dict[str, PictureMaker] | None:
        try:
            plots.require_matplotlib()
        except UsageError:
            return None
        return {name: _maker(draw, edition, engine) for name, draw in _PICTURES.items()}

    return Explorations(edition, MEASURE, tables, pictures)


def exploration(result: SharedThemes) -> Exploration:
    """``pimgraph.explore.shared``'s answer as the plain data the page shows."""
    profiles = result.profiles
    assert profiles.edition is not None  # the site compares the cities of one edition
    return Exploration(
        edition=profiles.edition,
        cities=len(profiles.cities),
        pairs=[
            PairRow(pair.a, pair.b, pair.similarity, [s.theme for s in pair.shared])
            for pair in result.pairs
        ],
        clusters=[
            ClusterRow(
                members,
                frozenset(n for city in members for n in profiles.cities[city].networks),
            )
            for members in result.clusters
        ],
        bridges=[
            BridgeRow(
                bridge.theme,
                bridge.weight,
                {network: len(cities) for network, cities in bridge.networks.items()},
                len(bridge.cities),
            )
            for bridge in result.bridges
        ],
    )


def _maker(draw, edition: str, engine) -> PictureMaker:
    def make(path: Path) -> object:
        return draw(path, edition, PICTURE_LANG, engine)

    return make
