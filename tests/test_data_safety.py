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
    _fill(tmp_path, 1)
    # The bound: room for one dump of the bundled graph, not for two.
    size = cache.entries()[0].bytes
    megabytes = -(-size // (1024 * 1024))  # one dump, rounded up to whole MB
    monkeypatch.setenv("PIMGRAPH_CACHE_MAX_MB", str(megabytes))
    if 2 * size <= megabytes * 1024 * 1024:
        pytest.fail(f"a dump of {size} bytes is too small for this test's whole-MB bound")
    _fill(tmp_path, 3)
    kept = cache.entries()
    assert len(kept) == 1 and sum(e.bytes for e in kept) <= megabytes * 1024 * 1024


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


# --- publish: never a moment without a complete site, nothing left behind ----------------------

# A stand-in for the long build, run in a real subprocess that the test kills: the swap and the
# clean-up under test are the real ones.
FAKE_PUBLISH = """
import sys
from pathlib import Path
from pimgraph.publish import site

def build(root, *args, **kwargs):
    (root / "index.html").write_text("new site")
    (root / site.MARKER).write_text("pimgraph\\n")

site.build = build
if len(sys.argv) > 2:  # die the moment the old site is renamed away (the two-rename swap)
    import os, signal
    rename = os.rename
    def dying_rename(source, target):
        rename(source, target)
        if Path(source) == Path(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)
    os.rename = dying_rename
site.publish_site(Path(sys.argv[1]), engine=object())
"""


def _old_site(out: Path) -> None:
    from pimgraph.publish.site import MARKER

    out.mkdir()
    (out / MARKER).write_text("pimgraph\n")
    (out / "index.html").write_text("old site")


def _kill_at(point: str, out: Path) -> None:
    """Run a publish into ``out`` and SIGKILL it once it reports pausing at ``point``."""
    env = {**os.environ, "PIMGRAPH_TEST_PAUSE_AT": point, "PIMGRAPH_TEST_PAUSE_SECONDS": "120"}
    process = subprocess.Popen(
        [sys.executable, "-c", FAKE_PUBLISH, str(out)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()
        assert line.strip() == f"pimgraph: paused at {point}", line + process.stderr.read()
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)


def test_a_publish_killed_after_moving_the_old_site_away_leaves_a_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _old_site(out)
    done = subprocess.run(
        [sys.executable, "-c", FAKE_PUBLISH, str(out), "die-after-rename"], timeout=120
    )
    # Either the swap never renames the old site away (and the run ends), or it died there.
    assert done.returncode in (0, -signal.SIGKILL)
    assert (out / "index.html").read_text() in ("old site", "new site")


def _fake_build(monkeypatch, text: str = "rebuilt") -> list[bool]:
    from pimgraph.publish import site

    seen = []

    def build(root, *args, **kwargs):
        out = root.parent / "site"
        seen.append((out / "index.html").is_file())  # a complete site while this one builds
        (root / "index.html").write_text(text)
        (root / site.MARKER).write_text("pimgraph\n")

    monkeypatch.setattr(site, "build", build)
    return seen


@pytest.mark.parametrize(("point", "expected"), [("swap", "old site"), ("swapped", "new site")])
def test_a_publish_killed_at_the_swap_leaves_a_complete_site(
    tmp_path: Path, monkeypatch, point: str, expected: str
) -> None:
    from pimgraph.publish import publish_site

    out = tmp_path / "site"
    _old_site(out)
    _kill_at(point, out)
    assert (out / "index.html").read_text() == expected
    assert any(p.name.startswith(".site.building-") for p in tmp_path.iterdir())
    # The next run removes what the killed one left.
    seen = _fake_build(monkeypatch)
    publish_site(out, engine=object())
    assert seen == [True]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / "index.html").read_text() == "rebuilt"


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leftovers_of_dead_runs_are_removed_and_a_lost_site_put_back(
    tmp_path: Path, monkeypatch
) -> None:
    from pimgraph.publish import publish_site
    from pimgraph.publish.site import MARKER

    dead = _dead_pid()
    # What the previous code left when killed between its two renames: no site, only the old one.
    old = tmp_path / f".site.old-{dead}"
    _old_site(old)
    for name in (f".site.building-{dead}-abcd1234", f".site.building-{os.getppid()}-live1234"):
        (tmp_path / name / "id").mkdir(parents=True)
        (tmp_path / name / "id" / "page.html").write_text("half")
    mine = tmp_path / "unrelated"
    mine.mkdir()
    seen = _fake_build(monkeypatch)
    publish_site(tmp_path / "site", engine=object())
    assert seen == [True]  # the old site was back before the build began
    names = sorted(p.name for p in tmp_path.iterdir())
    # A building folder of a live process (the test's parent) is someone's work in progress.
    assert names == [f".site.building-{os.getppid()}-live1234", "site", "unrelated"]
    assert (tmp_path / "site" / MARKER).is_file()


def test_publish_through_a_link_replaces_the_folder_it_names(tmp_path: Path, monkeypatch) -> None:
    from pimgraph.publish import publish_site

    real = tmp_path / "real"
    _old_site(real)
    (tmp_path / "site").symlink_to(real)
    _fake_build(monkeypatch)
    publish_site(tmp_path / "site", engine=object())
    assert (tmp_path / "site").is_symlink() and (real / "index.html").read_text() == "rebuilt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real", "site"]


# --- submit add: one writer at a time, checked against the folder it writes to ----------------

EXAMPLE_MID = Path(__file__).resolve().parents[1] / "examples" / "submissions" / "example-mid.ttl"


