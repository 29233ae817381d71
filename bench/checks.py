"""Looks at what a measured command wrote (first run only), and other small helpers of the
benchmark: does validation find exactly the planted errors, how many rows did a query return,
and splitting a synthetic file pimgraph would refuse as too large."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

MAX_PARSED_OUTPUT = 64 * 1024 * 1024  # outputs bigger than this are not parsed for row counts


def _local(name: str | None) -> str:
    return re.split(r"[#/:]", name or "")[-1]


def findings_check(stdout: Path, expected: list[dict]) -> dict:
    """Does ``pimgraph validate --format json`` find exactly the planted errors (and nothing
    in the bundled data)? Compared by focus IRI, path and constraint component."""
    report = json.loads(stdout.read_text(encoding="utf-8"))
    found = {(f["focus"], _local(f["path"]), _local(f["constraint"])) for f in report["findings"]}
    wanted = {(e["focus"], _local(e["path"]), _local(e["component"])) for e in expected}
    missing, unexpected = sorted(wanted - found), sorted(found - wanted)
    return {
        "expected": len(wanted),
        "found": len(found),
        "exact": not missing and not unexpected,
        "missing": [list(m) for m in missing[:5]],
        "unexpected": [list(u) for u in unexpected[:5]],
        "triples": report.get("triples"),
    }


def pyshacl_check(stdout: Path) -> dict:
    text = stdout.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"Results \((\d+)\)", text)
    return {"results": int(match.group(1)) if match else 0, "conforms": "Conforms: True" in text}


def rows_check(stdout: Path) -> dict:
    """Rows of a SPARQL JSON result (pimgraph's or the raw floor's), to compare the two."""
    size = stdout.stat().st_size
    if size > MAX_PARSED_OUTPUT:
        return {"bytes": size}
    text = stdout.read_text(encoding="utf-8")
    data = json.loads(text) if text.strip() else {}
    if "boolean" in data:
        return {"boolean": data["boolean"], "bytes": size}
    return {"rows": len(data.get("results", {}).get("bindings", [])), "bytes": size}


def count_check(stdout: Path) -> dict:
    data = json.loads(stdout.read_text(encoding="utf-8"))
    return {"count": int(data["results"]["bindings"][0]["triples"]["value"])}


def submission_check(stdout: Path) -> dict:
    text = stdout.read_text(encoding="utf-8", errors="replace").strip()
    return {"verdict": text.splitlines()[-1][:200] if text else ""}


def count_turtle(path: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def parse_limit() -> int:
    """The largest file pimgraph reads (``pimgraph.rdf.io.DEFAULT_MAX_BYTES``)."""
    try:
        from pimgraph.rdf import io

        return int(getattr(io, "DEFAULT_MAX_BYTES", 20 * 1024 * 1024))
    except ImportError:
        return 20 * 1024 * 1024


def split_if_needed(path: Path) -> list[Path]:
    """``path``, or its parts (whole lines, each under 90% of pimgraph's size limit) in
    ``<name>.parts/``, made again only when the file or the limit changed."""
    limit = parse_limit()
    if path.stat().st_size <= limit:
        return [path]
    folder = path.with_name(path.name.removesuffix(".nt") + ".parts")
    stamp = folder / ".source"
    signature = f"{path.stat().st_size} {path.stat().st_mtime_ns} {limit}"
    if stamp.exists() and stamp.read_text() == signature:
        return sorted(folder.glob("part-*.nt"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    budget = int(limit * 0.9)
    parts: list[Path] = []
    chunk: list[bytes] = []
    written = 0
    with open(path, "rb") as source:
        for line in source:
            if written + len(line) > budget and chunk:
                parts.append(_write_part(folder, len(parts) + 1, chunk))
                chunk, written = [], 0
            chunk.append(line)
            written += len(line)
    if chunk:
        parts.append(_write_part(folder, len(parts) + 1, chunk))
    stamp.write_text(signature)
    return parts


def _write_part(folder: Path, number: int, lines: list[bytes]) -> Path:
    part = folder / f"part-{number:03d}.nt"
    part.write_bytes(b"".join(lines))
    return part
