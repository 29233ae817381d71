"""Render benchmark results (bench/results/*.json) as docs/performance.md.

Everything is generated except the hand-written analysis between ``<!-- analysis -->`` and
``<!-- /analysis -->``, which is kept from the existing file.
"""

from __future__ import annotations

import re
from pathlib import Path

ANALYSIS = re.compile(r"<!-- analysis -->\n(.*?)<!-- /analysis -->", re.DOTALL)
PLACEHOLDER = "_(No analysis written yet: add it here; regenerating keeps it.)_\n"

# The targets of the performance issue: (id, what, target text, limit, unit)
WARM_QUERY_S, HELP_S, COLD_QUERY_S = 0.3, 0.15, 1.5
LOAD_1M_S, LOAD_1M_MB, QUERY_RATIO, SUBMIT_1M_S = 5.0, 1536.0, 2.0, 5.0


def _fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:.3f} s" if value < 10 else f"{value:,.1f} s"


def timeout_of(item: dict) -> float | None:
    """The per-run limit of a timed-out item (from its note: 'killed after N s')."""
    match = re.search(r"killed after (\d+(?:\.\d+)?) s", item.get("note", ""))
    return float(match.group(1)) if item.get("status") == "timeout" and match else None


def ratio_of(item: dict) -> tuple[float | None, bool]:
    """(ratio to the raw floor, is a lower bound): a run killed at T s whose raw floor took R s
    is at least T/R times the floor."""
    if item.get("ratio") is not None:
        return item["ratio"], False
    limit, raw = timeout_of(item), item.get("raw", {}).get("median_s")
    if limit and raw:
        return round(limit / raw, 2), True
    return None, False


def _rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


def _by(items: list[dict]) -> dict[str, dict]:
    return {item["item"]: item for item in items}


def _verdict(measured: float | None, limit: float) -> tuple[str, str]:
    """('met' | 'not met' | 'not measured', 'by how much')."""
    if measured is None:
        return "not measured", ""
    if measured <= limit:
        return "**met**", f"{(1 - measured / limit) * 100:.0f}% under"
    if measured < 2 * limit:
        return "**not met**", f"{(measured / limit - 1) * 100:.0f}% over"
    return "**not met**", f"{measured / limit:.1f}× the limit"


def _status(item: dict | None) -> str:
    if item is None:
        return "not run"
    if item["status"] == "ok":
        return ""
    return f"{item['status']}: {item.get('note', '')}".strip(": ")


