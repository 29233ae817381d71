"""Input a user really sends: byte-order marks, empty files, bad dates, pipes, stdin, resubmits."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph
from rdflib.namespace import PROV

from pimgraph.cli import main
from pimgraph.core import resources
from pimgraph.core.errors import UsageError
from pimgraph.core.namespaces import PIM, SCHEMA
from pimgraph.submissions import add_submission, check_submission

from .conftest import REPO

EXAMPLES = REPO / "examples" / "submissions"
BOM = b"\xef\xbb\xbf"
TURTLE = (EXAMPLES / "example-mid.ttl").read_text(encoding="utf-8")
ACTIONS = 8  # the column of the Polish actions in the MID template; English is the next one


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def pimgraph(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env=None):
    """The real command in a subprocess: what a user sees on stderr, logging included."""
    return subprocess.run(
        [sys.executable, "-m", "pimgraph", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def mid_rows() -> list[list[str]]:
    with open(EXAMPLES / "example-mid.csv", encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def with_actions(path: Path, polish: str, english: str) -> Path:
    rows = mid_rows()
    rows[2][ACTIONS], rows[2][ACTIONS + 1] = polish, english
    return write_rows(path, rows)


# --- byte-order marks ----------------------------------------------------------------------

COMMENT = "<http://www.w3.org/2000/01/rdf-schema#comment>"
NTRIPLES = f'<https://w3id.org/pim/id/city/slupsk> {COMMENT} "x"@en .\n'
JSONLD = json.dumps(
    {
        "@id": "https://w3id.org/pim/id/city/slupsk",
        "http://www.w3.org/2000/01/rdf-schema#comment": "x",
    }
)
RDFXML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/pim/id/city/slupsk"><rdfs:comment>x</rdfs:comment></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [("mid.ttl", TURTLE), ("c.nt", NTRIPLES), ("c.jsonld", JSONLD), ("c.rdf", RDFXML)],
)
def test_byte_order_mark_is_accepted_in_every_rdf_format(
    tmp_path: Path, submissions_dir: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_bytes(BOM + text.encode("utf-8"))
    report = check_submission(path)
    assert len(report.graph) > 0 and report.conforms, report.problems
    assert run("validate", str(path)).exit_code in (0, 1)  # read, not refused as unreadable


def test_byte_order_mark_is_accepted_in_a_csv(tmp_path: Path, submissions_dir: Path) -> None:
    path = tmp_path / "mid.csv"
    path.write_bytes(BOM + (EXAMPLES / "example-mid.csv").read_bytes())
    report = check_submission(path)
    assert report.conforms, report.problems
    assert report.kind == "mid" and len(report.graph) > 20


# --- empty submissions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "# only a comment\n",
        "@prefix pim: <https://w3id.org/pim/ontology#> .\n# nothing else\n",
    ],
)
def test_a_submission_without_triples_is_refused(
    tmp_path: Path, submissions_dir: Path, text: str
) -> None:
    path = tmp_path / "empty.ttl"
    path.write_text(text, encoding="utf-8")
    for command in ("check", "add"):
        result = run("submit", command, str(path))
        assert result.exit_code == 2, result.output
        assert "the file holds no data" in result.output
    assert not submissions_dir.exists()


def test_a_csv_without_data_rows_is_refused(tmp_path: Path, submissions_dir: Path) -> None:
    path = write_rows(tmp_path / "mid.csv", mid_rows()[:2])  # header and a comment row
    result = run("submit", "check", str(path))
    assert result.exit_code == 2 and "the file holds no data" in result.output


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timetable", "says"),
    [
        ("[2024-06..2024-13]", "'2024-13' is not a calendar date"),
        ("[2024-05..2024-03]", "the action ends (2024-03) before it starts (2024-05)"),
        ("[2024/02..2024/06]", "'2024/02' is not a calendar date"),
        ("[2024-02-01..2024-02-30]", "'2024-02-30' is not a calendar date"),
        ("[w marcu]", "'Warsztaty [w marcu]' has brackets that are not a timetable"),
    ],
)
def test_bad_timetables_are_reported_at_their_cell(
    tmp_path: Path, submissions_dir: Path, timetable: str, says: str
) -> None:
    path = with_actions(tmp_path / "mid.csv", f"Warsztaty {timetable}", f"Workshops {timetable}")
    result = run("submit", "check", str(path))
    assert result.exit_code == 1, result.output
    assert f"mid.csv:3, column 'działania (pl) / actions (pl)': {says}" in result.output
    report = check_submission(path)
    # Nothing of the bad timetable reaches the graph: no date, no brackets in the name.
    assert not list(report.graph.objects(None, SCHEMA.endDate))
    if ".." in timetable:
        assert not any("[" in str(o) for o in report.graph.objects(None, None))


def test_good_timetables_still_give_dates(tmp_path: Path, submissions_dir: Path) -> None:
    path = with_actions(
        tmp_path / "mid.csv", "Warsztaty [2024..2024-02-29]", "Workshops [2024..2024-02-29]"
    )
    report = check_submission(path)
    assert report.conforms, report.problems
    assert {str(o) for o in report.graph.objects(None, SCHEMA.endDate)} == {"2024-02-29"}


def test_no_third_party_traceback_on_stderr(tmp_path: Path, submissions_dir: Path) -> None:
    feb = with_actions(
        tmp_path / "feb.csv", "Warsztaty [2024-02-30..2024-03]", "Workshops [2024-02-30..2024-03]"
    )
    ill = tmp_path / "ill.ttl"
    ill.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/pim/id/city/slupsk> <https://w3id.org/pim/ontology#population>"
        ' "abc"^^xsd:integer .\n',
        encoding="utf-8",
    )
    env = {"PIMGRAPH_SUBMISSIONS_DIR": str(submissions_dir)}
    for args in (
        ("submit", "check", str(feb)),
        ("submit", "check", str(ill)),
        ("validate", str(ill)),
    ):
        done = pimgraph(*args, env=env)
        stderr = done.stderr.decode("utf-8")
        assert done.returncode in (1, 2), stderr
        assert "Traceback" not in stderr and "Failed to convert" not in stderr, stderr
    done = pimgraph("validate", str(ill), env=env)
    assert "ill.ttl:2: 'abc' is not a valid integer" in done.stderr.decode("utf-8")


# --- check predicts add --------------------------------------------------------------------

CHANGE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/pim/id/{what}> rdfs:label "{label}"@en .
"""


