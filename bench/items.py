"""What the benchmark measures at one size, item by item, each beside its raw floor.

Item names are stable (they key the report and --only/--skip): 'startup: pimgraph --help',
'startup: pimgraph queries', 'load (cold|warm)', 'query ID (cold|warm)',
'explore similar (cold|warm)', 'submit check (cold|warm)', 'validate', 'publish'.
"""

from __future__ import annotations

import os
import re
import shutil
import sys

import generate
from checks import (
    count_check,
    count_turtle,
    findings_check,
    pyshacl_check,
    rows_check,
    submission_check,
)
from measure import Measurement
from suite import LOAD_QUERY, Bench, Size, rel, short


class Items:
    def __init__(self, bench: Bench, size: Size):
        self.bench, self.size = bench, size
        self.args = bench.args
        self.items: list[dict] = []
        self.data_args = [a for f in size.files for a in ("--data", str(f))]
        shown = " ".join(f"--data {rel(f)}" for f in size.files[:1])
        if len(size.files) > 1:
            shown += f" ... ({len(size.files)} parts)"
        self.data_shown = shown
        self.all_files = bench.graph_files() + [str(f) for f in size.files]
        self.load_cache = None  # the cache the cold load left: the whole graph, for warm runs

    def run(self) -> list[dict]:
        if self.size.name == "bundled":
            self.startup()
        self.load()
        for query in self.bench.catalogue:
            self.query(query)
        self.explore_similar()
        self.submit_check()
        self.validate()
        self.publish()
        return self.items

    # -- bookkeeping ----------------------------------------------------------------------------
    def add(self, name: str, measurement: Measurement, raw: Measurement | None = None, **extra):
        entry = {"item": name, **measurement.as_dict(), **extra}
        if raw is not None:
            entry["raw"] = raw.as_dict()
            if measurement.median and raw.median:
                entry["ratio"] = round(measurement.median / raw.median, 2)
        self.items.append(entry)
        _progress(self.size.name, entry)

    def wanted(self, *names: str) -> bool:
        def one(name: str) -> bool:
            if self.args.only and not any(re.search(p, name) for p in self.args.only):
                return False
            return not any(re.search(p, name) for p in self.args.skip)

        return any(one(name) for name in names)

    def skipped(self, name: str, why: str, raw: Measurement | None = None) -> None:
        if self.wanted(name):
            self.add(name, Measurement(command="", status="skipped", note=why), raw)

    def shown(self, *words: str) -> str:
        return re.sub(" +", " ", " ".join(words)).strip()

    # -- the items ------------------------------------------------------------------------------
    def startup(self) -> None:
        floor, _ = self.bench.measure([sys.executable, "-c", "pass"], shown="python -c pass")
        for args in (["--help"], ["queries"]):
            name = f"startup: pimgraph {' '.join(args)}"
            if self.wanted(name):
                m, _ = self.bench.measure(
                    [*self.bench.pimgraph, *args], shown=f"pimgraph {args[0]}"
                )
                self.add(name, m, floor)

    def load(self) -> None:
        """An ad hoc COUNT query: what is measured is start-up, parsing, inference, cache."""
        if not self.wanted("load (cold)", "load (warm)"):
            return
        raw = self.bench.raw_query(LOAD_QUERY.read_text(encoding="utf-8"), self.all_files, "load")
        command = [
            *self.bench.pimgraph,
            "query",
            "--file",
            str(LOAD_QUERY),
            *self.data_args,
            "--format",
            "json",
        ]
        shown = self.shown("pimgraph query --file bench/load.rq", self.data_shown, "--format json")
        cold, cache = self.bench.measure(command, shown=shown, cache="fresh", check=count_check)
        self.add("load (cold)", cold, raw)
        if cold.status != "ok":
            return
        self.load_cache = cache
        self.size.info["triples_with_inference"] = (cold.check or {}).get("count")
        warm, _ = self.bench.measure(command, shown=shown, cache=cache)
        self.add("load (warm)", warm, raw)

    def query(self, query: dict) -> None:
        bench, qid = self.bench, query["id"]
        base = f"query {qid}"
        names = (f"{base} (cold)", f"{base} (warm)")
        if not self.wanted(*names):
            return
        if base in bench.timed_out and _magnitude(self.size.name) >= _magnitude(
            bench.timed_out[base]
        ):
            for name in names:
                self.skipped(
                    name,
                    f"not run: its raw floor timed out at size "
                    f"{bench.timed_out[base]} (> {bench.query_policy.timeout:.0f} s)",
                )
            return
        try:
            params, text = bench.bind(query, self.size)
        except LookupError as error:
            for name in names:
                self.skipped(name, str(error))
            return
        policy = bench.query_policy
        raw = bench.raw_query(text, self.all_files, qid, policy)
        if raw.status == "timeout":
            bench.timed_out[base] = self.size.name
            for name in names:
                self.skipped(
                    name, f"not run: the raw floor alone took over {policy.timeout:.0f} s", raw
                )
            return
        param_args = [a for n, v in params.items() for a in ("--param", f"{n}={v}")]
        command = [*bench.pimgraph, "query", qid, *self.data_args, "--format", "json", *param_args]
        shown = self.shown(
            "pimgraph query",
            qid,
            self.data_shown,
            "--format json",
            *(f"--param {n}={short(v)}" for n, v in params.items()),
        )
        cold_wanted = self.args.cold_queries == "all" or qid in self.args.cold_queries.split(",")
        if cold_wanted or self.load_cache is None:
            cold, cache = bench.measure(
                command, shown=shown, cache="fresh", check=rows_check, policy=policy
            )
        else:
            cold = Measurement(
                command=shown,
                status="skipped",
                note="cold runs not requested at this size (--cold-queries): "
                "cold ≈ load (cold) + the query",
            )
            cache = self.load_cache  # the cache is the whole graph, whatever the query
        self.add(names[0], cold, raw)
        warm, _ = bench.measure(command, shown=shown, cache=cache, check=rows_check, policy=policy)
        self.add(names[1], warm, raw)

    def explore_similar(self) -> None:
        if not self.wanted("explore similar (cold)", "explore similar (warm)"):
            return
        city = self.size.examples["city"]
        command = [
            *self.bench.pimgraph,
            "explore",
            "similar",
            city,
            *self.data_args,
            "--format",
            "json",
        ]
        shown = self.shown(
            "pimgraph explore similar", short(city), self.data_shown, "--format json"
        )
        cold, cache = self.bench.measure(command, shown=shown, cache="fresh")
        self.add("explore similar (cold)", cold)
        if cold.status == "ok":
            warm, _ = self.bench.measure(command, shown=shown, cache=cache)
            self.add("explore similar (warm)", warm)

    def submit_check(self) -> None:
        """`submit check` has no --data: the synthetic graph comes in as PIMGRAPH_EXTRA_DATA."""
        if not self.wanted("submit check (cold)", "submit check (warm)"):
            return
        files = self.size.files
        extra = {"PIMGRAPH_EXTRA_DATA": os.pathsep.join(str(f) for f in files)} if files else {}
        command = [*self.bench.pimgraph, "submit", "check", str(self.size.submission)]
        shown = self.shown(
            f"PIMGRAPH_EXTRA_DATA={rel(files[0])}" if files else "",
            "pimgraph submit check",
            self.size.submission.name,
        )
        cold, cache = self.bench.measure(
            command, shown=shown, cache="fresh", extra_env=extra, check=submission_check
        )
        self.add("submit check (cold)", cold, submission_triples=count_turtle(self.size.submission))
        if cold.status == "ok":
            warm, _ = self.bench.measure(command, shown=shown, cache=cache, extra_env=extra)
            self.add("submit check (warm)", warm)

    def validate(self) -> None:
        if not self.wanted("validate"):
            return
        files = self.size.files
        expected = self.size.expected["errors"] if self.size.expected else []
        command = [*self.bench.pimgraph, "validate", *(str(f) for f in files), "--format", "json"]
        shown = self.shown("pimgraph validate", *(rel(f) for f in files[:1]), "--format json")
        ours, _ = self.bench.measure(
            command, shown=shown, ok_codes=(0, 1), check=lambda out: findings_check(out, expected)
        )
        raw_shown = self.shown(
            "pyshacl -s shapes/pim-shapes.ttl -e ontology/pim.ttl -i none -a -w",
            "data/*.ttl",
            *(rel(f) for f in files[:1]),
        )
        if self.args.skip_pyshacl_over and self.size.info.get("synthetic_triples", 0) > (
            self.args.skip_pyshacl_over
        ):
            raw = Measurement(
                command=raw_shown,
                status="skipped",
                note=f"not run above {self.args.skip_pyshacl_over:,} synthetic "
                "triples (--skip-pyshacl-over)",
            )
        else:
            raw, _ = self.bench.measure(
                self.bench.pyshacl_command(files),
                shown=raw_shown,
                ok_codes=(0, 1),
                check=pyshacl_check,
            )
        self.add("validate", ours, raw)

    def publish(self) -> None:
        if not self.wanted("publish"):
            return
        site = self.bench.tmp / "site"
        command = [*self.bench.pimgraph, "publish", "--out", str(site), *self.data_args]
        m, _ = self.bench.measure(
            command,
            shown=self.shown("pimgraph publish --out TMP", self.data_shown),
            cache="fresh",
            prepare=lambda: shutil.rmtree(site, True),
        )
        shutil.rmtree(site, ignore_errors=True)
        self.add("publish", m)


def _magnitude(size: str) -> int:
    return 0 if size == "bundled" else generate.parse_size(size)


def _progress(size: str, entry: dict) -> None:
    median = entry.get("median_s")
    text = f"{median:.3f} s" if median is not None else entry["status"]
    raw = entry.get("raw", {}).get("median_s")
    ratio = f"  raw {raw:.3f} s  x{entry['ratio']}" if raw and entry.get("ratio") else ""
    print(
        f"[{size}] {entry['item']:<40} {text:>10}  {entry.get('peak_mb') or 0:7.0f} MB"
        f"{ratio}  {entry.get('note', '')}",
        file=sys.stderr,
        flush=True,
    )
