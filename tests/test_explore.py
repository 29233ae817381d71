"""``pimgraph explore`` and ``explain``: the measure checked against numbers computed by hand from
the formula and the known themes, clusters, explanations, pictures and error cases.

Known facts used by hand (data/networks.ttl, data/initiatives.ttl, from the seed presentation):
in 2021-2023 the Green City network has 10 cities and 8 themes (its thematic area, 5 cross-cutting
issues and the 2 workshop components), Digital City 8 cities and 8 themes, PPP 10 cities and 7
themes (area, 4 issues, 2 components); every MID of 2021-2023 names its network's area, and
Uniejów's MID also names air quality, which no other city holds. Across all editions 42 cities
hold a theme: those 28, 11 of the pilot revitalisation network (Gdynia among them) and 3 of the
pilot mobility network; the 2024-2026 compact-city network has 4 known members (Gdynia,
Łomianki, Płock, Zduńska Wola).
"""

from __future__ import annotations

import math
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from pimgraph.cli import main
from pimgraph.explore import explain_paths, profiles, shared, similar
from pimgraph.explore.explain import PathGraph, chain_text, explain
from pimgraph.explore.map_plot import outline
from pimgraph.explore.similarity import greedy_modularity
from pimgraph.graph.engine import open_engine

from .conftest import FIXTURES, need

ID = "https://w3id.org/pim/id/"
GREEN = [
    "gdansk",
    "kostrzyn-nad-odra",
    "lublin",
    "miedzyrzec-podlaski",
    "raciborz",
    "ruda-slaska",
    "slupsk",
    "uniejow",
    "zory",
    "zyrardow",
]
DIGITAL = [
    "bialogard",
    "bialystok",
    "debica",
    "dzierzgon",
    "pilawa",
    "rzeszow",
    "swidnica",
    "wyszkow",
]
PPP = [
    "dabrowa-gornicza",
    "kolobrzeg",
    "koszalin",
    "lomianki",
    "marki",
    "pieszyce",
    "plock",
    "poznan",
    "szlichtyngowa",
    "zdunska-wola",
]
SVG = "{http://www.w3.org/2000/svg}"


def city(slug: str) -> URIRef:
    return URIRef(f"{ID}city/{slug}")


def w(total: int, holders: int) -> float:
    """The documented weight, written out again: ln((N + 1) / n_t)."""
    return math.log((total + 1) / holders)


@pytest.fixture(scope="module")
def engine():
    return open_engine()


@pytest.fixture(scope="module")
def edition_2021(engine):
    return profiles("2021-2023", engine=engine)


@pytest.fixture(scope="module")
def all_editions(engine):
    return profiles(engine=engine)


# ---- the measure, by hand


def test_two_green_cities_share_all_their_themes(edition_2021) -> None:
    from pimgraph.explore.similarity import compare

    pair = compare(edition_2021, city("slupsk"), city("gdansk"))
    assert len(pair.shared) == 8
    assert pair.similarity == pytest.approx(1.0)


def test_green_city_and_digital_city_share_only_the_workshop_components(edition_2021) -> None:
    from pimgraph.explore.similarity import compare

    n = 28
    shared_weight = 2 * w(n, 28)  # Smart City and urban resilience: every city holds them
    either = shared_weight + 6 * w(n, 10) + 6 * w(n, 8)  # 6 own themes of each network
    pair = compare(edition_2021, city("slupsk"), city("bialogard"))
    assert pair.similarity == pytest.approx(shared_weight / either, rel=1e-9)
    assert {edition_2021.label(s.theme) for s in pair.shared} == {"Smart City", "Urban resilience"}


def test_uniejow_is_less_like_slupsk_because_of_its_air_quality_theme(edition_2021) -> None:
    n = 28
    both = 6 * w(n, 10) + 2 * w(n, 28)
    expected = both / (both + w(n, 1))
    ranking = similar(city("slupsk"), top=0, edition="2021-2023", engine=edition_2021.engine)
    by_city = {pair.b: pair.similarity for pair in ranking.pairs}
    assert by_city[city("uniejow")] == pytest.approx(expected, rel=1e-9)
    top8 = {pair.b for pair in ranking.pairs[:8]}
    assert top8 == {city(s) for s in GREEN if s not in ("slupsk", "uniejow")}
    assert ranking.pairs[8].b == city("uniejow")
    assert len(ranking.pairs) == 27  # every other city shares at least the workshop components


