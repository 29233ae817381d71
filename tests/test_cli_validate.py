"""``pimgraph validate`` and ``stats``: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from pimgraph.cli import main

from .conftest import FIXTURES

CLI = FIXTURES / "cli"


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_bundled_graph_conforms_with_one_line_summary(run) -> None:
    result = run("validate")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("conforms:"), result.output


def test_conforming_file_exits_0(run) -> None:
    assert run("validate", str(CLI / "conforming-city.ttl")).exit_code == 0


def test_city_without_english_label_exits_1_naming_city_and_path(run) -> None:
    result = run("validate", str(CLI / "city-without-en-label.ttl"))
    assert result.exit_code == 1
    assert "Miasto Bez Etykiety" in result.output
    assert "https://w3id.org/pim/id/city/test-bez-etykiety" in result.output
    assert "rdfs:label" in result.output


def test_polish_report(run) -> None:
    result = run("validate", str(CLI / "city-without-en-label.ttl"), "--lang", "pl")
    assert result.exit_code == 1
    assert "niezgodne" in result.output


def test_json_report(run) -> None:
    result = run("validate", str(CLI / "city-without-en-label.ttl"), "--format", "json")
    report = json.loads(result.output)
    assert report["conforms"] is False
    assert any(
        f["path"] == "rdfs:label" and f["focus"].endswith("test-bez-etykiety")
        for f in report["findings"]
    )


def test_turtle_report_parses(run) -> None:
    from rdflib import Graph

    result = run("validate", str(CLI / "city-without-en-label.ttl"), "--format", "turtle")
    assert len(Graph().parse(data=result.output, format="turtle")) > 0


def test_syntax_error_exits_2_with_file_and_line(run) -> None:
    result = CliRunner().invoke(main, ["validate", str(CLI / "syntax-error.ttl")])
    assert result.exit_code == 2
    assert f"{CLI / 'syntax-error.ttl'}:5:" in result.output
    assert "Traceback" not in result.output


def test_missing_file_exits_2(run) -> None:
    result = CliRunner().invoke(main, ["validate", "no-such-file.ttl"])
    assert result.exit_code == 2
    assert "no-such-file.ttl: no such file" in result.output


def test_stats_counts_classes(run) -> None:
    result = run("stats", "--format", "json")
    assert result.exit_code == 0
    counts = {row["name"]: row["instances"] for row in json.loads(result.output)["classes"]}
    assert counts["pim:Network"] == 9
    assert counts["pim:Recommendation"] == 9
    assert counts["pim:ProgrammeActivity"] == 9


def test_installed_console_script_reports_without_traceback(tmp_path) -> None:
    executable = shutil.which("pimgraph")
    assert executable, "pimgraph is not installed: pip install -e '.[test]'"
    process = subprocess.run(
        [executable, "validate", str(CLI / "syntax-error.ttl")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert process.returncode == 2
    assert process.stderr.count("\n") == 1 and "Traceback" not in process.stderr
