"""Which themes each city holds, and through what: the input of every exploration.

A city holds a theme through

* a network it is a member of (the network's ``pim:hasTheme``: thematic area, cross-cutting
  issues, workshop components),
* one of its urban action initiatives (MID, ``pim:hasInitiative`` then ``pim:hasTheme``),
* its own ``pim:hasTheme``,

and each of those themes is widened with its broader concepts (``skos:broader*``), so a city
whose MID names a cross-cutting issue also holds the thematic area above it. Both directions of
every inverse pair are matched, so the answer does not depend on the reasoning mode. With an
edition, only that edition's networks and MIDs count (and a city's own themes when it took part
in it); cities holding no theme are left out, having nothing to compare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rdflib import URIRef, Variable

from pimgraph.core.errors import UsageError
from pimgraph.core.geo import parse_point
from pimgraph.core.messages import _
from pimgraph.core.namespaces import PIMID
from pimgraph.core.text import fold, loose_key
from pimgraph.graph.base import Engine
from pimgraph.sparql.binding import resolve_resource

_THEMES = """
SELECT DISTINCT ?city ?kind ?carrier ?direct ?theme WHERE {
  ?city a pim:City .
  { ?city org:memberOf|^org:hasMember ?carrier . ?carrier a pim:Network .
    ?carrier pim:hasTheme|^pim:isThemeOf ?direct . BIND("network" AS ?kind) %(network)s }
  UNION
  { ?city pim:hasInitiative|^pim:preparedBy ?carrier .
    ?carrier pim:hasTheme|^pim:isThemeOf ?direct . BIND("mid" AS ?kind) %(network)s }
  UNION
  { ?city pim:hasTheme|^pim:isThemeOf ?direct .
    BIND(?city AS ?carrier) BIND("own" AS ?kind) %(own)s }
  ?direct (skos:broader|^skos:narrower)* ?theme .
}"""
_IN_EDITION = {
    "network": "?carrier pim:edition|^pim:editionIncludes ?edition .",
    "own": "?city pim:participatedIn|^pim:hasParticipant ?edition .",
}
_ANY_EDITION = {"network": "", "own": ""}

_NETWORKS = """
SELECT DISTINCT ?city ?network ?start WHERE {
  ?city a pim:City ; org:memberOf|^org:hasMember ?network . ?network a pim:Network .
  ?network pim:edition|^pim:editionIncludes ?edition .
  OPTIONAL { ?edition schema:startDate ?start }
}"""
_POINTS = """
SELECT ?city ?wkt WHERE { ?city a pim:City ; geo:hasGeometry/geo:asWKT ?wkt }"""
_EDITIONS = "SELECT ?edition WHERE { ?edition a pim:ProgrammeEdition }"


def sort_key(text: str) -> str:
    """Alphabetical order for Polish names: Dębica before Dzierzgoń, Łomianki among the Ls."""
    return loose_key(text)


@dataclass(frozen=True, order=True)
class Route:
    """How a city reaches a theme: ``kind`` network / mid / own, through ``carrier`` (the
    network, the MID or the city itself), and ``via`` the narrower theme the carrier names when
    the theme is reached through ``skos:broader`` (``None`` when the carrier names it)."""

    kind: str
    carrier: URIRef
    via: URIRef | None = None


@dataclass
class CityProfile:
    iri: URIRef
    networks: list[URIRef]
    point: tuple[float, float] | None  # (longitude, latitude)
    themes: dict[URIRef, set[Route]] = field(default_factory=dict)


@dataclass
class Profiles:
    """Every compared city's themes, with the weights of the themes (see ``similarity``)."""

    cities: dict[URIRef, CityProfile]
    networks: list[URIRef]  # networks of the compared cities, oldest edition first
    edition: URIRef | None
    engine: Engine
    lang: str = "en"

    def label(self, term) -> str:
        return self.engine.label(term, self.lang)

    @property
    def holders(self) -> dict[URIRef, int]:
        """Theme -> number of compared cities holding it."""
        counts: dict[URIRef, int] = {}
        for city in self.cities.values():
            for theme in city.themes:
                counts[theme] = counts.get(theme, 0) + 1
        return counts

    @property
    def weights(self) -> dict[URIRef, float]:
        """Theme -> ln((N + 1) / n_t), N cities compared, n_t of them holding the theme."""
        total = len(self.cities)
        return {theme: math.log((total + 1) / count) for theme, count in self.holders.items()}

    def ordered_cities(self) -> list[URIRef]:
        """Cities by their first network (oldest edition first), then by label."""
        rank = {network: index for index, network in enumerate(self.networks)}
        return sorted(
            self.cities,
            key=lambda c: (
                min((rank[n] for n in self.cities[c].networks), default=len(rank)),
                sort_key(self.label(c)),
            ),
        )


