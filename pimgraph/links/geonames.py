"""Matching our cities to GeoNames places: by name, then by distance, with TERC as a check.

A name alone is not enough (Poland has many places called Świdnica or Olsztyn), so a name match
counts only within ``MATCH_RADIUS_KM`` of our own map point; a city without a point, or with no
candidate or more than one candidate that close, is reported and left unlinked. GeoNames'
``admin3`` is the gmina's TERC code without its type digit: when it differs from ours the link is
still made (name and distance decide), and the disagreement is reported, not written as a dispute
of our TERC: TERYT is the register, GeoNames a gazetteer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from pimgraph.core.geo import parse_point
from pimgraph.core.namespaces import GEO, PIM
from pimgraph.core.text import loose_key
from pimgraph.links.sources import Place

MATCH_RADIUS_KM = 15.0  # the largest gap seen is 10.7 km (Gdańsk: two centres of a big city)
_EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class City:
    iri: URIRef
    name: str  # the Polish label
    point: tuple[float, float] | None  # (lon, lat)
    terc: str | None


@dataclass
class CityMatch:
    """What the build found for one city: ``place`` is set only for a link it will write."""

    city: City
    place: Place | None = None
    distance_km: float | None = None
    candidates: list[tuple[Place, float | None]] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.place is not None:
            return "disputed" if self.admin_agrees is False else "matched"
        return "ambiguous" if len(self.near_candidates) > 1 else "missing"

    @property
    def near_candidates(self) -> list[tuple[Place, float | None]]:
        return [(p, d) for p, d in self.candidates if d is not None and d <= MATCH_RADIUS_KM]

    @property
    def admin_agrees(self) -> bool | None:
        """Whether GeoNames' admin3 is our TERC's first six digits (None: nothing to compare)."""
        if self.place is None or not self.city.terc or not self.place.admin3:
            return None
        return self.place.admin3 == self.city.terc[:6]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lon, lat) points (haversine)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def cities_of(graph: Graph) -> list[City]:
    """Every pim:City of ``graph`` with its Polish name, map point and TERC code."""
    cities = []
    for iri in sorted(s for s in graph.subjects(RDF.type, PIM.City) if isinstance(s, URIRef)):
        name = next(
            (str(o) for o in graph.objects(iri, RDFS.label) if getattr(o, "language", "") == "pl"),
            "",
        )
        point = None
        for geometry in graph.objects(iri, GEO.hasGeometry):
            wkt = graph.value(geometry, GEO.asWKT)
            point = parse_point(str(wkt)) if isinstance(wkt, Literal) else None
        terc = graph.value(iri, PIM.tercCode)
        cities.append(City(iri, name, point, str(terc) if terc is not None else None))
    return cities


def match_cities(cities: Iterable[City], places: Iterable[Place]) -> list[CityMatch]:
    """One CityMatch per city, in the order given."""
    by_name: dict[str, list[Place]] = {}
    for place in places:
        for key in {loose_key(place.name), loose_key(place.asciiname)}:
            by_name.setdefault(key, []).append(place)
    matches = []
    for city in cities:
        found = CityMatch(city)
        for place in by_name.get(loose_key(city.name), []):
            gap = distance_km(city.point, (place.lon, place.lat)) if city.point else None
            found.candidates.append((place, gap))
        found.candidates.sort(key=lambda item: (item[1] is None, item[1] or 0.0, item[0].geonameid))
        near = found.near_candidates
        if len(near) == 1:
            found.place, found.distance_km = near[0]
        matches.append(found)
    return matches