def targets(results: dict) -> list[list[str]]:
    sizes = results.get("sizes", {})
    rows: list[list[str]] = []
    bundled = _by(sizes.get("bundled", {}).get("items", []))
    million = _by(sizes.get("1m", {}).get("items", []))

    def query_items(items: dict[str, dict], variant: str) -> list[dict]:
        return [
            i
            for name, i in items.items()
            if name.startswith("query ") and name.endswith(f"({variant})")
        ]

    def worst(found: list[dict], key) -> tuple[float | None, str, int, int]:
        values = [(key(i), i["item"]) for i in found if key(i) is not None]
        if not values:
            return None, "", 0, len(found)
        value, name = max(values)
        return value, name.removeprefix("query ").rsplit(" (", 1)[0], len(values), len(found)

    # 1. bundled, warm
    value, name, measured, total = worst(query_items(bundled, "warm"), lambda i: i.get("median_s"))
    within = sum(
        1 for i in query_items(bundled, "warm") if (i.get("median_s") or 1e9) <= WARM_QUERY_S
    )
    verdict, by = _verdict(value, WARM_QUERY_S)
    rows.append(
        [
            "Bundled graph, warm cache: `pimgraph query <id>` (whole process, slowest query)",
            f"≤ {WARM_QUERY_S} s",
            f"{_fmt(value)} ({name}); {within} of {total} within",
            verdict,
            by,
        ]
    )
    # 2. --help
    help_item = bundled.get("startup: pimgraph --help")
    value = help_item.get("median_s") if help_item else None
    verdict, by = _verdict(value, HELP_S)
    rows.append(["`pimgraph --help`", f"≤ {HELP_S} s", _fmt(value), verdict, by])
    # 3. bundled, cold
    value, name, measured, total = worst(query_items(bundled, "cold"), lambda i: i.get("median_s"))
    within = sum(
        1 for i in query_items(bundled, "cold") if (i.get("median_s") or 1e9) <= COLD_QUERY_S
    )
    verdict, by = _verdict(value, COLD_QUERY_S)
    rows.append(
        [
            "Bundled graph, cold: `pimgraph query <id>` incl. inference (slowest query)",
            f"≤ {COLD_QUERY_S} s",
            f"{_fmt(value)} ({name}); {within} of {total} within",
            verdict,
            by,
        ]
    )
    # 4. validate vs pyshacl
    validate = bundled.get("validate")
    ours = validate.get("median_s") if validate else None
    theirs = validate.get("raw", {}).get("median_s") if validate else None
    if ours is not None and theirs is not None:
        verdict, by = _verdict(ours, theirs)
        measured_text = f"{_fmt(ours)} vs pyshacl {_fmt(theirs)}"
    else:
        verdict, by, measured_text = "not measured", "", "—"
    rows.append(
        [
            "Bundled graph: `pimgraph validate` no slower than the `pyshacl` command line",
            "≤ pyshacl",
            measured_text,
            verdict,
            by,
        ]
    )
    # 5-6. 1M load
    load = million.get("load (cold)")
    value = load.get("median_s") if load and load["status"] == "ok" else None
    verdict, by = _verdict(value, LOAD_1M_S)
    note = "" if value is not None else _status(load)
    rows.append(
        [
            "10⁶ triples: load (cold: parse + inference + cache write)",
            f"≤ {LOAD_1M_S:.0f} s",
            _fmt(value) + (f" {note}" if note else ""),
            verdict,
            by,
        ]
    )
    peak = load.get("peak_mb") if load else None
    verdict, by = _verdict(peak if load and load["status"] == "ok" else None, LOAD_1M_MB)
    rows.append(["10⁶ triples: load (cold) peak memory", "≤ 1.5 GB", _fmt(peak, "MB"), verdict, by])
    # 7. 1M queries vs raw
    for variant in ("warm", "cold"):
        found = query_items(million, variant)
        value, name, measured, total = worst(found, lambda i: ratio_of(i)[0])
        within = sum(1 for i in found if i.get("ratio") is not None and i["ratio"] <= QUERY_RATIO)
        bounds = [i for i in found if ratio_of(i)[1]]
        if value is not None and any(ratio_of(i) == (value, True) for i in bounds):
            name = f"> {value:.2f}×: {name} timed out"
        not_run = total - measured
        verdict, by = _verdict(value, QUERY_RATIO)
        if not_run and verdict == "**met**":
            verdict = "met where measured"
        text = (
            (
                f"worst {_fmt(value, 'x')} ({name}); {within} of {measured} measured within"
                + (f"; {not_run} not measured" if not_run else "")
            )
            if total
            else "—"
        )
        rows.append(
            [
                f"10⁶ triples: each stored query ({variant}) vs raw pyoxigraph (load + query)",
                f"≤ {QUERY_RATIO:.0f}× raw",
                text,
                verdict,
                by,
            ]
        )
    # 8. submit check
    for variant in ("warm", "cold"):
        item = million.get(f"submit check ({variant})")
        value = item.get("median_s") if item and item["status"] == "ok" else None
        verdict, by = _verdict(value, SUBMIT_1M_S)
        rows.append(
            [
                f"10⁶ triples: `submit check` of a 1,000-triple MID submission ({variant} cache)",
                f"≤ {SUBMIT_1M_S:.0f} s",
                _fmt(value) + (f" {_status(item)}" if value is None else ""),
                verdict,
                by,
            ]
        )
    return rows


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        lines.append(
            "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in row) + " |"
        )
    return "\n".join(lines) + "\n"


def size_section(name: str, size: dict) -> str:
    triples = size.get("triples_with_inference")
    synthetic = size.get("synthetic_triples", 0)
    head = f"### {name}\n\n"
    facts = []
    if synthetic:
        counts = size.get("counts", {})
        facts.append(
            f"bundled graph + {synthetic:,} synthetic triples (`{size.get('synthetic_file')}`, "
            f"{size.get('synthetic_bytes', 0) / 1e6:.0f} MB; {counts.get('cities', 0):,} cities, "
            f"{counts.get('networks', 0)} networks, {counts.get('mids', 0):,} MIDs, "
            f"{counts.get('actions', 0):,} actions, {counts.get('recommendations', 0):,} "
            f"recommendations, {counts.get('problems', 0):,} problems, "
            f"{size.get('planted_errors', 0)} planted errors)"
        )
    else:
        facts.append("the bundled graph alone (ontology + data/*.ttl)")
    if triples:
        facts.append(f"{triples:,} triples after inference")
    if size.get("split"):
        facts.append(f"given to pimgraph as {size['split']}")
    facts.append(f"measured {size.get('measured', '?')} in {size.get('minutes', '?')} min")
    for rerun in size.get("reruns", []):
        facts.append(f"re-measured {rerun['measured']}: {', '.join(rerun['items'])}")
    head += "; ".join(facts) + ".\n\n"
    rows = []
    for item in size.get("items", []):
        raw = item.get("raw", {})
        peak = item.get("peak_mb")
        notes = [item.get("note", "")] if item.get("note") else []
        check = item.get("check") or {}
        if "exact" in check and not check["expected"]:
            notes.append("conforms" if check["exact"] else f"unexpected findings: {check}")
        elif "exact" in check:
            notes.append(
                f"finds exactly the {check['expected']} planted errors"
                if check["exact"]
                else f"findings differ from the planted errors: {check}"
            )
        if raw.get("check", {}).get("results") is not None and item["item"] == "validate":
            notes.append(f"pyshacl reports {raw['check']['results']} results")
        rows_ours, rows_raw = check.get("rows"), raw.get("check", {}).get("rows")
        if rows_ours is not None and rows_raw is not None:
            notes.append(
                _rows(rows_ours) + ("" if rows_ours == rows_raw else f" (raw: {_rows(rows_raw)})")
            )
        elif rows_raw is not None and item["status"] in ("timeout", "error"):
            notes.append(f"raw floor: {_rows(rows_raw)}")
        elif "count" in check:
            notes.append(f"{check['count']:,} triples loaded")
        if raw.get("status") not in (None, "ok"):
            notes.append(f"raw floor: {raw['status']} ({raw.get('note', '')})")
        median = item.get("median_s")
        ratio, bound = ratio_of(item)
        raw_cell = "—"
        if raw.get("median_s") is not None:
            raw_cell = _fmt(raw["median_s"]) + (
                f" ({_fmt(raw['peak_mb'], 'MB')})" if raw.get("peak_mb") else ""
            )
        rows.append(
            [
                item["item"],
                _fmt(median) if median is not None else item["status"],
                str(item.get("repeats", 0)) if item["status"] != "skipped" else "0",
                _fmt(peak, "MB") if peak else "—",
                raw_cell,
                (("> " if bound else "") + _fmt(ratio, "x")) if ratio else "—",
                "; ".join(n for n in notes if n),
            ]
        )
    return head + _table(
        ["item", "median", "runs", "peak RSS", "raw floor (peak RSS)", "ratio", "notes"], rows
    )