def test_weights_across_all_editions(all_editions) -> None:
    from pimgraph.explore.similarity import compare

    n = 42
    assert len(all_editions.cities) == n
    # Płock: PPP network (5 own themes + 2 components) and the compact-city network; Marki: PPP.
    both = 5 * w(n, 10) + 2 * w(n, 28)
    assert compare(all_editions, city("plock"), city("marki")).similarity == pytest.approx(
        both / (both + w(n, 4)), rel=1e-9
    )
    # Gdynia: revitalisation (pilot) and compact city (2024-2026); Katowice: revitalisation only.
    assert compare(all_editions, city("gdynia"), city("katowice")).similarity == pytest.approx(
        w(n, 11) / (w(n, 11) + w(n, 4)), rel=1e-9
    )


def test_a_narrower_theme_also_counts_for_its_broader_one() -> None:
    engine = open_engine([FIXTURES / "explore" / "own-theme-city.ttl"], use_cache=False)
    result = similar("Testowo", top=0, edition="2021-2023", engine=engine)
    n = 29  # the 28 cities and Testowo
    # Testowo holds green infrastructure and, through skos:broader, the Green City thematic area.
    both = 2 * w(n, 11)  # green infrastructure and the area: 10 Green City cities and Testowo
    # Testowo's themes are a subset of Słupsk's, so "either" is Słupsk's 8 themes: the two above,
    # 4 other cross-cutting issues (10 cities) and the 2 workshop components (28 cities).
    either = both + 4 * w(n, 10) + 2 * w(n, 28)
    pair = next(p for p in result.pairs if p.b == city("slupsk"))
    assert pair.similarity == pytest.approx(both / either, rel=1e-9)
    area = URIRef(f"{ID}theme/jakosc-srodowiska-i-adaptacja-do-zmian-klimatu")
    routes = next(s.routes_a for s in pair.shared if s.theme == area)
    assert {(r.kind, r.via) for r in routes} == {
        ("own", URIRef(f"{ID}theme/zielona-infrastruktura"))
    }


def test_each_shared_theme_says_through_what(edition_2021) -> None:
    from pimgraph.explore.render import describe_routes, through
    from pimgraph.explore.similarity import compare

    pair = compare(edition_2021, city("slupsk"), city("raciborz"))
    nbs = next(s for s in pair.shared if str(s.theme).endswith("/rozwiazania-oparte-na-naturze"))
    assert describe_routes(edition_2021, nbs.routes_a) == "Green City network"
    assert (
        describe_routes(edition_2021, nbs.routes_b) == "Green City network + MID"
    )  # Racibórz's MID names it
    groups = dict(through(edition_2021, pair))
    assert "Smart City" in groups["both: Green City network"]


# ---- clusters and bridging themes


def test_clusters_of_2021_2023_are_the_three_networks(edition_2021) -> None:
    from pimgraph.explore.similarity import shared_themes

    result = shared_themes(edition_2021)
    assert sorted(sorted(group) for group in result.clusters) == sorted(
        sorted(city(s) for s in members) for members in (GREEN, DIGITAL, PPP)
    )
    assert len(result.pairs) == 28 * 27 // 2
    bridges = {edition_2021.label(b.theme): len(b.networks) for b in result.bridges}
    assert bridges == {"Smart City": 3, "Urban resilience": 3}


def test_greedy_modularity_agrees_with_networkx(all_editions) -> None:
    try:
        import networkx as nx
    except ImportError:
        need(False, "networkx (the plot extra) to cross-check the clusters")
    result = shared(engine=all_editions.engine)
    graph = nx.Graph()
    graph.add_nodes_from(all_editions.cities)
    graph.add_weighted_edges_from((p.a, p.b, p.similarity) for p in result.pairs)
    expected = {
        frozenset(c) for c in nx.community.greedy_modularity_communities(graph, weight="weight")
    }
    assert {frozenset(c) for c in result.clusters} == expected


def test_greedy_modularity_keeps_unlinked_nodes_apart() -> None:
    nodes = [URIRef(f"urn:x:{i}") for i in range(4)]
    edges = [(nodes[0], nodes[1], 1.0), (nodes[2], nodes[3], 1.0)]
    assert greedy_modularity(nodes, edges) == [[nodes[0], nodes[1]], [nodes[2], nodes[3]]]


