"""Cities compared by the themes they share: a weighted Jaccard index over themes.

The measure (the same text is in ``pimgraph explore similar --help`` and the README)::

    w(t)      = ln((N + 1) / n_t)     N = cities compared, n_t = those of them holding theme t
    sim(A, B) = sum of w(t) over the themes both hold  /  sum of w(t) over the themes either holds

A city's themes are those of its networks, its MIDs and its own, each widened with its broader
themes (``pimgraph.explore.profiles``), so a shared cross-cutting issue also counts as a shared
thematic area. The idf-like weight makes a theme that every city holds (the two workshop
components, when one edition is compared) count almost nothing, ln(1 + 1/N), and a rare theme
count most. sim is 1 for two cities with the same themes and 0 for cities sharing none.

Clusters are communities of the graph whose edges are the pairs, weighted by sim, found by
greedy modularity agglomeration (Clauset, Newman and Moore 2004): start from one community per
city and repeatedly merge the two communities whose merge raises the modularity most, until no
merge raises it. Ties are broken by the cities' labels, so the result is deterministic.

Bridging themes are themes held by cities of more than one network.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import N_, _
from pimgraph.explore.profiles import Profiles, Route, sort_key

# The measure's one-line description (shown as is on the site; translated in the CLI's tables).
MEASURE = N_(
    "weighted Jaccard over themes: w(t) = ln((N+1)/n_t); sim = sum w(shared) / sum w(either)"
)


@dataclass
class SharedTheme:
    theme: URIRef
    weight: float
    routes_a: frozenset[Route]
    routes_b: frozenset[Route]


@dataclass
class Pair:
    a: URIRef
    b: URIRef
    similarity: float
    shared: list[SharedTheme]  # heaviest first


@dataclass
class Bridge:
    theme: URIRef
    weight: float
    networks: dict[URIRef, list[URIRef]]  # network -> its member cities that hold the theme

    @property
    def cities(self) -> set[URIRef]:
        return {c for members in self.networks.values() for c in members}


@dataclass
class SimilarCities:
    """The answer of ``explore similar``: ``pairs`` all have ``a == city``, best first."""

    city: URIRef
    profiles: Profiles
    pairs: list[Pair]


@dataclass
class SharedThemes:
    """The answer of ``explore shared-themes``."""

    profiles: Profiles
    pairs: list[Pair]  # every pair with sim > 0, best first
    clusters: list[list[URIRef]]  # largest first
    bridges: list[Bridge]


def compare(
    profiles: Profiles, a: URIRef, b: URIRef, weights: dict[URIRef, float] | None = None
) -> Pair:
    """sim(a, b) and the themes the two cities share."""
    weights = weights if weights is not None else profiles.weights
    themes_a = profiles.cities[a].themes
    themes_b = profiles.cities[b].themes
    union = sum(weights[t] for t in themes_a.keys() | themes_b.keys())
    both = themes_a.keys() & themes_b.keys()
    shared = [
        SharedTheme(t, weights[t], frozenset(themes_a[t]), frozenset(themes_b[t])) for t in both
    ]
    shared.sort(key=lambda s: (-s.weight, sort_key(profiles.label(s.theme))))
    value = sum(s.weight for s in shared) / union if union else 0.0
    return Pair(a, b, value, shared)


def similar_cities(profiles: Profiles, city: URIRef, top: int = 10) -> SimilarCities:
    """The ``top`` cities closest to ``city`` (0 = every city sharing a theme with it)."""
    if city not in profiles.cities:
        name = profiles.label(city)
        if profiles.edition:
            message = _(
                "CITY: {name} <{city}> holds no theme in edition {edition}: nothing to compare",
                name=name,
                city=city,
                edition=profiles.label(profiles.edition),
            )
        else:
            message = _(
                "CITY: {name} <{city}> holds no theme: nothing to compare", name=name, city=city
            )
        raise UsageError(message)
    weights = profiles.weights
    pairs = [compare(profiles, city, other, weights) for other in profiles.cities if other != city]
    pairs = [p for p in pairs if p.similarity > 0]
    pairs.sort(key=lambda p: (-p.similarity, sort_key(profiles.label(p.b))))
    return SimilarCities(city, profiles, pairs[:top] if top > 0 else pairs)


def shared_themes(profiles: Profiles) -> SharedThemes:
    """Every pair ranked, the clusters of cities and the themes that bridge networks."""
    weights = profiles.weights
    order = profiles.ordered_cities()
    pairs = [compare(profiles, a, b, weights) for i, a in enumerate(order) for b in order[i + 1 :]]
    pairs = [p for p in pairs if p.similarity > 0]
    pairs.sort(
        key=lambda p: (-p.similarity, sort_key(profiles.label(p.a)), sort_key(profiles.label(p.b)))
    )
    clusters = greedy_modularity(
        order, [(p.a, p.b, p.similarity) for p in pairs], lambda c: sort_key(profiles.label(c))
    )
    return SharedThemes(profiles, pairs, clusters, bridges(profiles))


def bridges(profiles: Profiles) -> list[Bridge]:
    """Themes held by member cities of more than one network, most networks first."""
    weights = profiles.weights
    found: dict[URIRef, dict[URIRef, list[URIRef]]] = {}
    for city in profiles.ordered_cities():
        profile = profiles.cities[city]
        for theme in profile.themes:
            for network in profile.networks:
                found.setdefault(theme, {}).setdefault(network, []).append(city)
    result = [Bridge(t, weights[t], nets) for t, nets in found.items() if len(nets) > 1]
    result.sort(key=lambda b: (-len(b.networks), -len(b.cities), sort_key(profiles.label(b.theme))))
    return result


def greedy_modularity(
    nodes: list[URIRef], edges: list[tuple[URIRef, URIRef, float]], label=str
) -> list[list[URIRef]]:
    """Communities by greedy modularity agglomeration (see the module docstring); ``label``
    gives the sort key that orders cities and breaks ties."""
    total = sum(w for _, _, w in edges)
    if total <= 0:
        return [[n] for n in nodes]
    degree = {n: 0.0 for n in nodes}
    between: dict[tuple[int, int], float] = {}
    community = {n: i for i, n in enumerate(nodes)}
    for a, b, w in edges:
        degree[a] += w
        degree[b] += w
        low, high = sorted((community[a], community[b]))
        between[low, high] = between.get((low, high), 0.0) + w
    members = {i: [n] for i, n in enumerate(nodes)}
    strength = {i: degree[n] for i, n in enumerate(nodes)}
    while True:
        best = None
        for (i, j), w in between.items():
            # Merging i and j changes modularity by w_ij/m - d_i*d_j/(2m^2).
            gain = w / total - strength[i] * strength[j] / (2 * total * total)
            rank = (-gain, sorted(label(n) for n in members[i] + members[j]))
            if gain > 1e-12 and (best is None or rank < best[0]):
                best = (rank, i, j)
        if best is None:
            break
        _, i, j = best
        members[i] += members.pop(j)
        strength[i] += strength.pop(j)
        merged: dict[tuple[int, int], float] = {}
        for (x, y), w in between.items():
            x, y = (i if x == j else x), (i if y == j else y)
            if x != y:
                key = (min(x, y), max(x, y))
                merged[key] = merged.get(key, 0.0) + w
        between = merged
    groups = [sorted(group, key=label) for group in members.values()]
    groups.sort(key=lambda g: (-len(g), label(g[0])))
    return groups