def load_profiles(engine, edition: URIRef | None = None, lang: str = "en") -> Profiles:
    """Read the cities' themes (and networks, map points) from ``engine``."""
    bindings = {Variable("edition"): edition} if edition is not None else None
    text = _THEMES % (_IN_EDITION if edition is not None else _ANY_EDITION)
    raw: dict[URIRef, dict[URIRef, set[Route]]] = {}
    for city, kind, carrier, direct, theme in engine.query(text, bindings).rows:
        via = None if direct == theme else direct
        raw.setdefault(city, {}).setdefault(theme, set()).add(Route(str(kind), carrier, via))
    memberships: dict[URIRef, set[URIRef]] = {}
    starts: dict[URIRef, str] = {}
    for city, network, start in engine.query(_NETWORKS, bindings).rows:
        memberships.setdefault(city, set()).add(network)
        starts[network] = str(start) if start is not None else "9999"
    points = {city: parse_point(str(wkt)) for city, wkt in engine.query(_POINTS).rows}
    cities: dict[URIRef, CityProfile] = {}
    for city, themes in raw.items():
        nets = sorted(
            memberships.get(city, ()), key=lambda n: (starts[n], sort_key(engine.label(n, lang)))
        )
        cities[city] = CityProfile(city, nets, points.get(city), _prune(themes))
    used = {n for c in cities.values() for n in c.networks}
    networks = sorted(used, key=lambda n: (starts[n], sort_key(engine.label(n, lang))))
    return Profiles(cities, networks, edition, engine, lang)


def _prune(themes: dict[URIRef, set[Route]]) -> dict[URIRef, set[Route]]:
    """Drop a 'through a narrower theme' route when the same carrier names the theme itself."""
    pruned = {}
    for theme, routes in themes.items():
        direct = {(r.kind, r.carrier) for r in routes if r.via is None}
        pruned[theme] = {r for r in routes if r.via is None or (r.kind, r.carrier) not in direct}
    return pruned


def resolve_edition(engine, value: str | None) -> URIRef | None:
    """``2021-2023``, ``pilot``, an IRI, a prefixed name or a label -> the edition's IRI."""
    if value is None:
        return None
    editions = {row[0] for row in engine.query(_EDITIONS).rows}
    slug = PIMID[f"edition/{value.strip()}"]
    if slug in editions:
        return slug
    known = ", ".join(sorted(str(e).rsplit("/", 1)[-1] for e in editions))
    try:
        found = resolve_resource(
            value, "--edition", engine.label_index(), lambda t: engine.label(t, "en")
        )
    except UsageError:
        found = None
    if found not in editions:
        raise UsageError(
            _(
                "--edition: {value} is not a programme edition; use one of {known}",
                value=repr(value),
                known=known,
            )
        )
    return found


def resolve_city(engine, value: str, where: str = "CITY") -> URIRef:
    """A city from an IRI, a prefixed name or a label; suggestions come from city labels only."""
    cities = {row[0] for row in engine.query("SELECT ?c WHERE { ?c a pim:City }").rows}
    labels = engine.label_index()
    index = {label: found & cities for label, found in labels.items() if found & cities}
    try:
        city = resolve_resource(value, where, index, lambda t: engine.label(t, "pl"))
    except UsageError:
        # A label of something else (a network, say) deserves a plainer answer than a guess.
        others = sorted(labels.get(fold(value), ()))
        if others:
            raise UsageError(
                _(
                    "{where}: {value} names <{iri}>, which is not a city (pim:City)",
                    where=where,
                    value=repr(value),
                    iri=others[0],
                )
            ) from None
        raise
    if city not in cities:
        raise UsageError(
            _("{where}: <{city}> is not a city (pim:City) in the graph", where=where, city=city)
        )
    return city
