"""Each group of seed facts is in the graph, asserted by a SPARQL query.

Expected values are copied from the seed presentation (shared/seed) and the reference files,
not from the data, so a lost or altered fact fails here.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from pimgraph.core.namespaces import PREFIXES

ID = "https://w3id.org/pim/id/"

NETWORK_MEMBERS = {
    "miasto-zielone": [
        "Gdańsk",
        "Kostrzyn nad Odrą",
        "Lublin",
        "Międzyrzec Podlaski",
        "Racibórz",
        "Ruda Śląska",
        "Słupsk",
        "Uniejów",
        "Żory",
        "Żyrardów",
    ],
    "miasto-cyfrowe": [
        "Białogard",
        "Białystok",
        "Dębica",
        "Dzierzgoń",
        "Pilawa",
        "Rzeszów",
        "Świdnica",
        "Wyszków",
    ],
    "miasto-inicjatyw-ppp": [
        "Dąbrowa Górnicza",
        "Kołobrzeg",
        "Koszalin",
        "Łomianki",
        "Marki",
        "Pieszyce",
        "Płock",
        "Poznań",
        "Szlichtyngowa",
        "Zduńska Wola",
    ],
}

# The pilot's 3x3 table: network x scope -> the recommendation's opening words.
PILOT_RECOMMENDATIONS = {
    ("jakosc-powietrza", "usprawnienia-finansowe"): "Usprawnienie krajowych programów",
    ("jakosc-powietrza", "zmiany-prawne"): "Zapewnienie formalno-prawnej możliwości",
    ("jakosc-powietrza", "poszerzanie-wiedzy"): "Kompleksowa poprawa świadomości",
    ("rewitalizacja", "usprawnienia-finansowe"): "Integracja finansowania rewitalizacji",
    ("rewitalizacja", "zmiany-prawne"): "Wdrożenie rozwiązań prawnych",
    ("rewitalizacja", "poszerzanie-wiedzy"): "Wzmacnianie kadr rewitalizacji",
    ("mobilnosc-miejska", "usprawnienia-finansowe"): "Potrzeba prowadzenia pogłębionych analiz",
    ("mobilnosc-miejska", "zmiany-prawne"): "Regulacje prawne powinny umożliwiać",
    ("mobilnosc-miejska", "poszerzanie-wiedzy"): "Stworzenie wytycznych",
}

OBJECTIVE_HEADINGS = [
    "partnerska współpraca i wymiana wiedzy",
    "podniesienie kompetencji kadr",
    "wypracowanie oddolnych propozycji rozwiązań",
    "partycypacja społeczna",
    "realizacja celów krajowych i europejskich",
]

ACTIVITIES = [
    "konferencja inaugurująca",
    "indywidualne spotkania",
    "wspólne warsztaty trzech sieci",
    "wspólne spotkania sieci",
    "wuf11",
    "on-line",
    "wizyty studyjne",
    "konferencja podsumowująca",
    "pim alumni",
]


def select(graph: Graph, text: str, **bindings) -> list[tuple]:
    init = {name: value for name, value in bindings.items()}
    return [tuple(row) for row in graph.query(text, initNs=PREFIXES, initBindings=init)]


def test_programme_and_editions(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?edition WHERE { <https://w3id.org/pim/id/programme/pim> pim:hasEdition ?edition .
          ?edition a pim:ProgrammeEdition }""",
    )
    assert {str(r[0]) for r in rows} == {
        ID + "edition/pilot",
        ID + "edition/2021-2023",
        ID + "edition/2024-2026",
    }


def test_strategic_goal(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?text WHERE {
          ?goal a pim:StrategicObjective ; rdfs:label|dcterms:description ?text .
          FILTER(lang(?text) = "pl") }""",
    )
    assert any("zintegrowanego i zrównoważonego rozwoju polskich miast" in str(r[0]) for r in rows)


def test_five_specific_objectives_in_order_with_headings(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?order ?heading WHERE {
          ?programme pim:hasObjective ?objective . ?objective a pim:SpecificObjective ;
            pim:order ?order ; pim:heading ?heading . FILTER(lang(?heading) = "pl") }
        ORDER BY ?order""",
    )
    assert [int(r[0]) for r in rows] == [1, 2, 3, 4, 5]
    assert [str(r[1]).lower() for r in rows] == OBJECTIVE_HEADINGS


