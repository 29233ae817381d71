"""Seeded synthetic extension of the PIM graph, for the benchmark (bench/run.py).

    python bench/generate.py --triples 10k --seed 42 --out bench/data/synthetic-10k.nt

writes N-Triples (streamed: memory stays bounded whatever the size) and, beside it,

``synthetic-10k.expected.json``
    the errors planted on purpose (focus IRI, path, SHACL constraint component), the counts of
    what was generated and example IRIs for query parameters;
``synthetic-10k.submission.ttl``
    a ~1,000-triple MID submission (Turtle) by synthetic cities, for ``pimgraph submit check``.

The data extends the real graph (it refers to the bundled voivodeships, editions, scopes,
content kinds, workshop components and the theme scheme) and follows docs/MODEL.md: cities
(at most 2,500, ``city/syn-NNNN``, 'Miasto Syntetyczne 17' / 'Synthetic Town 17', a 7-digit TERC
code, a point inside Poland's lon/lat box), networks with their improvement plans, SKOS themes
(a thematic area and cross-cutting issues per network, skos:broader and skos:narrower both
asserted), then MIDs with actions and problems and recommendations until the size is reached;
bigger sizes add MIDs, recommendations, problems and actions, not cities. Inverse links are
mirrored as in data/*.ttl: org:hasMember/org:memberOf, pim:hasInitiative/pim:preparedBy,
pim:hasImprovementPlan/pim:planOf, pim:hasRecommendation/pim:partOfPlan,
pim:editionIncludes/pim:edition, pim:addressedBy/pim:addresses (for recommendations),
pim:hasAction/pim:actionOf, skos:hasTopConcept/skos:topConceptOf. Everything synthetic has
``dcterms:source <https://w3id.org/pim/id/source/synthetic>``.

The same seed, size and bundled data give the same bytes. Only the standard library, pyoxigraph
(to read the bundled IRIs) and ``pimgraph.core.resources`` are imported, so generating is fast.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ID = "https://w3id.org/pim/id/"
PIM = "https://w3id.org/pim/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
GEO = "http://www.opengis.net/ont/geosparql#"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"

SOURCE = ID + "source/synthetic"
SCHEME = ID + "scheme/tematy"
MAX_CITIES = 2500
TRIPLES_PER_CITY = 60  # size // 60 cities, up to MAX_CITIES
CITIES_PER_NETWORK = 20
ERRORS_EVERY = 5000  # one planted error per this many triples, at least MIN_ERRORS
MIN_ERRORS = 3
# Poland's extreme points (lon/lat box); synthetic points are drawn inside it.
LON = (14.12, 24.15)
LAT = (49.00, 54.84)
# GUS TERC voivodeship codes by the slug of the voivodeship IRI.
TERC_VOIVODESHIP = {
    "dolnoslaskie": "02",
    "kujawsko-pomorskie": "04",
    "lubelskie": "06",
    "lubuskie": "08",
    "lodzkie": "10",
    "malopolskie": "12",
    "mazowieckie": "14",
    "opolskie": "16",
    "podkarpackie": "18",
    "podlaskie": "20",
    "pomorskie": "22",
    "slaskie": "24",
    "swietokrzyskie": "26",
    "warminsko-mazurskie": "28",
    "wielkopolskie": "30",
    "zachodniopomorskie": "32",
}
# The planted errors, in the order they are handed out (the first three always appear).
ERROR_KINDS = (
    "city-without-english-label",
    "city-terc-code-of-6-digits",
    "recommendation-without-scope",
    "mid-without-preparedBy",
    "action-start-date-not-a-date",
)
ERROR_SHAPES = {  # kind -> (path, constraint component)
    "city-without-english-label": (RDFS + "label", SH + "QualifiedMinCountConstraintComponent"),
    "city-terc-code-of-6-digits": (PIM + "tercCode", SH + "PatternConstraintComponent"),
    "recommendation-without-scope": (PIM + "scope", SH + "MinCountConstraintComponent"),
    "mid-without-preparedBy": (PIM + "preparedBy", SH + "MinCountConstraintComponent"),
    "action-start-date-not-a-date": (SCHEMA + "startDate", SH + "OrConstraintComponent"),
}

_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmM]?)\s*$")


def parse_size(text: str) -> int:
    """'10k' -> 10000, '3e5' -> 300000, '1M' -> 1000000, '2500' -> 2500."""
    match = _SIZE.match(text)
    if not match:
        try:
            return int(float(text))
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10k, 1M)") from None
    number, unit = match.groups()
    return int(round(float(number) * {"": 1, "k": 10**3, "m": 10**6}[unit.lower()]))


def size_label(triples: int) -> str:
    """10000 -> '10k', 1000000 -> '1m' (the file name part)."""
    if triples % 10**6 == 0:
        return f"{triples // 10**6}m"
    if triples % 10**3 == 0:
        return f"{triples // 10**3}k"
    return str(triples)


# ---------------------------------------------------------------------------------------------
# What the synthetic data refers to in the bundled graph
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bundled:
    voivodeships: tuple[str, ...]
    editions: tuple[str, ...]
    scopes: tuple[str, ...]
    content_kinds: tuple[str, ...]
    workshop_components: tuple[str, ...]
    cities: tuple[str, ...]
    themes: tuple[str, ...]


def read_bundled() -> Bundled:
    """The IRIs of the bundled data the synthetic data links to, sorted (deterministic)."""
    import pyoxigraph as ox

    from pimgraph.core import resources

    by_class: dict[str, list[str]] = {}
    for path in resources.data_paths():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if quad.predicate.value == RDF_TYPE and isinstance(quad.subject, ox.NamedNode):
                by_class.setdefault(quad.object.value, []).append(quad.subject.value)

    def of(cls: str) -> tuple[str, ...]:
        return tuple(sorted(set(by_class.get(cls, ()))))

    bundled = Bundled(
        voivodeships=tuple(
            v for v in of(PIM + "Voivodeship") if v.rsplit("/", 1)[-1] in TERC_VOIVODESHIP
        ),
        editions=of(PIM + "ProgrammeEdition"),
        scopes=of(PIM + "RecommendationScope"),
        content_kinds=of(PIM + "ContentKind"),
        workshop_components=of(PIM + "WorkshopComponent"),
        cities=of(PIM + "City"),
        themes=tuple(sorted(set(of(PIM + "ThematicArea")) | set(of(PIM + "CrossCuttingIssue")))),
    )
    for name in ("voivodeships", "editions", "scopes"):
        if not getattr(bundled, name):
            raise SystemExit(f"generate: the bundled data has no {name}; cannot extend it")
    return bundled


# ---------------------------------------------------------------------------------------------
# N-Triples writing
# ---------------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def iri(value: str) -> str:
    return f"<{value}>"


def lang(text: str, tag: str) -> str:
    return f'"{_escape(text)}"@{tag}'


def plain(text: str) -> str:
    return f'"{_escape(text)}"'


def typed(text: str, datatype: str) -> str:
    return f'"{_escape(text)}"^^<{datatype}>'


class TripleWriter:
    """Writes N-Triples lines through a small buffer and counts them."""

    def __init__(self, stream, buffer_lines: int = 20000):
        self.stream = stream
        self.count = 0
        self._buffer: list[str] = []
        self._limit = buffer_lines

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self._buffer.append(f"<{subject}> <{predicate}> {obj} .\n")
        self.count += 1
        if len(self._buffer) >= self._limit:
            self.flush()

    def flush(self) -> None:
        self.stream.write("".join(self._buffer))
        self._buffer.clear()


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


@dataclass
class Plan:
    triples: int
    cities: int
    networks: int
    errors: int

    @classmethod
    def for_size(cls, triples: int) -> Plan:
        cities = max(10, min(MAX_CITIES, triples // TRIPLES_PER_CITY))
        networks = max(3, math.ceil(cities / CITIES_PER_NETWORK))
        errors = max(MIN_ERRORS, round(triples / ERRORS_EVERY))
        return cls(triples, cities, networks, errors)


@dataclass
class Network:
    iri: str
    plan: str
    edition: str
    area: str
    issues: list[str]
    members: list[int] = field(default_factory=list)
    recommendations: int = 0


@dataclass
class State:
    """What later entities link to; bounded by the number of cities and networks."""

    networks: list[Network] = field(default_factory=list)
    city_networks: list[list[int]] = field(default_factory=list)
    problems: int = 0
    mids: int = 0
    actions: int = 0
    recommendations: int = 0
    planted: list[dict] = field(default_factory=list)


class Generator:
    def __init__(self, triples: int, seed: int, bundled: Bundled):
        self.plan = Plan.for_size(triples)
        self.seed = seed
        self.rng = random.Random(seed)
        self.bundled = bundled
        self.state = State()

    # -- helpers ------------------------------------------------------------------------------
    def _labels(self, w: TripleWriter, subject: str, pl: str, en: str | None) -> None:
        w.add(subject, RDFS + "label", lang(pl, "pl"))
        if en is not None:
            w.add(subject, RDFS + "label", lang(en, "en"))

    def _plant(self, kind: str, focus: str) -> None:
        path, component = ERROR_SHAPES[kind]
        self.state.planted.append(
            {"kind": kind, "focus": focus, "path": path, "component": component}
        )

    def _error_schedule(self) -> tuple[dict[int, str], dict[str, list[int]]]:
        """City index -> error kind, and for the other kinds the triple positions after which
        the next entity of that kind is spoiled (spread over the part after the cities)."""
        kinds = [ERROR_KINDS[i % len(ERROR_KINDS)] for i in range(self.plan.errors)]
        city_kinds = [k for k in kinds if k.startswith("city-")]
        chosen = self.rng.sample(range(self.plan.cities), len(city_kinds))
        city_errors = dict(zip(chosen, city_kinds, strict=True))
        later: dict[str, list[int]] = {}
        others = [k for k in kinds if not k.startswith("city-")]
        start, end = self._skeleton_estimate(), int(self.plan.triples * 0.95)
        for position, kind in enumerate(others):
            at = start + (end - start) * (position + 0.5) / max(1, len(others))
            later.setdefault(kind, []).append(int(at))
        return city_errors, later

    def _skeleton_estimate(self) -> int:
        return self.plan.cities * 17 + self.plan.networks * 90

    # -- the whole file -----------------------------------------------------------------------
    def write(self, stream) -> dict:
        w = TripleWriter(stream)
        city_errors, later_errors = self._error_schedule()
        self._source(w)
        self._networks_and_themes(w)
        self._cities(w, city_errors)
        pending = {kind: sorted(positions) for kind, positions in later_errors.items()}
        slack = 20  # stop when the next unit would overshoot by more than about half a unit
        while w.count < self.plan.triples - slack:
            if self.rng.random() < 0.5:
                self._mid(w, pending)
            else:
                self._recommendation(w, pending)
        w.flush()
        missing = [kind for kind, positions in pending.items() for _ in positions]
        if missing:  # only when the size is too small for the schedule; never silently
            raise SystemExit(f"generate: could not plant {missing}; use a bigger --triples")
        return self._summary(w.count)

    def _due(self, pending: dict[str, list[int]], kind: str, count: int) -> bool:
        positions = pending.get(kind)
        if positions and count >= positions[0]:
            positions.pop(0)
            return True
        return False

    def _source(self, w: TripleWriter) -> None:
        s = SOURCE
        w.add(s, RDF_TYPE, iri(PIM + "SourceDocument"))
        self._labels(
            w,
            s,
            "Syntetyczne dane testowe pimgraph (benchmark)",
            "pimgraph synthetic benchmark data",
        )
        w.add(
            s,
            DCT + "description",
            lang(
                "Dane wygenerowane przez bench/generate.py do pomiarów wydajności; nie są danymi "
                "rzeczywistymi i nigdy nie wchodzą do publikowanego grafu.",
                "pl",
            ),
        )
        w.add(
            s,
            DCT + "description",
            lang(
                "Data generated by bench/generate.py for performance measurements; not real data, "
                f"never part of the published graph (seed {self.seed}, "
                f"about {self.plan.triples} triples).",
                "en",
            ),
        )
        w.add(s, DCT + "source", iri(SOURCE))

    def _networks_and_themes(self, w: TripleWriter) -> None:
        rng, b = self.rng, self.bundled
        for n in range(1, self.plan.networks + 1):
            slug = f"syn-{n:03d}"
            network = Network(
                iri=f"{ID}network/{slug}",
                plan=f"{ID}plan/{slug}",
                edition=rng.choice(b.editions),
                area=f"{ID}theme/{slug}",
                issues=[f"{ID}theme/{slug}-{k}" for k in range(1, rng.randint(3, 5) + 1)],
            )
            self.state.networks.append(network)
            self._theme_area(w, network, n)
            for k, issue in enumerate(network.issues, 1):
                self._theme_issue(w, network, issue, n, k)
            self._network(w, network, n)

    def _theme_common(self, w: TripleWriter, theme: str, pl: str, en: str) -> None:
        self._labels(w, theme, pl, en)
        w.add(theme, SKOS + "prefLabel", lang(pl, "pl"))
        w.add(theme, SKOS + "prefLabel", lang(en, "en"))
        w.add(theme, SKOS + "inScheme", iri(SCHEME))
        w.add(theme, DCT + "source", iri(SOURCE))

    def _theme_area(self, w: TripleWriter, network: Network, n: int) -> None:
        area = network.area
        w.add(area, RDF_TYPE, iri(PIM + "ThematicArea"))
        w.add(area, RDF_TYPE, iri(SKOS + "Concept"))
        self._theme_common(
            w, area, f"Syntetyczny obszar tematyczny {n}", f"Synthetic thematic area {n}"
        )
        w.add(area, SKOS + "topConceptOf", iri(SCHEME))
        w.add(SCHEME, SKOS + "hasTopConcept", iri(area))
        for issue in network.issues:
            w.add(area, SKOS + "narrower", iri(issue))

    def _theme_issue(self, w: TripleWriter, network: Network, issue: str, n: int, k: int) -> None:
        w.add(issue, RDF_TYPE, iri(PIM + "CrossCuttingIssue"))
        w.add(issue, RDF_TYPE, iri(SKOS + "Concept"))
        self._theme_common(
            w,
            issue,
            f"Syntetyczne zagadnienie przekrojowe {n}.{k}",
            f"Synthetic cross-cutting issue {n}.{k}",
        )
        w.add(issue, SKOS + "broader", iri(network.area))

    def _network(self, w: TripleWriter, network: Network, n: int) -> None:
        s, plan = network.iri, network.plan
        w.add(s, RDF_TYPE, iri(PIM + "Network"))
        self._labels(w, s, f"Sieć Syntetyczna {n}", f"Synthetic network {n}")
        w.add(
            s,
            DCT + "description",
            lang(f"Syntetyczna sieć tematyczna nr {n} (dane testowe).", "pl"),
        )
        w.add(
            s, DCT + "description", lang(f"Synthetic thematic network no. {n} (test data).", "en")
        )
        w.add(s, PIM + "edition", iri(network.edition))
        w.add(network.edition, PIM + "editionIncludes", iri(s))
        for theme in [network.area, *network.issues, *self.bundled.workshop_components]:
            w.add(s, PIM + "hasTheme", iri(theme))
        w.add(s, PIM + "hasImprovementPlan", iri(plan))
        w.add(s, DCT + "source", iri(SOURCE))
        w.add(plan, RDF_TYPE, iri(PIM + "ImprovementPlan"))
        self._labels(
            w,
            plan,
            f"Plan Ulepszeń: Sieć Syntetyczna {n}",
            f"Improvement Plan: Synthetic network {n}",
        )
        w.add(plan, PIM + "planOf", iri(s))
        w.add(plan, PIM + "edition", iri(network.edition))
        w.add(plan, PIM + "hasTheme", iri(network.area))
        w.add(plan, DCT + "source", iri(SOURCE))

    def _cities(self, w: TripleWriter, city_errors: dict[int, str]) -> None:
        rng, b = self.rng, self.bundled
        per_voivodeship: dict[str, int] = {}
        networks = self.state.networks
        for i in range(self.plan.cities):
            number = i + 1
            s = city_iri(number)
            geometry = f"{ID}geometry/syn-{number:04d}"
            voivodeship = rng.choice(b.voivodeships)
            slug = voivodeship.rsplit("/", 1)[-1]
            serial = per_voivodeship[slug] = per_voivodeship.get(slug, 0) + 1
            kind = rng.choice("13")  # 1 gmina miejska, 3 gmina miejsko-wiejska
            # powiat 70-99 and gmina 01-99: codes no real gmina has, unique per voivodeship
            powiat, gmina = 70 + (serial - 1) // 99, (serial - 1) % 99 + 1
            terc = f"{TERC_VOIVODESHIP[slug]}{powiat:02d}{gmina:02d}{kind}"
            error = city_errors.get(i)
            if error == "city-terc-code-of-6-digits":
                terc = terc[:6]
            w.add(s, RDF_TYPE, iri(PIM + "City"))
            self._labels(
                w,
                s,
                f"Miasto Syntetyczne {number}",
                None if error == "city-without-english-label" else f"Synthetic Town {number}",
            )
            w.add(s, PIM + "tercCode", plain(terc))
            w.add(s, PIM + "voivodeship", iri(voivodeship))
            w.add(s, PIM + "powiat", lang(f"syntetyczny {70 + (serial - 1) // 99}", "pl"))
            w.add(
                s,
                PIM + "municipalityType",
                lang("gmina miejska" if kind == "1" else "gmina miejsko-wiejska", "pl"),
            )
            memberships = [i % len(networks)]
            if rng.random() < 0.1 and len(networks) > 1:
                other = memberships[0] + rng.randint(1, len(networks) - 1)
                memberships.append(other % len(networks))
            self.state.city_networks.append(memberships)
            editions: list[str] = []
            for index in memberships:
                network = networks[index]
                network.members.append(number)
                w.add(s, ORG + "memberOf", iri(network.iri))
                w.add(network.iri, ORG + "hasMember", iri(s))
                if network.edition not in editions:
                    editions.append(network.edition)
            for edition in editions:
                w.add(s, PIM + "participatedIn", iri(edition))
            w.add(s, GEO + "hasGeometry", iri(geometry))
            w.add(s, DCT + "source", iri(SOURCE))
            lon, lat = rng.uniform(*LON), rng.uniform(*LAT)
            w.add(geometry, RDF_TYPE, iri(GEO + "Geometry"))
            self._labels(
                w,
                geometry,
                f"Punkt: Miasto Syntetyczne {number}",
                f"Point: Synthetic Town {number}",
            )
            w.add(geometry, GEO + "asWKT", typed(f"POINT({lon:.6f} {lat:.6f})", GEO + "wktLiteral"))
            w.add(geometry, DCT + "source", iri(SOURCE))
            if error:
                self._plant(error, s)

    def _problem(self, w: TripleWriter) -> str:
        self.state.problems += 1
        number = self.state.problems
        s = f"{ID}problem/syn-{number:06d}"
        w.add(s, RDF_TYPE, iri(PIM + "Problem"))
        self._labels(w, s, f"Problem syntetyczny {number}", f"Synthetic problem {number}")
        w.add(s, DCT + "description", lang(f"Syntetyczny opis problemu nr {number}.", "pl"))
        w.add(s, DCT + "source", iri(SOURCE))
        return s

    def _some_problem(self, w: TripleWriter, new_share: float) -> str:
        if self.state.problems == 0 or self.rng.random() < new_share:
            return self._problem(w)
        return f"{ID}problem/syn-{self.rng.randint(1, self.state.problems):06d}"

    def _mid(self, w: TripleWriter, pending: dict[str, list[int]]) -> None:
        rng, st = self.rng, self.state
        st.mids += 1
        number = st.mids
        city_index = rng.randrange(self.plan.cities)
        city = city_iri(city_index + 1)
        network = st.networks[st.city_networks[city_index][0]]
        s = f"{ID}mid/syn-{number:06d}"
        w.add(s, RDF_TYPE, iri(PIM + "UrbanActionInitiative"))
        self._labels(
            w,
            s,
            f"MID: Miasto Syntetyczne {city_index + 1} ({number})",
            f"Urban Action Initiative: Synthetic Town {city_index + 1} ({number})",
        )
        w.add(
            s,
            DCT + "description",
            lang(f"Syntetyczna Miejska Inicjatywa Działań nr {number}.", "pl"),
        )
        w.add(
            s, DCT + "description", lang(f"Synthetic Urban Action Initiative no. {number}.", "en")
        )
        if self._due(pending, "mid-without-preparedBy", w.count):
            self._plant("mid-without-preparedBy", s)
        else:
            w.add(s, PIM + "preparedBy", iri(city))
            w.add(city, PIM + "hasInitiative", iri(s))
        w.add(s, PIM + "edition", iri(network.edition))
        for theme in rng.sample([network.area, *network.issues], rng.randint(1, 2)):
            w.add(s, PIM + "hasTheme", iri(theme))
        for _ in range(rng.randint(1, 2)):
            w.add(s, PIM + "addresses", iri(self._some_problem(w, 0.6)))
        w.add(s, PIM + "stakeholder", lang(f"syntetyczna rada osiedla {rng.randint(1, 40)}", "pl"))
        w.add(s, DCT + "source", iri(SOURCE))
        year = rng.randint(2018, 2026)
        for _ in range(rng.randint(2, 4)):
            self._action(w, s, year, pending)

    def _action(self, w: TripleWriter, mid: str, year: int, pending: dict[str, list[int]]) -> None:
        rng, st = self.rng, self.state
        st.actions += 1
        number = st.actions
        s = f"{ID}action/syn-{number:06d}"
        w.add(s, RDF_TYPE, iri(PIM + "Action"))
        self._labels(w, s, f"Działanie syntetyczne {number}", f"Synthetic action {number}")
        w.add(s, PIM + "actionOf", iri(mid))
        w.add(mid, PIM + "hasAction", iri(s))
        start_month = rng.randint(1, 10)
        end_month = rng.randint(start_month + 1, 12)
        if self._due(pending, "action-start-date-not-a-date", w.count):
            w.add(s, SCHEMA + "startDate", plain(f"{year}/{start_month:02d}"))  # neither date type
            self._plant("action-start-date-not-a-date", s)
        elif rng.random() < 0.5:
            w.add(s, SCHEMA + "startDate", typed(f"{year}-{start_month:02d}", XSD + "gYearMonth"))
        else:
            w.add(s, SCHEMA + "startDate", typed(f"{year}-{start_month:02d}-01", XSD + "date"))
        w.add(s, SCHEMA + "endDate", typed(f"{year}-{end_month:02d}-28", XSD + "date"))
        w.add(s, DCT + "source", iri(SOURCE))

    def _recommendation(self, w: TripleWriter, pending: dict[str, list[int]]) -> None:
        rng, st, b = self.rng, self.state, self.bundled
        st.recommendations += 1
        number = st.recommendations
        network = rng.choice(st.networks)
        network.recommendations += 1
        s = f"{ID}recommendation/syn-{number:06d}"
        w.add(s, RDF_TYPE, iri(PIM + "Recommendation"))
        self._labels(w, s, f"Zalecenie syntetyczne {number}", f"Synthetic recommendation {number}")
        w.add(s, DCT + "description", lang(f"Syntetyczna treść zalecenia nr {number}.", "pl"))
        w.add(s, DCT + "description", lang(f"Synthetic text of recommendation no. {number}.", "en"))
        w.add(s, PIM + "proposedBy", iri(network.iri))
        if self._due(pending, "recommendation-without-scope", w.count):
            self._plant("recommendation-without-scope", s)
        else:
            w.add(s, PIM + "scope", iri(rng.choice(b.scopes)))
        w.add(s, PIM + "partOfPlan", iri(network.plan))
        w.add(network.plan, PIM + "hasRecommendation", iri(s))
        for theme in rng.sample([network.area, *network.issues], rng.randint(1, 2)):
            w.add(s, PIM + "hasTheme", iri(theme))
        if b.content_kinds:
            w.add(s, PIM + "contentKind", iri(rng.choice(b.content_kinds)))
        problem = self._some_problem(w, 0.5)
        w.add(s, PIM + "addresses", iri(problem))
        w.add(problem, PIM + "addressedBy", iri(s))
        w.add(s, DCT + "source", iri(SOURCE))

    def _summary(self, count: int) -> dict:
        st = self.state
        planted = sorted(st.planted, key=lambda e: (e["focus"], e["path"]))
        spoiled = {e["focus"] for e in planted}
        example_city = next(
            city_iri(i + 1) for i in range(self.plan.cities) if city_iri(i + 1) not in spoiled
        )
        return {
            "generator": "bench/generate.py",
            "seed": self.seed,
            "target_triples": self.plan.triples,
            "triples": count,
            "counts": {
                "cities": self.plan.cities,
                "networks": len(st.networks),
                "themes": sum(1 + len(n.issues) for n in st.networks),
                "mids": st.mids,
                "actions": st.actions,
                "recommendations": st.recommendations,
                "problems": st.problems,
            },
            "examples": {
                "city": example_city,
                "network": st.networks[0].iri,
                "theme": st.networks[0].area,
                "plan": st.networks[0].plan,
                "edition": st.networks[0].edition,
                "scope": self.bundled.scopes[0],
            },
            "errors": planted,
        }


def city_iri(number: int) -> str:
    return f"{ID}city/syn-{number:04d}"


# ---------------------------------------------------------------------------------------------
# A MID submission of about N triples, for `pimgraph submit check`
# ---------------------------------------------------------------------------------------------


def submission_turtle(
    triples: int, seed: int, cities: list[str], themes: list[str], edition: str
) -> str:
    """A conforming MID submission (Turtle) of about ``triples`` triples by ``cities``: MIDs of
    3 actions each (31-32 triples a MID), every resource with its source, so that pimgraph
    adds nothing to it."""
    rng = random.Random(seed)
    lines = [
        "# Synthetic MID submission for the benchmark (bench/generate.py); not real data.",
        f"@prefix pim: <{PIM}> .",
        f"@prefix rdfs: <{RDFS}> .",
        f"@prefix dcterms: <{DCT}> .",
        f"@prefix schema: <{SCHEMA}> .",
        f"@prefix xsd: <{XSD}> .",
        "",
    ]
    count, mid = 0, 0
    while count + 32 <= triples:
        mid += 1
        s = f"<{ID}mid/syn-submission-{seed}-{mid:04d}>"
        actions = [f"<{ID}action/syn-submission-{seed}-{mid:04d}-{k}>" for k in range(1, 4)]
        chosen = rng.sample(themes, min(len(themes), rng.randint(1, 2)))
        lines += [
            f"{s}\n    a pim:UrbanActionInitiative ;",
            f'    rdfs:label "Zgłoszona MID syntetyczna {mid}"@pl ,'
            f' "Submitted synthetic MID {mid}"@en ;',
            '    dcterms:description "Syntetyczna MID do pomiaru submit check."@pl ,'
            ' "Synthetic MID for measuring submit check."@en ;',
            f"    pim:preparedBy <{rng.choice(cities)}> ;",
            f"    pim:edition <{edition}> ;",
            "    pim:hasTheme " + " , ".join(f"<{t}>" for t in chosen) + " ;",
            "    pim:hasAction " + " , ".join(actions) + " ;",
            f"    dcterms:source <{SOURCE}> .",
            "",
        ]
        count += 10 + len(chosen)
        year = rng.randint(2024, 2027)
        for k, action in enumerate(actions, 1):
            lines += [
                f"{action}\n    a pim:Action ;",
                f'    rdfs:label "Działanie {mid}.{k}"@pl , "Action {mid}.{k}"@en ;',
                f"    pim:actionOf {s} ;",
                f'    schema:startDate "{year}-{k + 1:02d}"^^xsd:gYearMonth ;',
                f'    schema:endDate "{year}-{k + 6:02d}"^^xsd:gYearMonth ;',
                f"    dcterms:source <{SOURCE}> .",
                "",
            ]
            count += 7
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def sidecar_paths(out: Path) -> tuple[Path, Path]:
    stem = out.name[: -len(".nt")] if out.name.endswith(".nt") else out.stem
    return out.with_name(f"{stem}.expected.json"), out.with_name(f"{stem}.submission.ttl")


def generate(triples: int, seed: int, out: Path, submission_triples: int = 1000) -> dict:
    """Write the synthetic file, its expected-errors sidecar and its submission; return the
    summary (what the sidecar holds)."""
    bundled = read_bundled()
    generator = Generator(triples, seed, bundled)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="\n") as stream:
        summary = generator.write(stream)
    temporary.replace(out)
    expected, submission = sidecar_paths(out)
    summary["file"] = out.name
    summary["submission"] = submission.name
    expected.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    spoiled = {e["focus"] for e in summary["errors"]}
    cities = [
        city_iri(i) for i in range(1, generator.plan.cities + 1) if city_iri(i) not in spoiled
    ]
    themes = [t for n in generator.state.networks for t in (n.area, *n.issues)]
    submission.write_text(
        submission_turtle(
            submission_triples, seed, cities[:200], themes[:50], bundled.editions[-1]
        ),
        encoding="utf-8",
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--triples",
        type=parse_size,
        required=True,
        help="about how many triples (±5%%): 10k, 100k, 300k, 1M or a number",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--out", type=Path, help="the N-Triples file (default bench/data/synthetic-<size>.nt)"
    )
    parser.add_argument(
        "--submission-triples",
        type=int,
        default=1000,
        help="size of the MID submission written beside it (default 1000)",
    )
    args = parser.parse_args(argv)
    default = Path(__file__).resolve().parent / "data" / f"synthetic-{size_label(args.triples)}.nt"
    out = args.out or default
    summary = generate(args.triples, args.seed, out, args.submission_triples)
    print(
        f"wrote {out}: {summary['triples']} triples, {summary['counts']['cities']} cities, "
        f"{len(summary['errors'])} planted errors",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