def test_check_verdict_predicts_add(tmp_path: Path, submissions_dir: Path) -> None:
    assert run("submit", "add", str(EXAMPLES / "example-mid.ttl")).exit_code == 0
    files = {
        "relabel.ttl": CHANGE.format(
            what="mid/example-lublin-zielone-torowiska", label="Green tracks, renamed"
        ),
        "curated.ttl": CHANGE.format(what="city/slupsk", label="Stolp"),
        "fine.ttl": TURTLE.replace("zielone-torowiska", "zielone-torowiska-2"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    cases = [tmp_path / name for name in files] + [
        EXAMPLES / "example-mid.csv",
        EXAMPLES / "example-recommendations.csv",
        with_actions(tmp_path / "rev.csv", "A [2024-05..2024-03]", "A [2024-05..2024-03]"),
    ]
    verdicts = {}
    for path in cases:
        checked = run("submit", "check", str(path))
        added = run("submit", "add", str(path))
        verdicts[path.name] = (checked.exit_code, added.exit_code)
        assert checked.exit_code == added.exit_code, (path.name, checked.output, added.output)
    assert verdicts["relabel.ttl"] == (1, 1) and verdicts["curated.ttl"] == (1, 1)
    assert verdicts["fine.ttl"] == (0, 0) and verdicts["rev.csv"] == (1, 1)


# --- a corrected resubmission --------------------------------------------------------------


def test_corrected_resubmission_replaces_the_earlier_one(
    tmp_path: Path, submissions_dir: Path
) -> None:
    first = run("submit", "add", str(EXAMPLES / "example-mid.csv"))
    assert first.exit_code == 0, first.output
    (old_file,) = submissions_dir.glob("*.ttl")
    old_record = Graph().parse(old_file).value(None, RDF.type, PIM.Submission)
    rows = mid_rows()
    rows[2][ACTIONS] = rows[2][ACTIONS].replace("2024-06..2024-10", "2024-06..2024-11")
    rows[2][ACTIONS + 1] = rows[2][ACTIONS + 1].replace("2024-06..2024-10", "2024-06..2024-11")
    fixed = write_rows(tmp_path / "example-mid-fixed.csv", rows)
    checked = run("submit", "check", str(fixed))
    assert checked.exit_code == 0, checked.output
    added = run("submit", "add", str(fixed))
    assert added.exit_code == 0, added.output
    (live,) = submissions_dir.glob("*.ttl")
    assert live != old_file and (submissions_dir / "history" / old_file.name).exists()
    graph = Graph().parse(live)
    record = next(r for r in graph.subjects(RDF.type, PIM.Submission) if r != old_record)
    assert (record, PROV.wasRevisionOf, old_record) in graph
    ends = {str(o) for o in graph.objects(None, SCHEMA.endDate)}
    assert "2024-11" in ends and "2024-10" not in ends
    assert run("validate").exit_code == 0


# --- where submissions go ------------------------------------------------------------------


def test_no_write_into_the_installed_package(tmp_path: Path, monkeypatch) -> None:
    installed = tmp_path / "site-packages" / "pimgraph" / "data"
    installed.mkdir(parents=True)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("PIMGRAPH_SUBMISSIONS_DIR", raising=False)
    monkeypatch.delenv("PIMGRAPH_DATA", raising=False)
    monkeypatch.setattr(resources, "data_dir", lambda: installed)
    with pytest.raises(UsageError, match="--into FOLDER or set PIMGRAPH_DATA"):
        add_submission(EXAMPLES / "example-mid.csv")
    assert not any(installed.rglob("*.ttl"))
    # Pointing PIMGRAPH_DATA at the package itself is refused too.
    monkeypatch.setenv("PIMGRAPH_DATA", str(installed))
    with pytest.raises(UsageError, match="inside the installed pimgraph package"):
        add_submission(EXAMPLES / "example-mid.csv")
    # A data folder of one's own works.
    mine = tmp_path / "my-data"
    monkeypatch.setenv("PIMGRAPH_DATA", str(mine))
    assert add_submission(EXAMPLES / "example-mid.csv")[0].status == "added"
    assert list((mine / "submissions").glob("*.ttl"))


def test_checkout_data_folder_is_found_from_a_subfolder(tmp_path: Path) -> None:
    checkout = tmp_path / "clone"
    (checkout / "data").mkdir(parents=True)
    (checkout / "docs").mkdir()
    (checkout / "pyproject.toml").write_text('[project]\nname = "pimgraph"\n', encoding="utf-8")
    assert resources.checkout_data_dir(checkout / "docs") == (checkout / "data").resolve()
    (checkout / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    assert resources.checkout_data_dir(checkout / "docs") is None


# --- closed pipes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "query cities-sharing-themes --format json | head -1",
        "stats --format json | head -n 0",
        "queries | head -n 0",
        "template mid | head -n 0",
    ],
)
def test_closed_pipe_ends_quietly(command: str) -> None:
    script = f'set -o pipefail; "{sys.executable}" -m pimgraph {command} >/dev/null'
    done = subprocess.run(["bash", "-c", script], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


# --- ad hoc queries ------------------------------------------------------------------------


def test_adhoc_query_errors_point_at_the_users_line(tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s\nWHERE {\n  ?s a foo:City\n}\n", encoding="utf-8")
    for store in ("oxigraph", "memory"):
        result = run("query", "--file", str(query), "--store", store)
        assert result.exit_code == 2, result.output
        assert "q.rq:3: unknown prefix 'foo:' (column 8)" in result.output
    result = run("query", "--file", "-", stdin="SELECT ?s WHERE {\n ?s ?p ?o\n FILTER(\n}\n")
    assert result.exit_code == 2 and "<stdin>:3: SPARQL syntax error" in result.output


def test_adhoc_update_is_refused_as_read_only() -> None:
    result = run("query", "--file", "-", stdin="INSERT DATA { <urn:a> <urn:b> <urn:c> }\n")
    assert result.exit_code == 2
    assert "pimgraph query is read-only" in result.output


# --- standard input ------------------------------------------------------------------------


def test_validate_reads_stdin() -> None:
    good = (REPO / "tests/fixtures/cli/conforming-city.ttl").read_text(encoding="utf-8")
    assert run("validate", "-", stdin=good).exit_code == 0
    bad = (REPO / "tests/fixtures/cli/syntax-error.ttl").read_text(encoding="utf-8")
    result = run("validate", "-", stdin=bad)
    assert result.exit_code == 2 and "<stdin>:" in result.output


def test_submit_check_reads_stdin(submissions_dir: Path) -> None:
    csv_text = (EXAMPLES / "example-mid.csv").read_text(encoding="utf-8")
    for args in ((), ("--kind", "mid")):
        result = run("submit", "check", "-", *args, stdin=csv_text)
        assert result.exit_code == 0 and "<stdin>: can be added" in result.output, result.output
    result = run("submit", "check", "-", "--format", "turtle", stdin=TURTLE)
    assert result.exit_code == 0, result.output
    result = run("submit", "check", "-", stdin=TURTLE.replace("city/lublin", "city/lubllin"))
    # The shared report names the source, then the resource by its label and IRI.
    assert result.exit_code == 1 and "ERROR: <stdin>: " in result.output, result.output