def test_objective_five_names_the_urban_agendas(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?framework WHERE {
          ?o pim:order 5 ; a pim:SpecificObjective ; pim:contributesTo ?framework }""",
    )
    assert {str(r[0]) for r in rows} >= {
        ID + "framework/agenda-miejska-ue",
        ID + "framework/nowa-agenda-miejska-onz",
    }


def test_nine_activities_in_order(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?order ?label WHERE {
          ?a a pim:ProgrammeActivity ; pim:order ?order ; rdfs:label ?label ;
          pim:edition <https://w3id.org/pim/id/edition/2021-2023> . FILTER(lang(?label) = "pl") }
        ORDER BY ?order""",
    )
    assert [int(r[0]) for r in rows] == list(range(1, 10))
    for (_, label), expected in zip(rows, ACTIVITIES, strict=True):
        assert expected in str(label).lower(), (label, expected)


@pytest.mark.parametrize("network", sorted(NETWORK_MEMBERS))
def test_2021_2023_network_members(graph: Graph, network: str) -> None:
    rows = select(
        graph,
        """
        SELECT ?name WHERE {
          ?network org:hasMember ?city . ?city a pim:City ; org:memberOf ?network ;
          rdfs:label ?name . FILTER(lang(?name) = "pl") }""",
        network=URIRef(ID + "network/" + network),
    )
    assert sorted(str(r[0]) for r in rows) == sorted(NETWORK_MEMBERS[network])


