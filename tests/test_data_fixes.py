"""Data fixes of issue 13 section 5, each checked against the value its source gives.

Expected values are copied from the seed presentation (shared/seed), not from the data.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from pimgraph.core.namespaces import PIM, PIMID

# The seed's closing slide ("Sieć / Inicjatyw / PPP", "Sieć / Zielona", "Sieć / Cyfrowa").
SEED_SHORT_NAMES = {
    "miasto-zielone": "Sieć Zielona",
    "miasto-cyfrowe": "Sieć Cyfrowa",
    "miasto-inicjatyw-ppp": "Sieć Inicjatyw PPP",
}


@pytest.mark.parametrize(("slug", "name"), sorted(SEED_SHORT_NAMES.items()))
def test_seed_short_network_name_is_an_alt_label(data_graph: Graph, slug: str, name: str) -> None:
    assert (PIMID[f"network/{slug}"], SKOS.altLabel, Literal(name, lang="pl")) in data_graph


def _english_literals(graph: Graph) -> list[str]:
    """English text of the curated resources (not the link records' notes, which quote the
    targets' own words, such as SDG 11.1's "affordable housing")."""
    records = set(graph.subjects(RDF.type, PIM.LinkRecord))
    return [
        str(o)
        for s, o in graph.subject_objects()
        if isinstance(o, Literal) and o.language == "en" and s not in records
    ]


# The seed's "Dedykowany ekspert/ka-opiekun/ka dla każdej z sieci" (slide "Założenia współpracy"):
# an expert assigned to look after a network, i.e. a mentor, not a tutor.
def test_expert_opiekun_is_an_expert_mentor(data_graph: Graph) -> None:
    assert not [text for text in _english_literals(data_graph) if "tutor" in text]
    role = PIMID["role/ekspert-opiekun-sieci"]
    assert (
        role,
        RDFS.label,
        Literal("Dedicated expert mentor of a network", lang="en"),
    ) in data_graph
    principle = PIMID["principle/dedykowany-ekspert-opiekun-sieci"]
    assert (
        principle,
        RDFS.label,
        Literal("A dedicated expert mentor for each network", lang="en"),
    ) in data_graph


# The seed's column "poszerzanie wiedzy" (Plany ulepszeń slide) and bullet "poszerzanie wiedzy na
# temat mechanizmów współpracy" (Miasto inicjatyw PPP slide) have one English rendering.
def test_poszerzanie_wiedzy_has_one_english_rendering(data_graph: Graph) -> None:
    assert not [text for text in _english_literals(data_graph) if "knowledge building" in text]
    pairs = 0
    for subject, predicate, polish in data_graph:
        if (
            isinstance(polish, Literal)
            and polish.language == "pl"
            and "poszerzanie wiedzy" in polish
        ):
            english = [
                o
                for o in data_graph.objects(subject, predicate)
                if isinstance(o, Literal) and o.language == "en"
            ]
            assert english and all("broadening knowledge" in text for text in english), (
                subject,
                predicate,
            )
            pairs += 1
    assert pairs >= 5
    scope = PIMID["scope/poszerzanie-wiedzy"]
    assert (scope, SKOS.prefLabel, Literal("broadening knowledge", lang="en")) in data_graph


# "Miasto dostępnych mieszkań" (metropolie.pl, PIM3) has one English name, built like its siblings
# "Energy-Efficient City" and "Compact City".
def test_housing_network_has_one_english_name(data_graph: Graph) -> None:
    names = {text.lower() for text in _english_literals(data_graph) if "housing" in text.lower()}
    assert not [text for text in names if "affordable housing city" not in text], names
    network = PIMID["network/miasto-dostepnych-mieszkan"]
    assert (
        network,
        RDFS.label,
        Literal("Affordable Housing City network", lang="en"),
    ) in data_graph
    theme = PIMID["theme/miasto-dostepnych-mieszkan"]
    assert (theme, SKOS.prefLabel, Literal("affordable housing city", lang="en")) in data_graph


# The seed's mobility recommendation: "regulacje prawne powinny umożliwiać obniżanie kosztów
# prowadzenia komunikacji na terenach słabiej zurbanizowanych". It never says the costs are high.
def test_transport_cost_problem_does_not_call_the_costs_high(data_graph: Graph) -> None:
    problem = PIMID["problem/wysokie-koszty-komunikacji-na-terenach-slabiej-zurbanizowanych"]
    labels = set(data_graph.objects(problem, RDFS.label))
    assert labels == {
        Literal("Costs of running public transport in less urbanised areas", lang="en"),
        Literal("Koszty prowadzenia komunikacji na terenach słabiej zurbanizowanych", lang="pl"),
    }
    descriptions = [str(o).lower() for o in data_graph.objects(problem, DCTERMS.description)]
    assert descriptions and not [text for text in descriptions if "high" in text or "wysok" in text]


# The seed: "Usprawnienie krajowych programów wspierających działania ukierunkowane na poprawę
# jakości powietrza"; the Polish label shortens it, and the English label translates the Polish one.
def test_air_quality_financial_recommendation_labels_agree(data_graph: Graph) -> None:
    recommendation = PIMID["recommendation/jakosc-powietrza-finansowe"]
    assert set(data_graph.objects(recommendation, RDFS.label)) == {
        Literal("Improving national air-quality improvement programmes", lang="en"),
        Literal("Usprawnienie krajowych programów poprawy jakości powietrza", lang="pl"),
    }


# Survey findings: the seed's "Wyniki ankiety przeprowadzonej wśród uczestników pilotażu PIM";
# principles and forms: the slides "Założenia współpracy" and "Formy współpracy i podział ról" of
# the 2021-2023 presentation.
@pytest.mark.parametrize(
    ("cls", "edition"),
    [
        ("SurveyFinding", "pilot"),
        ("CooperationPrinciple", "2021-2023"),
        ("CooperationForm", "2021-2023"),
    ],
)
def test_survey_findings_and_cooperation_link_their_edition(
    data_graph: Graph, cls: str, edition: str
) -> None:
    members = set(data_graph.subjects(RDF.type, PIM[cls]))
    assert members
    for member in members:
        assert list(data_graph.objects(member, PIM.edition)) == [PIMID[f"edition/{edition}"]], (
            member
        )


@pytest.mark.parametrize("cls", ["SurveyFinding", "CooperationPrinciple", "CooperationForm"])
def test_edition_domain_admits_the_class(ontology: Graph, cls: str) -> None:
    domain = ontology.value(PIM.edition, RDFS.domain)
    assert PIM[cls] in set(Collection(ontology, ontology.value(domain, OWL.unionOf)))


# sources.ttl: "where the grouping or assignment of text had to be reconstructed, the resource built
# from it says so in a skos:editorialNote". Both are unbulleted fragments of the seed's
# "Sieć Miasto Zielone" slide; the note quotes the fragment as the seed gives it.
@pytest.mark.parametrize(
    ("slug", "fragment"),
    [
        (
            "koordynacja-zazieleniania-przestrzeni-miejskich",
            "lepszej koordynacji prac i działań służących zazielenianiu",
        ),
        ("bioroznorodnosc-i-zrownowazona-gospodarka", "'kształtowanie bioróżnorodność czy'"),
    ],
)
def test_reconstructed_green_themes_have_an_editorial_note(
    data_graph: Graph, slug: str, fragment: str
) -> None:
    notes = [
        o
        for o in data_graph.objects(PIMID[f"theme/{slug}"], SKOS.editorialNote)
        if o.language == "en"
    ]
    assert len(notes) == 1
    assert (
        "unbulleted fragment" in notes[0]
        and "Sieć Miasto Zielone" in notes[0]
        and fragment in notes[0]
    )


# MID themes beyond the network's thematic area: the reference table "City action plans (MID) and
# topics found in public sources" gives each MID's aims, never a PIM theme; the note says so.
@pytest.mark.parametrize(
    ("slug", "theme", "evidence"),
    [
        ("uniejow-2021-2023", "jakosc-powietrza", "reduce air pollution"),
        ("raciborz-2021-2023", "rozwiazania-oparte-na-naturze", "Ogrodowa and Karola Miarki"),
        ("raciborz-2021-2023", "zielona-infrastruktura", "Ogrodowa and Karola Miarki"),
    ],
)
def test_mid_theme_assignment_is_explained(
    data_graph: Graph, slug: str, theme: str, evidence: str
) -> None:
    mid = PIMID[f"mid/{slug}"]
    assert (mid, PIM.hasTheme, PIMID[f"theme/{theme}"]) in data_graph
    notes = [str(o) for o in data_graph.objects(mid, SKOS.editorialNote) if o.language == "en"]
    assert len(notes) == 1
    assert "curators' reading" in notes[0] and evidence in notes[0]


# The seed has only "MKiŚ" and "KPRM" ("Eksperci: MKiŚ KPRM MFiPR"); the reference file gives the
# institutions' names in English only. The note must not claim a source for the Polish name.
@pytest.mark.parametrize(
    ("slug", "polish"),
    [
        ("kprm", "Kancelaria Prezesa Rady Ministrów"),
        ("mkis", "Ministerstwo Klimatu i Środowiska"),
        ("centrum-projektow-polska-cyfrowa", "Centrum Projektów Polska Cyfrowa"),
        ("uniwersytet-im-adama-mickiewicza", "Uniwersytet im. Adama Mickiewicza w Poznaniu"),
    ],
)
def test_unsourced_polish_institution_names_say_so(
    data_graph: Graph, slug: str, polish: str
) -> None:
    organization = PIMID[f"organization/{slug}"]
    assert (organization, RDFS.label, Literal(polish, lang="pl")) in data_graph
    notes = [str(o) for o in data_graph.objects(organization, SKOS.editorialNote)]
    assert len(notes) == 1
    assert (
        "No allowed source gives the Polish" in notes[0]
        and f"'{polish}' is the curators' rendering" in notes[0]
    )
    assert "the full name comes from" not in notes[0]


# ../shared/reference/pim-external-facts.md: the World Bank's English name "Municipal Action Plan
# (MAP)" (devdiscourse, the row above it: https://www.devdiscourse.com/article/other/3358398) and
# the PIM3 call's definition of the MID (metropolie.pl), each with its source address.
MID_FACTS = {
    "Municipal Action Plan (MAP)": "https://www.devdiscourse.com/article/other/3358398",
    "a concise operational document describing the challenge chosen by the city and how to solve "
    "it, with concrete actions, a timetable and a description of stakeholders": (
        "https://metropolie.pl/artykul/dolacz-do-nowych-sieci-w-iii-edycji-partnerskiej-inicjatywy-miast-pim3"
    ),
}


def test_mid_has_the_world_banks_english_name(ontology: Graph) -> None:
    assert (
        PIM.UrbanActionInitiative,
        SKOS.altLabel,
        Literal("Municipal Action Plan (MAP)", lang="en"),
    ) in ontology


@pytest.mark.parametrize(("fact", "source"), sorted(MID_FACTS.items()))
def test_mid_facts_carry_their_source(ontology: Graph, fact: str, source: str) -> None:
    notes = [str(o) for o in ontology.objects(PIM.UrbanActionInitiative, SKOS.note)]
    assert [note for note in notes if fact in note and f"(source: {source})" in note]
    assert URIRef(source) in set(ontology.objects(PIM.UrbanActionInitiative, DCTERMS.source))
