"""The Turtle of the links: each link as a plain SKOS triple plus a record of its evidence.

Queries use the plain triple (``city skos:exactMatch <https://sws.geonames.org/…/>``); the
pim:LinkRecord beside it says how it was found, and GeoNames' population becomes a
pim:PopulationFigure with the record's date, never a timeless property of the city.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from pimgraph.core.messages import N_, _, language
from pimgraph.core.namespaces import LINK_TARGETS, PIM, PIMID
from pimgraph.core.text import slugify
from pimgraph.links.geonames import CityMatch
from pimgraph.links.mappings import Mapping

# Where each offline copy comes from: the package release a build reads.
GEONAMES_PACKAGE = URIRef(LINK_TARGETS["geonames"].copy)
PACKAGES = {key: URIRef(LINK_TARGETS[key].copy) for key in ("eurovoc", "sdg")}
_LANGUAGES = ("en", "pl")


def _both(message: str, **params: str) -> list[Literal]:
    """``message`` in English and in Polish, as language-tagged literals."""
    texts = []
    for lang in _LANGUAGES:
        with language(lang):
            texts.append(Literal(_(message, **params), lang=lang))
    return texts


def _add_all(graph: Graph, subject: URIRef, predicate: URIRef, objects: list[Literal]) -> None:
    for item in objects:
        graph.add((subject, predicate, item))


def geonames_graph(matches: list[CityMatch]) -> Graph:
    """The links, records and population figures of the matched cities."""
    graph = Graph()
    for match in matches:
        if match.place is None or match.distance_km is None:
            continue
        city, place, distance = match.city, match.place, match.distance_km
        slug = str(city.iri).rsplit("/", 1)[-1]
        record = PIMID[f"link/geonames/{slug}"]
        graph.add((city.iri, SKOS.exactMatch, place.iri))
        if match.admin_agrees:
            graph.add((city.iri, DCTERMS.source, place.iri))  # a second witness for the TERC
        graph.add((record, RDF.type, PIM.LinkRecord))
        _add_all(
            graph,
            record,
            RDFS.label,
            _both(N_("{city} in GeoNames ({id})"), city=city.name, id=place.geonameid),
        )
        for predicate, value in (
            (PIM.linkSubject, city.iri),
            (PIM.linkProperty, SKOS.exactMatch),
            (PIM.linkTarget, place.iri),
            (PIM.targetLabel, Literal(place.name)),
            (PIM.matchMethod, Literal("name-and-distance")),
            # Whole metres (to 100 m): an integer reads back the same from every store, where
            # a decimal such as 2.0 comes back as "2" from some.
            (PIM.matchDistance, Literal(round(distance * 10) * 100)),
            (PIM.targetModified, Literal(place.modified, datatype=XSD.date)),
            (PIM.targetAdminCode, Literal(place.admin3)),
            (DCTERMS.source, place.iri),
            (DCTERMS.source, GEONAMES_PACKAGE),
        ):
            graph.add((record, predicate, value))
        _add_all(graph, record, SKOS.editorialNote, _evidence(match))
        if place.population > 0:
            _add_population(graph, match, slug)
    return graph


def _evidence(match: CityMatch) -> list[Literal]:
    assert match.place is not None and match.distance_km is not None
    params = {
        "name": match.place.name,
        "km": f"{match.distance_km:.1f}",
        "admin3": match.place.admin3,
        "terc": match.city.terc or "",
    }
    if match.admin_agrees is None:
        check = N_("We hold no TERC code to compare with GeoNames' admin3 {admin3}.")
    elif match.admin_agrees:
        check = N_("Its admin3 {admin3} agrees with the first six digits of our TERC code {terc}.")
    else:
        check = N_(
            "Its admin3 {admin3} differs from the first six digits of our TERC code {terc}: "
            "GeoNames, a gazetteer, places it in a neighbouring gmina; TERYT, the register, is "
            "kept, and the link rests on the name and the distance."
        )
    found = _both(
        N_(
            "Link build: the GeoNames name '{name}' is our name with diacritics folded, and its "
            "point is {km} km from ours, the only place of that name within the radius."
        ),
        **params,
    )
    checked = _both(check, **params)
    return [Literal(f"{a} {b}", lang=a.language) for a, b in zip(found, checked, strict=True)]


def _add_population(graph: Graph, match: CityMatch, slug: str) -> None:
    assert match.place is not None
    place = match.place
    figure = PIMID[f"figure/{slug}-ludnosc-geonames"]
    params = {"city": match.city.name, "count": f"{place.population:,}".replace(",", "\u00a0")}
    graph.add((figure, RDF.type, PIM.PopulationFigure))
    _add_all(
        graph, figure, RDFS.label, _both(N_("{city}: {count} inhabitants (GeoNames)"), **params)
    )
    _add_all(
        graph,
        figure,
        SKOS.note,
        _both(
            N_(
                "GeoNames states this population in its record last modified on {date}; it "
                "does not say which year or census the count refers to."
            ),
            date=place.modified,
        ),
    )
    graph.add((figure, PIM.about, match.city.iri))
    graph.add((figure, PIM.reportedCount, Literal(place.population)))
    graph.add((figure, DCTERMS.date, Literal(place.modified, datatype=XSD.date)))
    graph.add((figure, DCTERMS.source, place.iri))


def mappings_graph(mappings: list[Mapping], labels: dict[URIRef, tuple[str, str]]) -> Graph:
    """The curated links and their records; ``labels``: subject -> (English, Polish) label."""
    graph = Graph()
    for mapping in mappings:
        target_id = str(mapping.target).rstrip("/").rsplit("/", 1)[-1]
        subject_path = str(mapping.subject).removeprefix(str(PIMID))
        record = PIMID[
            f"link/{mapping.vocabulary}/{slugify(subject_path, 100)}-{slugify(target_id)}"
        ]
        graph.add((mapping.subject, mapping.property, mapping.target))
        graph.add((record, RDF.type, PIM.LinkRecord))
        english, polish = labels.get(mapping.subject, (subject_path, subject_path))
        for text, lang in ((english, "en"), (polish, "pl")):
            name = f"{text} → {LINK_TARGETS[mapping.vocabulary].name} {target_id}"
            graph.add((record, RDFS.label, Literal(name, lang=lang)))
        for predicate, value in (
            (PIM.linkSubject, mapping.subject),
            (PIM.linkProperty, mapping.property),
            (PIM.linkTarget, mapping.target),
            (PIM.targetLabel, mapping.target_label),
            (PIM.matchMethod, Literal("curated")),
            (DCTERMS.source, PACKAGES[mapping.vocabulary]),
        ):
            graph.add((record, predicate, value))
        for lang, why in (("en", mapping.note_en), ("pl", mapping.note_pl)):
            with language(lang):
                note = _("Curators' mapping, stated by no source: {why}", why=why)
            graph.add((record, SKOS.editorialNote, Literal(note, lang=lang)))
    return graph
