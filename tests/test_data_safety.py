"""Nothing lost, nothing left behind: concurrent submissions, killed publishes, a damaged cache,
reproducible dumps.

Each test reproduces a defect that was measured on the code before the fix: two conflicting
``submit add`` at once both accepted, ``--into D`` not reading D, a publish killed between its
two renames leaving no site, build folders left behind, a cache manifest of the wrong JSON
shape making every command exit 3, an unbounded cache, blank nodes named at random in dumps.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pimgraph.cli import main
from pimgraph.graph import cache
from pimgraph.graph.engine import open_engine

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
QUERY = ["query", "cities-per-network", "--format", "csv"]


# --- the cache ---------------------------------------------------------------------------------


def _one_entry(tmp_path: Path, monkeypatch) -> cache.Entry:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    open_engine()
    (entry,) = cache.entries()
    return entry


def _damage(entry: cache.Entry, how: str) -> None:
    if how == "dump-is-a-folder":
        entry.dump.unlink()
        (entry.dump / "inside").mkdir(parents=True)
    elif how == "dump-missing":
        entry.dump.unlink()
    elif how == "manifest-is-a-folder":
        entry.manifest.unlink()
        entry.manifest.mkdir()
    elif how == "invalid-json":
        entry.manifest.write_text("{not json", encoding="utf-8")
    elif how == "wrong-types":
        entry.manifest.write_text(json.dumps({"key": 1, "sha256": [], "triples": "x"}))
    else:
        entry.manifest.write_text(how, encoding="utf-8")  # valid JSON, not a usable object


DAMAGE = [
    "[]",
    "null",
    '"x"',
    "{}",
    "3",
    "invalid-json",
    "wrong-types",
    "dump-is-a-folder",
    "dump-missing",
    "manifest-is-a-folder",
]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_entry_is_rebuilt_by_a_query(tmp_path: Path, monkeypatch, how: str) -> None:
    entry = _one_entry(tmp_path, monkeypatch)
    _damage(entry, how)
    result = CliRunner().invoke(main, QUERY)
    assert result.exit_code == 0, result.output
    (rebuilt,) = cache.entries()
    assert rebuilt.key == entry.key and rebuilt.dump.is_file()
    assert open_engine().info.cache_hit  # the rebuilt entry is intact and used


@pytest.mark.parametrize("how", DAMAGE)
def test_cache_info_and_clear_survive_a_damaged_entry(
    tmp_path: Path, monkeypatch, how: str
) -> None:
    entry = _one_entry(tmp_path, monkeypatch)
    _damage(entry, how)
    info = CliRunner().invoke(main, ["cache", "info"])
    assert info.exit_code == 0 and "0 entries" in info.output, info.output
    _damage(_one_entry(tmp_path, monkeypatch), how)  # again: info removed the first one
    cleared = CliRunner().invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0, cleared.output
    assert not (tmp_path / "cache").exists()


def _fill(tmp_path: Path, count: int) -> None:
    for n in range(count):
        extra = tmp_path / f"extra-{n}.ttl"
        extra.write_text(
            f'<https://w3id.org/pim/id/city/evict-{n}> <{RDFS_LABEL}> "E{n}"@pl .\n',
            encoding="utf-8",
        )
        open_engine([extra], reasoning="none")


def test_the_cache_keeps_at_most_max_entries(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PIMGRAPH_CACHE_MAX_ENTRIES", "3")
    _fill(tmp_path, 6)
    kept = cache.entries()
    assert len(kept) == 3
    assert len(list((tmp_path / "cache").iterdir())) == 6  # 3 dumps + 3 manifests, no leftovers


def test_eviction_removes_the_least_recently_used(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PIMGRAPH_CACHE_MAX_ENTRIES", "2")
    _fill(tmp_path, 2)
    first, second = (e.key for e in cache.entries())
    # Use the older entry again: it becomes the most recently used, so the other one goes.
    for entry in cache.entries():
        os.utime(entry.manifest, (time.time() - 100, time.time() - 100))
    assert open_engine([tmp_path / "extra-0.ttl"], reasoning="none").info.cache_hit
    extra = tmp_path / "extra-9.ttl"
    extra.write_text('<urn:x:a> <urn:x:b> "c" .\n', encoding="utf-8")
    open_engine([extra], reasoning="none")
    keys = {e.key for e in cache.entries()}
    assert len(keys) == 2 and first in keys and second not in keys


def test_the_cache_keeps_at_most_max_mb(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PIMGRAPH_CACHE_MAX_MB", "1")
    _fill(tmp_path, 3)
    kept = cache.entries()
    # A dump is over half a megabyte, so two would be over the bound: only the newest stays.
    assert kept and kept[0].bytes > 512 * 1024
    assert len(kept) == 1 and sum(e.bytes for e in kept) <= 1024 * 1024


# --- reproducible dumps ------------------------------------------------------------------------

BLANK_NODES_TTL = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
<https://w3id.org/pim/id/city/blank-test> rdfs:seeAlso [ rdfs:label "one"@en ;
    ex:next [ rdfs:label "two"@en ] ] ;
    ex:shared _:shared .
<https://w3id.org/pim/id/city/blank-other> ex:shared _:shared .
_:shared rdfs:label "shared"@en .
_:loop ex:next _:loop .
"""


def _pimgraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "pimgraph", *args]


def test_the_same_graph_gives_the_same_dumps(tmp_path: Path) -> None:
    extra = tmp_path / "blank.ttl"
    extra.write_text(BLANK_NODES_TTL, encoding="utf-8")
    sites = []
    # Two processes with different hash seeds: blank-node labels and set orders both differ.
    for seed in ("1", "2"):
        out = tmp_path / f"site-{seed}"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": seed}
        done = subprocess.run(
            _pimgraph("publish", "--out", str(out), "--data", str(extra)),
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        sites.append(out)
    first, second = sites
    sums = (first / "dumps" / "SHA256SUMS").read_text()
    assert "pim.nt" in sums and sums == (second / "dumps" / "SHA256SUMS").read_text()
    for name in ("dumps/pim.ttl", "dumps/pim.nt", "dumps/pim.jsonld", "catalog.ttl"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert "_:" in (first / "dumps" / "pim.nt").read_text()  # the blank nodes are in the dump
