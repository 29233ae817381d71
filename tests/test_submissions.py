"""The submission workflow: template -> check -> fix -> add, with reports a city officer can act
on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV

from pimgraph.cli import main
from pimgraph.core.namespaces import PIM
from pimgraph.submissions import check_submission
from pimgraph.submissions.templates import columns

from .conftest import REPO

EXAMPLES = REPO / "examples" / "submissions"
ID = "https://w3id.org/pim/id/"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write_csv(path: Path, kind: str, rows: list[dict[str, str]]) -> Path:
    cols = columns(kind)
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow([c.header for c in cols])
        for row in rows:
            writer.writerow([row.get(c.key, "") for c in cols])
    return path


MID_ROW = {
    "city": "Słubsk",  # misspelled on purpose
    "title_pl": "Testowe podwórka",
    "title_en": "Test courtyards",
    "themes": "wzmacnianie różnych form zielonej infrastruktury w miastach",
    "problems_pl": "Upał na podwórkach",
    "problems_en": "Heat in courtyards",
    "actions_pl": "Warsztaty [2024-03..2024-05]",
    "actions_en": "Workshops [2024-03..2024-05]",
    "stakeholders": "rada osiedla",
}
RECOMMENDATION_ROW = {
    "network": "Miasto Zielone",
    "text_pl": "Testowe zalecenie o finansowaniu zieleni.",
    "text_en": "A test recommendation on funding greenery.",
    "scope": "",  # missing on purpose
    "target_policy": "polityka spójności",
}


def test_template_has_bilingual_headers_and_a_commented_example(tmp_path: Path) -> None:
    for kind in ("mid", "recommendations"):
        result = run("template", kind)
        assert result.exit_code == 0
        rows = list(csv.reader(io.StringIO(result.output)))
        assert all(" / " in header for header in rows[0])
        assert rows[1][0].startswith("#") and len(rows) == 2
    out = tmp_path / "t.csv"
    assert run("template", "mid", "--out", str(out)).exit_code == 0
    # A template that was not filled in has no data rows: an input error, not a crash.
    result = CliRunner().invoke(main, ["submit", "check", str(out)])
    assert result.exit_code == 2 and "no data rows" in result.output


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_misspelled_city_reported_with_row_column_and_suggestion(
    tmp_path: Path, submissions_dir: Path, lang: str
) -> None:
    path = write_csv(tmp_path / "mid.csv", "mid", [MID_ROW])
    result = CliRunner().invoke(main, ["submit", "check", str(path), "--lang", lang])
    assert result.exit_code == 1
    line = next(row for row in result.output.splitlines() if "Słubsk" in row)
    assert f"{path}:2" in line and "'miasto / city'" in line and "Słupsk" in line
    assert (
        ("nieznane" in line and "czy chodziło o" in line)
        if lang == "pl"
        else ("unknown city" in line and "did you mean" in line)
    )


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_missing_scope_reported_with_row_column_and_suggestion(
    tmp_path: Path, submissions_dir: Path, lang: str
) -> None:
    path = write_csv(tmp_path / "rec.csv", "recommendations", [RECOMMENDATION_ROW])
    result = CliRunner().invoke(main, ["submit", "check", str(path), "--lang", lang])
    assert result.exit_code == 1
    line = next(row for row in result.output.splitlines() if "zakres / scope" in row)
    assert f"{path}:2" in line
    assert ("brak zakresu" in line) if lang == "pl" else ("scope is missing" in line)
    assert "financial | legal | knowledge" in line


def test_fixed_submissions_are_added_and_found_by_stored_queries(
    tmp_path: Path, submissions_dir: Path
) -> None:
    mid = write_csv(tmp_path / "mid.csv", "mid", [MID_ROW | {"city": "Słupsk"}])
    rec = write_csv(
        tmp_path / "rec.csv", "recommendations", [RECOMMENDATION_ROW | {"scope": "legal"}]
    )
    for path in (mid, rec):
        assert run("submit", "check", str(path)).exit_code == 0
        added = run("submit", "add", str(path), "--by", "Urząd Miasta Testowego")
        assert added.exit_code == 0 and "added as" in added.output
    profile = json.loads(
        run("query", "city-profile", "--param", "city=Słupsk", "--format", "json").output
    )
    values = {b.get("value", {}).get("value") for b in profile["results"]["bindings"]}
    mid_iri = next(
        v for v in values if v and v.startswith(ID + "mid/slupsk-") and not v.endswith("-2021-2023")
    )
    # The new MID is linked to its city and its theme.
    from pimgraph.graph.engine import open_engine

    engine = open_engine()
    assert engine.query(
        f"ASK {{ <{mid_iri}> pim:preparedBy <{ID}city/slupsk> ; "
        f"pim:hasTheme <{ID}theme/zielona-infrastruktura> }}"
    ).boolean
    recommendations = json.loads(
        run(
            "query",
            "recommendations-of-network",
            "--param",
            "network=Miasto Zielone",
            "--format",
            "json",
        ).output
    )
    found = [
        b
        for b in recommendations["results"]["bindings"]
        if "Testowe zalecenie" in json.dumps(b, ensure_ascii=False)
        or "test recommendation" in json.dumps(b)
    ]
    assert found, recommendations
    assert engine.query(f"""ASK {{ ?r a pim:Recommendation ;
        pim:proposedBy <{ID}network/miasto-zielone> ;
        pim:scope <{ID}scope/zmiany-prawne> ;
        pim:partOfPlan <{ID}plan/miasto-zielone> ;
        dcterms:description "Testowe zalecenie o finansowaniu zieleni."@pl }}""").boolean


def test_provenance_and_idempotence(tmp_path: Path, submissions_dir: Path) -> None:
    path = EXAMPLES / "example-mid.csv"
    first = run("submit", "add", str(path), "--by", "Anna Nowak")
    assert "added as" in first.output
    files = list(submissions_dir.glob("*.ttl"))
    assert len(files) == 1
    graph = Graph().parse(files[0])
    record = graph.value(None, RDF.type, PIM.Submission)
    import hashlib

    assert str(graph.value(record, PIM.sha256)) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert str(graph.value(record, PIM.fileName)) == "example-mid.csv"
    assert graph.value(record, PROV.generatedAtTime) is not None
    agent = graph.value(record, PROV.wasAttributedTo)
    assert Literal("Anna Nowak", lang="pl") in set(
        graph.objects(agent, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    )
    mtime = files[0].stat().st_mtime_ns
    second = run("submit", "add", str(path))
    assert second.exit_code == 0 and "nothing changed" in second.output
    assert files[0].stat().st_mtime_ns == mtime
    listing = json.loads(run("submit", "list", "--format", "json").output)
    assert [row["source_file"] for row in listing] == ["example-mid.csv"]
    # The whole graph, with the submission, still conforms.
    assert run("validate").exit_code == 0


def test_nonconforming_submission_writes_nothing(tmp_path: Path, submissions_dir: Path) -> None:
    path = write_csv(tmp_path / "mid.csv", "mid", [MID_ROW])
    result = CliRunner().invoke(main, ["submit", "add", str(path)])
    assert result.exit_code == 1
    assert not submissions_dir.exists() or not list(submissions_dir.iterdir())


CHANGE = """@prefix pim: <https://w3id.org/pim/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/pim/id/{what}> rdfs:label "{label}"@en .
"""


def test_changing_curated_resources_is_refused(tmp_path: Path, submissions_dir: Path) -> None:
    path = tmp_path / "rename.ttl"
    path.write_text(CHANGE.format(what="city/slupsk", label="Stolp"), encoding="utf-8")
    # Two English labels violate the shapes already; the change is refused before anything is
    # written.
    result = CliRunner().invoke(main, ["submit", "add", str(path)])
    assert result.exit_code == 1
    assert not submissions_dir.exists()


def test_replace_is_needed_to_change_an_earlier_submission(
    tmp_path: Path, submissions_dir: Path
) -> None:
    assert run("submit", "add", str(EXAMPLES / "example-mid.ttl")).exit_code == 0
    mid = "mid/example-lublin-zielone-torowiska"
    path = tmp_path / "relabel.ttl"
    path.write_text(
        CHANGE.format(what=mid, label="Example: green tracks, renamed"), encoding="utf-8"
    )
    refused = CliRunner().invoke(main, ["submit", "add", str(path)])
    assert refused.exit_code != 0
    assert "--replace" in refused.output or "English label" in refused.output
    replaced = CliRunner().invoke(main, ["submit", "add", str(path), "--replace", ID + mid])
    assert replaced.exit_code == 0, replaced.output
    graph = Graph()
    for file in submissions_dir.glob("*.ttl"):
        graph.parse(file)
    labels = {
        str(o)
        for o in graph.objects(
            URIRef(ID + mid), URIRef("http://www.w3.org/2000/01/rdf-schema#label")
        )
        if o.language == "en"
    }
    assert labels == {"Example: green tracks, renamed"}


def test_rdf_submission_reports_resource_label_and_property(
    tmp_path: Path, submissions_dir: Path
) -> None:
    path = tmp_path / "mid.ttl"
    path.write_text(
        EXAMPLES.joinpath("example-mid.ttl")
        .read_text(encoding="utf-8")
        .replace("city/lublin", "city/lubllin"),
        encoding="utf-8",
    )
    report = check_submission(path)
    problem = next(p for p in report.errors if p.path == "pim:preparedBy")
    assert problem.focus.endswith("example-lublin-zielone-torowiska")
    assert problem.focus_label == "Przykład: zielone torowiska"
    assert problem.suggestion == "Lublin"


def test_full_and_incremental_validation_agree(tmp_path: Path, submissions_dir: Path) -> None:
    cases = [
        EXAMPLES / "example-mid.ttl",
        EXAMPLES / "example-mid.csv",
        EXAMPLES / "example-recommendations.csv",
        write_csv(tmp_path / "bad.csv", "mid", [MID_ROW | {"title_en": ""}]),
    ]
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        EXAMPLES.joinpath("example-mid.ttl")
        .read_text(encoding="utf-8")
        .replace(' , "Example: green tram tracks"@en', ""),
        encoding="utf-8",
    )
    cases.append(bad)
    for path in cases:
        quick = check_submission(path)
        full = check_submission(path, full=True)
        assert quick.conforms == full.conforms, path
        assert sorted(p.message for p in quick.findings) == sorted(
            p.message for p in full.findings
        ), path


def test_examples_are_marked_and_not_in_the_bundled_graph() -> None:
    from pimgraph.core import resources

    for path in EXAMPLES.glob("*"):
        assert "example" in path.read_text(encoding="utf-8").lower()
    bundled = {p.resolve() for p in resources.graph_paths()}
    assert not any(EXAMPLES.resolve() in p.parents for p in bundled)


def test_bilingual_lists_must_pair_up(tmp_path: Path, submissions_dir: Path) -> None:
    row = MID_ROW | {
        "city": "Słupsk",
        "actions_pl": "A [2024..2025]; B [2025..2026]",
        "actions_en": "A [2024..2025]",
        "problems_en": "",
    }
    result = CliRunner().invoke(
        main, ["submit", "check", str(write_csv(tmp_path / "mid.csv", "mid", [row]))]
    )
    assert result.exit_code == 1
    assert (
        "'działania (en) / actions (en)'" in result.output
        and "2 actions in Polish but 1 in English" in result.output
    )
    assert (
        "'problemy (en) / problems (en)'" in result.output
        and "1 problem in Polish but 0 in English" in result.output
    )