# ---- explain


def test_every_2021_2023_city_reaches_the_urban_agenda_for_the_eu(engine, edition_2021) -> None:
    graph = PathGraph(engine)
    agenda = URIRef(f"{ID}framework/agenda-miejska-ue")
    assert len(edition_2021.cities) == 28
    for member in edition_2021.cities:
        result = explain(engine, member, agenda, graph=graph)
        assert result.paths, member
        text = chain_text(engine, result.paths[0])
        assert "—participated in→ Partnership Initiative of Cities 2021-2023" in text
        assert text.endswith("—contributes to→ Urban Agenda for the EU")


def test_slupsk_and_gdansk_meet_in_their_network(engine) -> None:
    result = explain_paths("Słupsk", "Gdańsk", engine=engine)
    chains = [chain_text(engine, path) for path in result.paths]
    assert "Słupsk —member of→ Green City network —has member→ Gdańsk" in chains
    assert all(len(path) == 2 for path in result.paths)


def test_a_step_against_a_property_without_inverse_is_shown_reversed(engine) -> None:
    # pim:alignedWith has no inverse: from the framework to a network is a reversed step.
    result = explain_paths(
        "pimid:framework/strategia-na-rzecz-odpowiedzialnego-rozwoju",
        "pimid:network/miasto-zielone",
        max_length=1,
        engine=engine,
    )
    assert chain_text(engine, result.paths[0]) == (
        "Strategy for Responsible Development ←aligned with— Green City network"
    )


def test_explain_reports_no_path_within_max_length(engine) -> None:
    result = explain_paths("Słupsk", "Urban Agenda for the EU", max_length=1, engine=engine)
    assert result.paths == [] and result.total == 0


# ---- pictures


def _ids(svg_path) -> list[str]:
    root = ET.parse(svg_path).getroot()
    assert root.tag == f"{SVG}svg"
    return [element.get("id") for element in root.iter() if element.get("id")]


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def plotting():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        need(False, "matplotlib (the plot extra) to draw pictures")


def test_network_picture_has_28_cities_and_one_legend_entry_per_network(
    plotting, engine, tmp_path
) -> None:
    from pimgraph.explore import network_picture

    target = tmp_path / "network.svg"
    rows = network_picture(target, edition="2021-2023", engine=engine)
    ids = _ids(target)
    assert len([i for i in ids if i.startswith("city-")]) == 28
    assert sorted(i for i in ids if i.startswith("legend-network-")) == [
        "legend-network-miasto-cyfrowe",
        "legend-network-miasto-inicjatyw-ppp",
        "legend-network-miasto-zielone",
    ]
    assert len(rows) == len([i for i in ids if i.startswith("edge-")]) == 378
    assert [p.name for p in tmp_path.iterdir()] == ["network.svg"]  # no temporary file left behind


def test_map_and_heatmap_pictures_are_valid_png(plotting, engine, tmp_path) -> None:
    from matplotlib.image import imread

    from pimgraph.explore import heatmap_picture, map_picture

    placed = map_picture(tmp_path / "map.png", edition="2021-2023", engine=engine)
    assert len(placed) == 28
    assert all(14 < row["longitude"] < 24.2 and 49 < row["latitude"] < 55 for row in placed)
    cells = heatmap_picture(tmp_path / "heat.png", edition="2021-2023", engine=engine)
    assert len(cells) == 10 * 8 + 1 + 8 * 8 + 10 * 7  # Uniejów's air quality is the extra one
    for name in ("map.png", "heat.png"):
        width, height = _png_size(tmp_path / name)
        assert width > 400 and height > 400
        assert imread(tmp_path / name).shape[:2] == (height, width)


def test_map_svg_marks_every_city_with_a_point(plotting, engine, tmp_path) -> None:
    from pimgraph.explore import map_picture

    map_picture(tmp_path / "map.svg", engine=engine)
    ids = _ids(tmp_path / "map.svg")
    assert len([i for i in ids if i.startswith("city-")]) == 28  # pilot cities have no map point
    assert "legend-network-miasto-kompaktowe" in ids  # Łomianki, Płock and Zduńska Wola are members


