"""The benchmark's synthetic-data generator (bench/generate.py), on its smallest size.

The benchmark itself (bench/run.py) is not a test: it measures time, which tests never assert.
Here we check what the benchmark relies on: the same seed gives the same bytes, and the
synthetic graph, validated together with the bundled data, has exactly the planted errors.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pimgraph.graph.asserted import load_data_graph
from pimgraph.validation.shapes import validate_graph

REPO = Path(__file__).resolve().parents[1]
GENERATE = REPO / "bench" / "generate.py"
TRIPLES = 3000


def _generate(out: Path, seed: int = 7) -> dict:
    subprocess.run(
        [
            sys.executable,
            str(GENERATE),
            "--triples",
            str(TRIPLES),
            "--seed",
            str(seed),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return json.loads(out.with_name(out.name.removesuffix(".nt") + ".expected.json").read_text())


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("bench") / "synthetic-3k.nt"
    return out, _generate(out)


def test_same_seed_same_bytes(synthetic, tmp_path):
    first, _ = synthetic
    again = tmp_path / "synthetic-3k.nt"
    _generate(again)
    assert again.read_bytes() == first.read_bytes()
    for suffix in (".expected.json", ".submission.ttl"):
        name = "synthetic-3k" + suffix
        assert (tmp_path / name).read_bytes() == (first.parent / name).read_bytes()


def test_another_seed_other_bytes(synthetic, tmp_path):
    first, _ = synthetic
    other = tmp_path / "synthetic-3k.nt"
    _generate(other, seed=8)
    assert other.read_bytes() != first.read_bytes()


def test_size_and_shape_of_the_file(synthetic):
    path, expected = synthetic
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == expected["triples"]
    assert abs(expected["triples"] - TRIPLES) <= TRIPLES * 0.05
    assert all(line.endswith(" .") for line in lines)  # one N-Triples statement a line
    assert len(expected["errors"]) >= 3
    assert {e["kind"] for e in expected["errors"]} >= {
        "city-without-english-label",
        "city-terc-code-of-6-digits",
        "recommendation-without-scope",
    }


def _local(name: str | None) -> str:
    return re.split(r"[#/:]", name or "")[-1]


def test_validation_finds_exactly_the_planted_errors(synthetic):
    path, expected = synthetic
    report = validate_graph(load_data_graph([path]))
    found = sorted((f.focus, _local(f.path), _local(f.constraint)) for f in report.findings)
    planted = sorted(
        (e["focus"], _local(e["path"]), _local(e["component"])) for e in expected["errors"]
    )
    assert found == planted