def test_28_cities_in_the_2021_2023_edition(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT (COUNT(DISTINCT ?city) AS ?n) WHERE {
        ?network pim:edition <https://w3id.org/pim/id/edition/2021-2023> ; org:hasMember ?city }""",
    )
    assert int(rows[0][0]) == 28


@pytest.mark.parametrize(("network", "scope"), sorted(PILOT_RECOMMENDATIONS))
def test_pilot_recommendation(graph: Graph, network: str, scope: str) -> None:
    rows = select(
        graph,
        """
        SELECT ?text WHERE {
          ?rec a pim:Recommendation ; pim:proposedBy ?network ; pim:scope ?scope ;
          pim:partOfPlan ?plan ; dcterms:description ?text . ?plan pim:planOf ?network .
          ?network pim:edition <https://w3id.org/pim/id/edition/pilot> .
          FILTER(lang(?text) = "pl") }""",
        network=URIRef(ID + "network/" + network),
        scope=URIRef(ID + "scope/" + scope),
    )
    assert len(rows) == 1, rows
    assert str(rows[0][0]).startswith(PILOT_RECOMMENDATIONS[(network, scope)])


def test_nine_pilot_recommendations_in_all(graph: Graph) -> None:
    rows = select(graph, "SELECT (COUNT(?r) AS ?n) WHERE { ?r a pim:Recommendation }")
    assert int(rows[0][0]) == 9


@pytest.mark.parametrize(
    ("network", "issues"),
    [("miasto-zielone", 5), ("miasto-cyfrowe", 5), ("miasto-inicjatyw-ppp", 4)],
)
def test_cross_cutting_issues_per_network(graph: Graph, network: str, issues: int) -> None:
    rows = select(
        graph,
        """
        SELECT ?area (COUNT(DISTINCT ?issue) AS ?n) WHERE {
          ?network pim:hasTheme ?area . ?area a pim:ThematicArea .
          ?network pim:hasTheme ?issue . ?issue a pim:CrossCuttingIssue ; skos:broader ?area }
        GROUP BY ?area""",
        network=URIRef(ID + "network/" + network),
    )
    assert len(rows) == 1 and int(rows[0][1]) == issues


def test_two_workshop_components_shared_by_the_three_networks(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?component (COUNT(DISTINCT ?network) AS ?n) WHERE {
          ?component a pim:WorkshopComponent . ?network pim:hasTheme ?component ;
          pim:edition <https://w3id.org/pim/id/edition/2021-2023> } GROUP BY ?component""",
    )
    assert len(rows) == 2 and all(int(r[1]) == 3 for r in rows)
    labels = {
        str(graph.value(r[0], URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for r in rows
    }
    assert any("Smart City" in label for label in labels)


def test_every_2021_2023_city_has_a_mid(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT (COUNT(DISTINCT ?city) AS ?n) WHERE {
          ?network pim:edition <https://w3id.org/pim/id/edition/2021-2023> ; org:hasMember ?city .
          ?mid a pim:UrbanActionInitiative ; pim:preparedBy ?city ;
               pim:edition <https://w3id.org/pim/id/edition/2021-2023> ;
               dcterms:description ?d }""",
    )
    assert int(rows[0][0]) == 28


def test_improvement_plans_with_five_kinds_of_content(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?plan (COUNT(DISTINCT ?kind) AS ?n) WHERE {
          ?plan a pim:ImprovementPlan ; pim:planOf ?network ; pim:contentKind ?kind .
          ?network pim:edition <https://w3id.org/pim/id/edition/2021-2023> } GROUP BY ?plan""",
    )
    assert len(rows) == 3 and all(int(r[1]) == 5 for r in rows)


def test_actors(graph: Graph) -> None:
    rows = select(graph, """SELECT ?alt WHERE { ?org a org:Organization ; skos:altLabel ?alt }""")
    assert {"MFiPR", "MKiŚ", "KPRM"} <= {str(r[0]) for r in rows}
    rows = select(
        graph,
        """SELECT ?agent ?role WHERE {
          <https://w3id.org/pim/id/edition/2021-2023> prov:qualifiedAssociation ?a .
          ?a prov:agent ?agent ; prov:hadRole ?role }""",
    )
    agents = {str(r[0]) for r in rows}
    assert ID + "organization/mfipr" in agents and ID + "organization/bank-swiatowy" in agents


def test_presenters(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?name WHERE {
          <https://w3id.org/pim/id/source/zalozenia-pim-2021-2023> pim:presentedBy ?p .
          ?p rdfs:label ?name . FILTER(lang(?name) = "pl") }""",
    )
    assert sorted(str(r[0]) for r in rows) == ["Grzegorz Wolszczak", "Wiktoria Saganowska"]


@pytest.mark.parametrize(
    ("cls", "count"), [("RuleChange", 4), ("SurveyFinding", 5), ("CooperationForm", 5)]
)
def test_counted_groups(graph: Graph, cls: str, count: int) -> None:
    rows = select(graph, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a pim:{cls} }}")
    assert int(rows[0][0]) == count


def test_cooperation_principles_present(graph: Graph) -> None:
    rows = select(
        graph, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a pim:CooperationPrinciple }"
    )
    assert int(rows[0][0]) >= 5


def test_cooperation_forms_say_who_takes_part(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?form (COUNT(DISTINCT ?who) AS ?n) WHERE { ?form a pim:CooperationForm ;
                             pim:involves ?who } GROUP BY ?form""",
    )
    counts = sorted(int(r[1]) for r in rows)
    assert counts == [
        2,
        3,
        3,
        3,
        3,
    ]  # individual advice: cities + WB; the rest: cities + WB + ministries


@pytest.mark.parametrize(
    ("slug", "terc", "voivodeship", "lon", "lat"),
    [
        ("kostrzyn-nad-odra", "0801011", "lubuskie", "14.640237", "52.616278"),
        ("gdansk", "2261011", "pomorskie", "18.749899", "54.428826"),
        ("swidnica", "0219011", "dolnośląskie", "16.492523", "50.840617"),
    ],
)
def test_city_reference_facts(
    graph: Graph, slug: str, terc: str, voivodeship: str, lon: str, lat: str
) -> None:
    rows = select(
        graph,
        """
        SELECT ?terc ?voiv ?wkt ?rights WHERE { ?city pim:tercCode ?terc ; pim:voivodeship ?v ;
          geo:hasGeometry ?g . ?v rdfs:label ?voiv . FILTER(lang(?voiv) = "pl")
          ?g geo:asWKT ?wkt ; dcterms:rights ?rights }""",
        city=URIRef(ID + "city/" + slug),
    )
    assert len(rows) == 1
    found_terc, found_voiv, wkt, rights = rows[0]
    assert found_terc == Literal(terc) and str(found_voiv) == voivodeship
    assert str(wkt) == f"POINT({lon} {lat})"
    assert "OpenStreetMap" in str(rights)


def test_typos_fixed_and_noted(graph: Graph) -> None:
    city = URIRef(ID + "city/miedzyrzec-podlaski")
    assert Literal("Międzyrzec Podlaski", lang="pl") in set(
        graph.objects(city, URIRef(PREFIXES["rdfs"] + "label"))
    )
    notes = select(graph, "SELECT ?n WHERE { ?city skos:changeNote ?n }", city=city)
    assert notes
    leftovers = select(
        graph,
        """SELECT ?s ?o WHERE { ?s ?p ?o . FILTER(isLiteral(?o) &&
        ?p NOT IN (skos:changeNote, skos:editorialNote) &&
        REGEX(?o, "Miedzyrzec|pomiotów|Parterskiej|parterstw")) }""",
    )
    assert not leftovers, leftovers


def test_pilot_leaders_and_disputed_malbork(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?city ?network WHERE { ?m a org:Membership ; org:member ?city ;
          org:organization ?network ; org:role <https://w3id.org/pim/id/role/lider> }""",
    )
    assert {(str(c).rsplit("/", 1)[1], str(n).rsplit("/", 1)[1]) for c, n in rows} == {
        ("katowice", "rewitalizacja"),
        ("szczecin", "mobilnosc-miejska"),
    }
    disputed = graph.query(
        "ASK { ?m org:member <https://w3id.org/pim/id/city/malbork> ; pim:disputed true }",
        initNs=PREFIXES,
    )
    assert disputed.askAnswer
    assert (
        URIRef(ID + "network/rewitalizacja"),
        URIRef(PREFIXES["org"] + "hasMember"),
        URIRef(ID + "city/malbork"),
    ) not in graph


def test_third_edition_networks(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?n WHERE {
          ?n a pim:Network ; pim:edition <https://w3id.org/pim/id/edition/2024-2026> }""",
    )
    assert {str(r[0]).rsplit("/", 1)[1] for r in rows} == {
        "miasto-efektywne-energetycznie",
        "miasto-kompaktowe",
        "miasto-dostepnych-mieszkan",
    }


def test_cities_in_more_than_one_edition(graph: Graph) -> None:
    rows = select(
        graph, """SELECT ?city WHERE { ?city pim:participatedIn ?e1, ?e2 . FILTER(?e1 != ?e2) }"""
    )
    slugs = {str(r[0]).rsplit("/", 1)[1] for r in rows}
    assert {"gdynia", "lomianki", "plock", "zdunska-wola"} <= slugs


def test_disputed_pilot_size_kept_with_both_sources(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?count ?source WHERE {
          ?f a pim:ReportedFigure ; pim:about <https://w3id.org/pim/id/edition/pilot> ;
          pim:reportedCount ?count ; pim:disputed true ; dcterms:source ?source }""",
    )
    counts = {int(r[0]) for r in rows}
    # 2017: 3 lead cities and 28 partner cities (one figure each); 2019: 34 cities.
    assert {3, 28, 34} <= counts
    assert len({r[1] for r in rows}) >= 2


def test_dated_events_carry_sources(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?e ?date WHERE { ?e a pim:Event ; schema:startDate ?date ; dcterms:source ?s }""",
    )
    dates = {str(r[1]) for r in rows}
    assert {"2017-06-20", "2022-01-28", "2019-10-10"} <= dates