def commands_section(results: dict) -> str:
    seen: dict[str, tuple[str, str]] = {}
    for size in results.get("sizes", {}).values():
        for item in size.get("items", []):
            name = re.sub(r"^query \S+", "query ID", item["item"])
            if item.get("command") and name not in seen:
                raw = item.get("raw", {}).get("command", "")
                seen[name] = (item["command"], raw)
    rows = [
        [name, f"`{command}`", f"`{raw}`" if raw else "—"] for name, (command, raw) in seen.items()
    ]
    return _table(["item", "command (one example)", "raw floor"], rows)


def machine_section(results: dict) -> str:
    machine = results.get("machine", {})
    packages = ", ".join(f"{k} {v}" for k, v in machine.get("packages", {}).items() if v)
    lines = [
        f"- CPU: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores; "
        f"RAM {machine.get('ram_gb', '?')} GB",
        f"- Python {machine.get('python', '?')} on {machine.get('platform', '?')}; peak RSS from "
        f"{machine.get('peak_rss_from', '?')}",
        f"- packages: {packages}",
        f"- pimgraph checkout: commit {machine.get('git_commit', '?')} with "
        f"{machine.get('git_uncommitted_files', '?')} uncommitted files (other work in progress)",
        f"- load average when the last invocation started: "
        f"{machine.get('load_avg_at_start', '?')} (each item records the 1-minute load average "
        "when it started: `load_avg_1min` in the JSON)",
    ]
    for invocation in results.get("invocations", []):
        lines.append(
            f"- run: `{' '.join(invocation.get('argv', []))}` "
            f"({invocation.get('started', '?')} → {invocation.get('finished', '?')}; "
            f"sizes {', '.join(invocation.get('sizes', []))})"
        )
    return "\n".join(lines) + "\n"


def render(results: dict, results_path: str, analysis: str) -> str:
    parts = [
        "# Performance\n\n",
        "<!-- Generated by bench/run.py from " + results_path + "; edit only the analysis section "
        "(between the analysis markers), the rest is rewritten on every run. -->\n\n",
        "How fast pimgraph is on the bundled graph and on synthetic graphs of 10⁴ to 10⁶ triples, "
        "next to the raw floor for the same work (pyoxigraph alone for loading and queries, the "
        "`pyshacl` command line for validation). Rerun with "
        "`python bench/run.py --sizes bundled,10k,100k` (see bench/README.md).\n\n",
        "Times are whole-process wall-clock medians (a fresh process per run, as a user runs it); "
        "peak RSS is the process's maximum resident memory. *Cold* runs start with an empty "
        "cache folder (`PIMGRAPH_CACHE_DIR`); *warm* runs reuse the cache the cold runs left. "
        "*Ratio* = pimgraph median / raw floor median.\n\n",
        "## Targets\n\n",
        _table(["target", "limit", "measured", "verdict", "by how much"], targets(results)),
        "\n## Analysis\n\n<!-- analysis -->\n",
        analysis,
        "<!-- /analysis -->\n\n",
        "## Results by size\n\n",
    ]
    for name, size in results.get("sizes", {}).items():
        parts += [size_section(name, size), "\n"]
    parts += [
        "## What each item runs\n\n",
        commands_section(results),
        "\nSynthetic sizes add `--data bench/data/synthetic-<size>.nt` (or its parts) to the "
        "pimgraph commands and the same file to the raw floors; `submit check` gets it "
        "through `PIMGRAPH_EXTRA_DATA`, as it has no `--data` option.\n\n",
        "## Machine\n\n",
        machine_section(results),
    ]
    return "".join(parts)


def write(results: dict, path: Path, results_path: str) -> None:
    analysis = PLACEHOLDER
    if path.exists():
        found = ANALYSIS.search(path.read_text(encoding="utf-8"))
        if found:
            analysis = found.group(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(results, results_path, analysis), encoding="utf-8")