def test_similar_picture_shows_the_city_and_its_top_cities(plotting, engine, tmp_path) -> None:
    from pimgraph.explore import similar_picture

    rows = similar_picture(tmp_path / "similar.svg", "Słupsk", top=5, engine=engine)
    ids = _ids(tmp_path / "similar.svg")
    assert len(rows) == 5
    assert len([i for i in ids if i.startswith("city-")]) == 6
    assert "city-slupsk" in ids


def test_explain_picture(plotting, engine, tmp_path) -> None:
    from pimgraph.explore import explain_picture

    rows = explain_picture(tmp_path / "path.svg", "Słupsk", "Gdańsk", engine=engine)
    ids = _ids(tmp_path / "path.svg")
    assert {"node-slupsk", "node-gdansk", "node-miasto-zielone"} <= set(ids)
    assert {row["path"] for row in rows} == {1, 2, 3}


def test_outline_is_small_and_names_its_source() -> None:
    document = outline()
    assert "Natural Earth" in document["source"] and "world-atlas" in document["source"]
    assert "public domain" in document["licence"].lower()
    ring = document["coordinates"][0]
    assert 100 <= len(ring) <= 500 and ring[0] == ring[-1]
    assert all(14 < lon < 24.2 and 49 < lat < 55 for lon, lat in ring)


# ---- command line


@pytest.fixture()
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


def test_cli_similar_ranks_and_explains(run) -> None:
    result = run("explore", "similar", "Słupsk", "--edition", "2021-2023", "--top", "9")
    assert result.exit_code == 0, result.output
    assert "Gdańsk" in result.output and "both: Green City network" in result.output
    both = 6 * w(28, 10) + 2 * w(28, 28)
    expected = f"{both / (both + w(28, 1)):.3f}"  # as in the Uniejów test above
    assert re.search(
        rf"^9\s+Uniejów\s+Green City network\s+{re.escape(expected)}\s+8\s", result.output, re.M
    )


def test_cli_similar_json_and_csv(run) -> None:
    import csv
    import io
    import json

    result = run("explore", "similar", "pimid:city/slupsk", "--format", "json", "--top", "0")
    document = json.loads(result.stdout)
    # 42 cities compared; the 14 pilot-only cities share no theme with Słupsk, so 27 are listed.
    assert document["cities_compared"] == 42 and len(document["results"]) == 27
    first = document["results"][0]
    assert first["similarity"] == 1.0 and len(first["shared"]) == 8
    rows = list(
        csv.DictReader(io.StringIO(run("explore", "similar", "Słupsk", "--format", "csv").stdout))
    )
    assert len(rows) == 10 and rows[0]["city_b_label"] == "Gdańsk"


def test_cli_shared_themes_parts(run) -> None:
    result = run("explore", "shared-themes", "--edition", "2021-2023", "--only", "bridges")
    assert result.exit_code == 0, result.output
    assert "Smart City" in result.output and "Pairs by similarity" not in result.output


def test_cli_explain(run) -> None:
    result = run("explain", "Słupsk", "https://w3id.org/pim/id/framework/agenda-miejska-ue")
    assert result.exit_code == 0, result.output
    assert "—contributes to→ Urban Agenda for the EU" in result.output


def test_cli_unknown_city_exits_2_with_a_suggestion(run) -> None:
    result = run("explore", "similar", "Slupskk")
    assert result.exit_code == 2
    assert "did you mean: Słupsk" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("explore", "similar", "Słupsk", "--edition", "1999"),
        ("explore", "similar", "Green City network"),
        ("explore", "shared-themes", "--plot", "picture.pdf"),
        ("explain", "Słupsk", "Słupsk"),
    ],
)
def test_cli_bad_input_exits_2(run, args) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("pimgraph: error: ") and "Traceback" not in result.output


def test_cli_missing_plot_extra(run, monkeypatch, tmp_path) -> None:
    # None in sys.modules makes 'import matplotlib' raise ImportError, as on a machine without it.
    monkeypatch.setitem(__import__("sys").modules, "matplotlib", None)
    result = run("explore", "shared-themes", "--plot", str(tmp_path / "network.svg"))
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == 'pimgraph: error: pictures need the plot extra: pip install "pimgraph[plot]"'
    )
    assert not (tmp_path / "network.svg").exists()
