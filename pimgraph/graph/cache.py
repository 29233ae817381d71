"""On-disk cache of the loaded, inferred graph, so parsing and inference happen once.

An entry is an N-Quads dump plus a JSON manifest. Its key is the SHA-256 of everything that
shapes the graph: the pimgraph version, the reasoning mode, the backend, and the bytes of the
ontology, every data file and every extra file. A changed input therefore misses the cache. An
entry is written to temporary files and renamed into place; on reading, the dump's SHA-256 must
match the manifest, so a corrupt or half-written entry is detected, removed and rebuilt, never
trusted.

The folder is ``$PIMGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/pimgraph``, else
``~/.cache/pimgraph``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pimgraph import __version__

DUMP_SUFFIX = ".nq"
MANIFEST_SUFFIX = ".json"
_CHUNK = 1 << 20


def cache_dir() -> Path:
    explicit = os.environ.get("PIMGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pimgraph"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def cache_key(inputs: Iterable[Path], reasoning: str, backend: str) -> str:
    """The key of the graph built from ``inputs`` (in order) with ``reasoning``."""
    digest = hashlib.sha256(f"pimgraph {__version__}\0{reasoning}\0{backend}\0".encode())
    for path in inputs:
        digest.update(f"{Path(path).name}\0{file_digest(Path(path))}\0".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    key: str
    dump: Path
    manifest: Path
    triples: int
    bytes: int
    created: float
    reasoning: str
    backend: str


def _paths(key: str, folder: Path) -> tuple[Path, Path]:
    return folder / f"{key}{DUMP_SUFFIX}", folder / f"{key}{MANIFEST_SUFFIX}"


def lookup(key: str, folder: Path | None = None) -> Path | None:
    """The dump for ``key`` if a complete, intact entry exists; a damaged one is removed."""
    folder = folder or cache_dir()
    dump, manifest = _paths(key, folder)
    if not manifest.exists() or not dump.exists():
        return None
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        intact = (
            meta.get("key") == key
            and meta.get("sha256") == file_digest(dump)
            and meta.get("version") == __version__
        )
    except (OSError, ValueError):
        intact = False
    if not intact:
        for path in (dump, manifest):
            path.unlink(missing_ok=True)
        return None
    return dump


def store(
    key: str, write_dump, triples: int, reasoning: str, backend: str, folder: Path | None = None
) -> Path:
    """Create the entry: ``write_dump(path)`` writes the N-Quads; the manifest goes in last."""
    folder = folder or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    dump, manifest = _paths(key, folder)
    temporary_dump = dump.with_name(f".{dump.name}.{os.getpid()}.tmp")
    temporary_manifest = manifest.with_name(f".{manifest.name}.{os.getpid()}.tmp")
    try:
        write_dump(temporary_dump)
        meta = {
            "key": key,
            "sha256": file_digest(temporary_dump),
            "version": __version__,
            "triples": triples,
            "reasoning": reasoning,
            "backend": backend,
            "created": time.time(),
        }
        temporary_manifest.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        os.replace(temporary_dump, dump)
        os.replace(temporary_manifest, manifest)
    finally:
        temporary_dump.unlink(missing_ok=True)
        temporary_manifest.unlink(missing_ok=True)
    return dump


def entries(folder: Path | None = None) -> list[Entry]:
    folder = folder or cache_dir()
    found = []
    for manifest in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")) if folder.is_dir() else []:
        try:
            meta = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        dump = manifest.with_suffix(DUMP_SUFFIX)
        found.append(
            Entry(
                meta.get("key", manifest.stem),
                dump,
                manifest,
                int(meta.get("triples", 0)),
                dump.stat().st_size if dump.exists() else 0,
                float(meta.get("created", 0)),
                str(meta.get("reasoning", "?")),
                str(meta.get("backend", "?")),
            )
        )
    return found


def clear(folder: Path | None = None) -> int:
    """Remove the cache folder; return how many entries it held."""
    folder = folder or cache_dir()
    count = len(entries(folder))
    if folder.exists():
        shutil.rmtree(folder)
    return count
