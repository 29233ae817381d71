"""Benchmark pimgraph on the bundled graph and on synthetic extensions of it.

    python bench/run.py --sizes bundled,10k,100k --repeat 5 \\
        --out bench/results/2026-11-26.json --markdown docs/performance.md

For each size it measures whole-process wall time (median of --repeat runs; fewer runs for slow
items, recorded) and peak RSS of the pimgraph commands people run, next to the raw floor for
the same work:

=========================== ==================================================================
item                        raw floor
=========================== ==================================================================
startup (bundled only)      ``python -c pass``: the interpreter alone
load (cold, warm)           pyoxigraph ``Store.bulk_load`` of the same files + the same query
query ID (cold, warm)       pyoxigraph: bulk_load + the same SPARQL text and VALUES block
explore similar, submit
check, publish              none (no equivalent); measured cold and warm where a cache applies
validate                    the ``pyshacl`` command line on the same shapes, ontology and files
=========================== ==================================================================

'cold' runs get a fresh ``PIMGRAPH_CACHE_DIR``; 'warm' runs reuse the cache the cold runs
left. Synthetic data comes from bench/generate.py (made on demand in bench/data/, which git
ignores). Results are merged by size into --out (JSON) and rendered to --markdown, keeping the
hand-written analysis between the ``<!-- analysis -->`` markers.

The modules beside this one: generate.py (synthetic data), suite.py (environment, one measured
command, sizes, raw floors), items.py (what is measured), measure.py (time and memory of one
process), checks.py (looking at outputs), raw_floor.py, report.py (docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(BENCH) not in sys.path:  # bench/ is a folder of scripts, not a package
    sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import report  # noqa: E402
from items import Items  # noqa: E402
from measure import RSS_SOURCE  # noqa: E402
from suite import Bench, read_json, rel  # noqa: E402


def machine() -> dict:
    import platform
    from importlib import metadata

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for package in ("pimgraph", "rdflib", "pyshacl", "pyoxigraph", "owlrl", "click"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "git_commit": commit,
        "git_uncommitted_files": len(dirty.splitlines()) if dirty else 0,
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "peak_rss_from": RSS_SOURCE,
    }


def merge_results(path: Path, new: dict, partial: bool = False) -> dict:
    """The results in ``path`` with ``new`` merged in: a size measured again replaces the old
    one, unless ``partial`` (--only/--skip/--queries were given): then only its items do."""
    old = read_json(path) or {}
    merged = {"schema": 1, **{k: v for k, v in old.items() if k != "sizes"}}
    sizes = dict(old.get("sizes", {}))
    for name, size in new["sizes"].items():
        if partial and name in sizes:
            kept = sizes[name]
            fresh = {item["item"]: item for item in size["items"]}
            items = [fresh.pop(item["item"], item) for item in kept["items"]]
            kept["items"] = items + list(fresh.values())
            kept.setdefault("reruns", []).append(
                {"measured": size["measured"], "items": [i["item"] for i in size["items"]]}
            )
        else:
            sizes[name] = size
    merged["machine"] = new["machine"]
    started = new["invocation"]["started"]
    merged["invocations"] = [
        i for i in merged.get("invocations", []) if i.get("started") != started
    ]
    merged["invocations"].append(new["invocation"])
    order = ["bundled"] + sorted((s for s in sizes if s != "bundled"), key=generate.parse_size)
    merged["sizes"] = {s: sizes[s] for s in order}
    return merged


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add(
        "--sizes",
        default="bundled,10k,100k",
        help="comma-separated: bundled, 10k, 100k, 300k, 1M (default bundled,10k,100k)",
    )
    add("--repeat", type=int, default=5, help="runs per item, the median is kept (default 5)")
    add(
        "--slow-repeat",
        type=int,
        default=3,
        help="runs of an item whose first run took over --slow-after seconds (default 3)",
    )
    add("--slow-after", type=float, default=20.0, help="default 20 s")
    add(
        "--single-after",
        type=float,
        default=120.0,
        help="an item whose first run took longer runs once (default 120 s)",
    )
    add("--timeout", type=float, default=900.0, help="per run, in seconds (default 900)")
    add(
        "--query-timeout",
        type=float,
        default=120.0,
        help="per run of a stored query or its raw floor (default 120 s); a query whose raw "
        "floor times out is not run at that size or bigger ones",
    )
    add(
        "--cold-queries",
        default="all",
        help="'all' (default), 'none' or the ids of the stored queries to measure cold; the "
        "others are measured warm only (cold ≈ load (cold) + the query)",
    )
    add(
        "--queries",
        type=lambda s: [q for q in s.split(",") if q],
        help="only these stored queries (comma-separated ids)",
    )
    add(
        "--skip",
        action="append",
        default=[],
        metavar="REGEX",
        help="skip the items whose name matches (repeatable), e.g. --skip publish",
    )
    add(
        "--only",
        action="append",
        default=[],
        metavar="REGEX",
        help="run only the items whose name matches (repeatable)",
    )
    add(
        "--skip-pyshacl-over",
        type=generate.parse_size,
        metavar="SIZE",
        help="do not run the pyshacl floor above this many synthetic triples (e.g. 300k)",
    )
    add("--seed", type=int, default=42, help="seed of the synthetic data (default 42)")
    add("--data-dir", type=Path, default=BENCH / "data")
    add(
        "--out",
        type=Path,
        default=BENCH / "results" / f"{dt.date.today().isoformat()}.json",
        help="the results JSON; sizes already in it are kept unless measured again",
    )
    add("--markdown", type=Path, help="write the report here (e.g. docs/performance.md)")
    add("--report-only", action="store_true", help="measure nothing: render --out to --markdown")
    add(
        "--no-warm-up",
        action="store_true",
        help="skip the unmeasured first run of each command (quick checks of the benchmark)",
    )
    args = parser.parse_args(argv)
    if args.report_only and not args.markdown:
        parser.error("--report-only needs --markdown")
    return args


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report_only:
        report.write(read_json(args.out) or {}, args.markdown, rel(args.out))
        return 0
    args.data_dir.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    machine_info = machine()
    invocation = {
        "argv": ["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)],
        "started": now(),
        "sizes": [],
    }
    try:
        if not args.no_warm_up:
            print("warming up (byte code, caches) ...", file=sys.stderr)
            bench.warm_up()
        for name in (s.strip() for s in args.sizes.split(",") if s.strip()):
            if name != "bundled":
                name = generate.size_label(generate.parse_size(name))
            size = bench.prepare_size(name)
            started = dt.datetime.now(dt.UTC)
            items = Items(bench, size).run()
            bench.drop_caches()
            minutes = (dt.datetime.now(dt.UTC) - started).total_seconds() / 60
            measured = {
                "size": size.name,
                **size.info,
                "measured": started.isoformat(timespec="seconds"),
                "minutes": round(minutes, 1),
                "items": items,
            }
            # Written after every size, so an interrupted run keeps what it measured.
            invocation["sizes"].append(size.name)
            invocation["finished"] = now()
            merged = merge_results(
                args.out,
                {"machine": machine_info, "invocation": invocation, "sizes": {size.name: measured}},
                partial=bool(args.only or args.skip or args.queries),
            )
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(
                json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            if args.markdown:
                report.write(merged, args.markdown, rel(args.out))
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