def _conflicting_pair(folder: Path) -> tuple[Path, Path]:
    """Two submissions that conform alone but not together: the same MID, two English labels
    and two start dates for its action."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE_MID.read_text(encoding="utf-8")
    first, second = folder / "first.ttl", folder / "second.ttl"
    first.write_text(text, encoding="utf-8")
    other = text.replace('"Example: green tram tracks"@en', '"Example: other tracks"@en')
    other = other.replace('"2025-04"^^xsd:gYearMonth', '"2025-05"^^xsd:gYearMonth')
    assert other != text
    second.write_text(other, encoding="utf-8")
    return first, second


def _accepted(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []


def test_two_conflicting_submissions_at_once_are_never_both_accepted(tmp_path: Path) -> None:
    first, second = _conflicting_pair(tmp_path / "in")
    env = {**os.environ, "PIMGRAPH_SUBMITTER": "tester"}
    open_engine(reasoning="none")  # warm the cache so both runs reach the write together
    for trial in range(6):
        folder = tmp_path / f"accepted-{trial}"
        env["PIMGRAPH_SUBMISSIONS_DIR"] = str(folder)
        runs = [
            subprocess.Popen(
                _pimgraph("submit", "add", str(path)),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path in (first, second)
        ]
        codes = [run.wait(timeout=300) for run in runs]
        outputs = [run.communicate()[0] + run.communicate()[1] for run in runs]
        # Both may succeed, the later one as a revision of the earlier (same MID: the earlier
        # goes to history/), or the later may be refused; never two current versions of it.
        assert 0 in codes, (codes, outputs)
        assert len(_accepted(folder)) == 1, outputs
        if codes == [0, 0]:
            assert len(list((folder / "history").glob("*.ttl"))) == 1, outputs
    # The one accepted is consistent with the graph (before the fix: 20 violations).
    validated = subprocess.run(
        _pimgraph("validate"), env=env, capture_output=True, text=True, timeout=300
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr


def test_submit_add_into_a_folder_reads_what_the_folder_holds(tmp_path: Path) -> None:
    first, second = _conflicting_pair(tmp_path / "in")
    folder = tmp_path / "elsewhere"
    added = CliRunner().invoke(main, ["submit", "add", str(first), "--into", str(folder)])
    assert added.exit_code == 0, added.output
    # The second knows the first is there: it is added as its revision (same MID), and the
    # first moves to history/; not read, both would stand side by side.
    revised = CliRunner().invoke(main, ["submit", "add", str(second), "--into", str(folder)])
    assert revised.exit_code == 0 and "replaces" in revised.output, revised.output
    assert len(_accepted(folder)) == 1
    assert len(list((folder / "history").glob("*.ttl"))) == 1
    # The same file again is still a no-op, not a conflict with itself.
    again = CliRunner().invoke(main, ["submit", "add", str(second), "--into", str(folder)])
    assert again.exit_code == 0 and len(_accepted(folder)) == 1, again.output


def test_a_held_lock_is_waited_for_then_reported(tmp_path: Path) -> None:
    first, _second = _conflicting_pair(tmp_path / "in")
    folder = tmp_path / "accepted"
    env = {
        **os.environ,
        "PIMGRAPH_SUBMISSIONS_DIR": str(folder),
        "PIMGRAPH_TEST_PAUSE_AT": "locked",
        "PIMGRAPH_TEST_PAUSE_SECONDS": "120",
    }
    holder = subprocess.Popen(
        _pimgraph("submit", "add", str(first)), env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        assert holder.stderr.readline().strip() == "pimgraph: paused at locked"
        env.pop("PIMGRAPH_TEST_PAUSE_AT")
        env["PIMGRAPH_SUBMIT_LOCK_TIMEOUT"] = "1"
        waiting = subprocess.run(
            _pimgraph("submit", "add", str(first)), env=env, capture_output=True, text=True
        )
        assert waiting.returncode == 2, waiting.stderr
        assert "another 'pimgraph submit add' is writing to" in waiting.stderr
        assert "Traceback" not in waiting.stderr and not _accepted(folder)
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_a_killed_submit_add_leaves_nothing_for_long(tmp_path: Path) -> None:
    first, _second = _conflicting_pair(tmp_path / "in")
    folder = tmp_path / "accepted"
    env = {
        **os.environ,
        "PIMGRAPH_SUBMISSIONS_DIR": str(folder),
        "PIMGRAPH_TEST_PAUSE_AT": "write",
        "PIMGRAPH_TEST_PAUSE_SECONDS": "120",
    }
    killed = subprocess.Popen(
        _pimgraph("submit", "add", str(first)), env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        assert killed.stderr.readline().strip() == "pimgraph: paused at write"
        killed.send_signal(signal.SIGKILL)
    finally:
        killed.kill()
        killed.wait(timeout=30)
    leftovers = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert leftovers and not _accepted(folder)
    env.pop("PIMGRAPH_TEST_PAUSE_AT")
    again = subprocess.run(
        _pimgraph("submit", "add", str(first)), env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert len(_accepted(folder)) == 1
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_without_an_atomic_swap_the_two_renames_still_leave_one_site(
    tmp_path: Path, monkeypatch
) -> None:
    from pimgraph.publish import publish_site, swap

    monkeypatch.setattr(swap, "_exchange", lambda first, second: False)
    out = tmp_path / "site"
    _old_site(out)
    _fake_build(monkeypatch)
    publish_site(out, engine=object())
    assert (out / "index.html").read_text() == "rebuilt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
