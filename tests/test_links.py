"""The links to GeoNames, EuroVoc and the SDGs (data/links/): rebuilt from the packages without
drift, every target in its offline source, every link with its record, and the matching rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from pimgraph.cli import main
from pimgraph.core import resources
from pimgraph.core.errors import InputError
from pimgraph.core.namespaces import PIM, PIMID
from pimgraph.links import build_links
from pimgraph.links.geonames import City, match_cities
from pimgraph.links.mappings import read_mappings
from pimgraph.links.sources import Place, eurovoc_labels, polish_places, sdg_labels

MAPPING_PROPERTIES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)
EDITION = PIMID["edition/2021-2023"]


@pytest.fixture(scope="session")
def link_graph() -> Graph:
    graph = Graph()
    for path in resources.link_paths():
        graph.parse(path)
    return graph


@pytest.fixture(scope="session")
def rebuilt(link_sources, tmp_path_factory):
    """A fresh build into an empty folder, and the report of a check against data/links/."""
    out = tmp_path_factory.mktemp("links")
    (out / "mappings.csv").write_bytes((resources.links_dir() / "mappings.csv").read_bytes())
    fresh = build_links(link_sources, out=out)
    return out, fresh, build_links(link_sources, check=True)


def test_rebuilding_gives_the_committed_files_byte_for_byte(rebuilt) -> None:
    out, fresh, check = rebuilt
    assert check.changed == [], "run: pimgraph links build, then commit data/links/"
    for path in resources.link_paths():
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_every_city_of_2021_2023_has_a_geonames_link(data_graph: Graph, rebuilt) -> None:
    # The seed's 28 (each with a TERC code and a point); Krzywiń and Łódź, who joined later,
    # have no point to check a name against, so they are reported unmatched, never guessed.
    cities = set(data_graph.subjects(PIM.tercCode, None))
    assert len(cities) == 28
    assert len(set(data_graph.subjects(PIM.participatedIn, EDITION)) - cities) == 2
    linked = {
        city
        for city in cities
        for target in data_graph.objects(city, SKOS.exactMatch)
        if str(target).startswith("https://sws.geonames.org/")
    }
    assert linked == cities
    report = rebuilt[1]
    assert {m.city.iri for m in report.matches if m.place is not None} == cities
    unmatched = {m.city.name for m in report.matches if m.place is None}
    assert len(unmatched) == 17 and {"Olsztyn", "Łódź", "Krzywiń"} <= unmatched
    assert all(m.city.point is None for m in report.matches if m.place is None)


@pytest.mark.parametrize(
    ("slug", "geonameid", "admin3"),
    [
        ("slupsk", "3085450", "226301"),
        ("pilawa", "762223", None),
        ("uniejow", "3082801", None),
        ("szlichtyngowa", "3083664", None),
    ],
)
def test_hand_checked_links(data_graph: Graph, slug: str, geonameid: str, admin3) -> None:
    city, target = PIMID[f"city/{slug}"], URIRef(f"https://sws.geonames.org/{geonameid}/")
    assert (city, SKOS.exactMatch, target) in data_graph
    record = PIMID[f"link/geonames/{slug}"]
    assert data_graph.value(record, PIM.linkTarget) == target
    assert data_graph.value(record, PIM.matchMethod) == Literal("name-and-distance")
    assert int(data_graph.value(record, PIM.matchDistance)) < 15000  # metres
    if admin3:
        assert data_graph.value(record, PIM.targetAdminCode) == Literal(admin3)
        assert (city, DCTERMS.source, target) in data_graph  # a second witness for the TERC


@pytest.mark.parametrize(
    ("slug", "geonameid", "ours", "theirs"),
    [
        ("kolobrzeg", "3095795", "3208011", "320804"),
        ("miedzyrzec-podlaski", "764862", "0601011", "060110"),
    ],
)
def test_admin3_disagreements_link_but_do_not_dispute_our_terc(
    data_graph: Graph, rebuilt, slug: str, geonameid: str, ours: str, theirs: str
) -> None:
    city, target = PIMID[f"city/{slug}"], URIRef(f"https://sws.geonames.org/{geonameid}/")
    assert (city, SKOS.exactMatch, target) in data_graph
    assert (city, DCTERMS.source, target) not in data_graph
    assert str(data_graph.value(city, PIM.tercCode)) == ours
    assert (city, PIM.disputed, None) not in data_graph
    record = PIMID[f"link/geonames/{slug}"]
    assert str(data_graph.value(record, PIM.targetAdminCode)) == theirs
    note = next(
        str(n) for n in data_graph.objects(record, SKOS.editorialNote) if n.language == "en"
    )
    assert theirs in note and ours in note
    disputed = {m.city.iri: m for m in rebuilt[1].matches if m.status == "disputed"}
    assert set(disputed) == {PIMID["city/kolobrzeg"], PIMID["city/miedzyrzec-podlaski"]}


def test_population_is_a_dated_figure_from_geonames(data_graph: Graph, link_sources) -> None:
    row = next(p for p in polish_places(link_sources.geonames) if p.geonameid == "3085450")
    figure = PIMID["figure/slupsk-ludnosc-geonames"]
    assert (figure, RDF.type, PIM.PopulationFigure) in data_graph
    assert data_graph.value(figure, PIM.about) == PIMID["city/slupsk"]
    assert int(data_graph.value(figure, PIM.reportedCount)) == row.population > 80000
    assert str(data_graph.value(figure, DCTERMS.date)) == row.modified
    # the count belongs to the dated figure, never to the city as a timeless property
    assert not list(data_graph.subject_predicates(Literal(row.population)))[1:]


def test_every_link_target_exists_in_its_offline_source(link_graph: Graph, link_sources) -> None:
    known = set(eurovoc_labels(link_sources.eurovoc)) | set(sdg_labels(link_sources.sdg))
    known |= {p.iri for p in polish_places(link_sources.geonames)}
    targets = {o for p in MAPPING_PROPERTIES for o in link_graph.objects(None, p)}
    csv_targets = (resources.links_dir() / "mappings.csv").read_text(encoding="utf-8")
    assert len(targets) == 28 + len({line.split(",")[2] for line in csv_targets.splitlines()[1:]})
    assert not targets - known, sorted(targets - known)[:5]


def test_every_link_has_one_record_and_every_record_its_link(link_graph: Graph) -> None:
    links = {(s, p, o) for p in MAPPING_PROPERTIES for s, o in link_graph.subject_objects(p)}
    recorded = set()
    for record in link_graph.subjects(RDF.type, PIM.LinkRecord):
        triple = tuple(
            link_graph.value(record, p) for p in (PIM.linkSubject, PIM.linkProperty, PIM.linkTarget)
        )
        recorded.add(triple)
        assert link_graph.value(record, SKOS.editorialNote) is not None, record
    assert recorded == links
    curated = [t for t in links if not str(t[2]).startswith("https://sws.geonames.org/")]
    assert curated and all(p != SKOS.exactMatch for _s, p, _o in curated)


def test_the_build_report_names_the_counts(link_sources) -> None:
    result = CliRunner().invoke(main, ["links", "build", "--check", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "GeoNames: 26 matched, 2 matched with an admin3/TERC disagreement" in result.output
    assert "disputed: Kołobrzeg" in result.output and "up to date" in result.output
    polish = CliRunner().invoke(main, ["links", "build", "--check", "--lang", "pl"])
    assert "dopasowane 26" in polish.output and "niezgodne: Kołobrzeg" in polish.output


def test_missing_sources_are_one_line_with_what_to_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["links", "build", "--from", str(tmp_path)])
    assert result.exit_code == 2
    assert "fetch-link-sources" in result.output and "Traceback" not in result.output


# The matching rules, on places made up for the purpose (no package needed).
def _place(geonameid: str, name: str, lon: float, lat: float, admin3: str = "") -> Place:
    return Place(geonameid, name, name, lon, lat, "PPL", admin3, 1000, "2024-01-01")


def test_one_name_within_the_radius_matches_and_folding_ignores_diacritics() -> None:
    city = City(PIMID["city/lodz"], "Łódź", (19.46, 51.77), "1061011")
    far = _place("2", "Lodz", 17.0, 53.0)
    (match,) = match_cities([city], [_place("1", "Lodz", 19.47, 51.76, "106101"), far])
    assert match.place is not None and match.place.geonameid == "1"
    assert match.status == "matched" and match.admin_agrees is True


def test_two_places_within_the_radius_are_ambiguous_and_left_out() -> None:
    city = City(PIMID["city/olsztyn"], "Olsztyn", (20.48, 53.78), None)
    places = [_place("1", "Olsztyn", 20.49, 53.77), _place("2", "Olsztyn", 20.40, 53.80)]
    (match,) = match_cities([city], places)
    assert match.place is None and match.status == "ambiguous"


def test_no_point_or_only_far_namesakes_is_missing() -> None:
    no_point = City(PIMID["city/a"], "Świdnica", None, None)
    far = City(PIMID["city/b"], "Świdnica", (16.49, 50.84), None)
    matches = match_cities([no_point, far], [_place("1", "Swidnica", 15.0, 52.0)])
    assert [m.status for m in matches] == ["missing", "missing"]
    assert matches[1].candidates[0][1] > 100


# The mappings file: a typo fails the build with its line.
@pytest.mark.parametrize(
    ("row", "says"),
    [
        (
            "theme/jakosc-powietrza,closeMatch,http://eurovoc.europa.eu/99999999,a,b",
            "not in the offline",
        ),
        ("theme/jakosc-powietrza,sameAs,http://eurovoc.europa.eu/2527,a,b", "property must be"),
        ("theme/no-such-theme,closeMatch,http://eurovoc.europa.eu/2527,a,b", "no resource"),
        ("theme/jakosc-powietrza,closeMatch,http://eurovoc.europa.eu/2527,a,", "in Polish"),
    ],
)
def test_a_bad_mapping_row_is_refused_with_its_line(
    tmp_path: Path, data_graph: Graph, row: str, says: str
) -> None:
    path = tmp_path / "mappings.csv"
    path.write_text(f"subject,property,target,note_en,note_pl\n{row}\n", encoding="utf-8")
    labels = {
        "eurovoc": {URIRef("http://eurovoc.europa.eu/2527"): Literal("air quality", lang="en")}
    }
    with pytest.raises(InputError, match=says) as caught:
        read_mappings(path, data_graph, labels)
    assert str(caught.value).startswith(f"{path}:2: ")


def test_links_are_counted_per_class_of_our_resources(rebuilt, data_graph: Graph) -> None:
    counts = rebuilt[1].links_per_class(data_graph)
    assert counts[("geonames", "City")] == 28
    assert not [key for key in counts if key[1] == "Concept"]  # themes count as their pim class
    assert counts[("eurovoc", "RecommendationScope")] == 3
    assert sum(n for (vocabulary, _kind), n in counts.items() if vocabulary != "geonames") == len(
        rebuilt[1].mappings
    )
