"""On-disk cache of the loaded, inferred graph, so parsing and inference happen once.

An entry is an N-Quads dump plus a JSON manifest. Its key is the SHA-256 of everything that
shapes the graph: the pimgraph version, the reasoning mode, the backend, and the bytes of the
ontology, every data file and every extra file. A changed input therefore misses the cache. An
entry is written to temporary files and renamed into place; on reading, the dump's SHA-256 must
match the manifest, so a corrupt or half-written entry is detected, removed and rebuilt, never
trusted. Whatever is found in the folder — a manifest that is not a JSON object, invalid JSON, a
dump that is missing or a folder — is treated as a damaged entry: removed, never a crash.

The cache is bounded: at most ``$PIMGRAPH_CACHE_MAX_ENTRIES`` entries (default 8) and
``$PIMGRAPH_CACHE_MAX_MB`` megabytes of dumps (default 2048). When a new entry would go over
either bound, the least recently used entries go first (a hit touches its manifest, so the
manifest's modification time is the entry's last use); the entry just written always stays.
Temporary files left by a killed process are removed by the next store.

The folder is ``$PIMGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/pimgraph``, else
``~/.cache/pimgraph``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pimgraph import __version__
from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.core.pause import pid_alive

DUMP_SUFFIX = ".nq"
MANIFEST_SUFFIX = ".json"
TEMPORARY_SUFFIX = ".tmp"
MAX_ENTRIES_VARIABLE = "PIMGRAPH_CACHE_MAX_ENTRIES"
MAX_MB_VARIABLE = "PIMGRAPH_CACHE_MAX_MB"
DEFAULT_MAX_ENTRIES = 8
DEFAULT_MAX_MB = 2048
# A dump without its manifest younger than this may be a store in progress (dump renamed in,
# manifest about to follow); an older one is an orphan of a killed process.
_ORPHAN_SECONDS = 600
_CHUNK = 1 << 20


def cache_dir() -> Path:
    explicit = os.environ.get("PIMGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pimgraph"


def _limit(variable: str, default: int) -> int:
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise UsageError(
            _(
                "${variable} must be a whole number of at least 1, not {value!r}",
                variable=variable,
                value=raw,
            )
        )
    return int(raw)


def max_entries() -> int:
    """How many entries the cache keeps (``$PIMGRAPH_CACHE_MAX_ENTRIES``, default 8)."""
    return _limit(MAX_ENTRIES_VARIABLE, DEFAULT_MAX_ENTRIES)


def max_bytes() -> int:
    """How many bytes of dumps the cache keeps (``$PIMGRAPH_CACHE_MAX_MB`` MB, default 2048)."""
    return _limit(MAX_MB_VARIABLE, DEFAULT_MAX_MB) * 1024 * 1024


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
    used: float = 0.0  # when it was last read or written (the manifest's modification time)


def _paths(key: str, folder: Path) -> tuple[Path, Path]:
    return folder / f"{key}{DUMP_SUFFIX}", folder / f"{key}{MANIFEST_SUFFIX}"


def _remove(path: Path) -> None:
    """Remove a file, a link or a folder standing where a cache file should be; never raise."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _read_manifest(manifest: Path) -> dict | None:
    """The manifest as a dict, or None for anything else (missing, a folder, not JSON, not an
    object, fields of the wrong type)."""
    try:
        if not manifest.is_file():
            return None
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    try:
        int(meta.get("triples", 0))
        float(meta.get("created", 0))
    except (TypeError, ValueError):
        return None
    if not all(isinstance(meta.get(k), str) for k in ("key", "sha256", "version")):
        return None
    return meta


def lookup(key: str, folder: Path | None = None) -> Path | None:
    """The dump for ``key`` if a complete, intact entry exists; a damaged one is removed.

    A hit touches the manifest: its modification time is the entry's last use (for eviction).
    """
    folder = folder or cache_dir()
    dump, manifest = _paths(key, folder)
    if not manifest.exists() and not manifest.is_symlink():
        return None  # no entry, or one being written (its dump goes in before its manifest)
    meta = _read_manifest(manifest)
    intact = False
    if meta is not None and dump.is_file() and not dump.is_symlink():
        try:
            intact = (
                meta["key"] == key
                and meta["version"] == __version__
                and meta["sha256"] == file_digest(dump)
            )
        except OSError:
            intact = False
    if not intact:
        for path in (manifest, dump):
            _remove(path)
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves its entries
        os.utime(manifest)
    return dump


def store(
    key: str, write_dump, triples: int, reasoning: str, backend: str, folder: Path | None = None
) -> Path:
    """Create the entry: ``write_dump(path)`` writes the N-Quads; the manifest goes in last.

    Then the least recently used entries beyond the bounds are evicted (never this one).
    """
    folder = folder or cache_dir()
    limit_entries, limit_bytes = max_entries(), max_bytes()  # a bad setting stops before writing
    if folder.exists() and not folder.is_dir():
        _remove(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(folder)
    dump, manifest = _paths(key, folder)
    temporary_dump = dump.with_name(f".{dump.name}.{os.getpid()}{TEMPORARY_SUFFIX}")
    temporary_manifest = manifest.with_name(f".{manifest.name}.{os.getpid()}{TEMPORARY_SUFFIX}")
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
        for path in (dump, manifest):
            if path.is_dir() and not path.is_symlink():
                _remove(path)  # os.replace cannot put a file over a folder
        os.replace(temporary_dump, dump)
        os.replace(temporary_manifest, manifest)
    finally:
        temporary_dump.unlink(missing_ok=True)
        temporary_manifest.unlink(missing_ok=True)
    evict(folder, keep=key, limit_entries=limit_entries, limit_bytes=limit_bytes)
    return dump


def _remove_stale_temporaries(folder: Path) -> None:
    """Remove ``.KEY.nq.PID.tmp`` / ``.KEY.json.PID.tmp`` files whose process is gone."""
    for path in folder.glob(f".*{TEMPORARY_SUFFIX}"):
        pid = path.name[: -len(TEMPORARY_SUFFIX)].rpartition(".")[2]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            _remove(path)


def entries(folder: Path | None = None) -> list[Entry]:
    """The complete entries, least recently used first; a damaged one found here is removed."""
    folder = folder or cache_dir()
    if not folder.is_dir():
        return []
    found = []
    for manifest in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")):
        if manifest.name.startswith("."):
            continue
        dump = manifest.with_suffix(DUMP_SUFFIX)
        meta = _read_manifest(manifest)
        if meta is None or not dump.is_file() or dump.is_symlink():
            for path in (manifest, dump):
                _remove(path)
            continue
        try:
            size, used = dump.stat().st_size, manifest.stat().st_mtime
        except OSError:
            continue  # removed meanwhile by another process
        found.append(
            Entry(
                meta["key"],
                dump,
                manifest,
                int(meta.get("triples", 0)),
                size,
                float(meta.get("created", 0)),
                str(meta.get("reasoning", "?")),
                str(meta.get("backend", "?")),
                used,
            )
        )
    found.sort(key=lambda entry: (entry.used, entry.key))
    return found


def evict(
    folder: Path | None = None,
    keep: str | None = None,
    limit_entries: int | None = None,
    limit_bytes: int | None = None,
) -> list[str]:
    """Remove least recently used entries until the cache is within its bounds; return their keys.

    ``keep`` (the entry just written) is never removed. Dumps without a manifest that are older
    than a store could take (orphans of a killed process) are removed too.
    """
    folder = folder or cache_dir()
    limit_entries = max_entries() if limit_entries is None else limit_entries
    limit_bytes = max_bytes() if limit_bytes is None else limit_bytes
    present = entries(folder)
    now = time.time()
    for dump in folder.glob(f"*{DUMP_SUFFIX}") if folder.is_dir() else []:
        try:
            orphan = not dump.with_suffix(MANIFEST_SUFFIX).exists()
            if orphan and now - dump.lstat().st_mtime > _ORPHAN_SECONDS:
                _remove(dump)
        except OSError:
            pass
    removed = []
    total = sum(entry.bytes for entry in present)
    count = len(present)
    for entry in present:  # least recently used first
        if count <= limit_entries and total <= limit_bytes:
            break
        if entry.key == keep:
            continue
        _remove(entry.manifest)  # the manifest first: a reader never trusts a lone dump
        _remove(entry.dump)
        removed.append(entry.key)
        count -= 1
        total -= entry.bytes
    return removed


def clear(folder: Path | None = None) -> int:
    """Remove the cache folder; return how many intact entries it held."""
    folder = folder or cache_dir()
    count = len(entries(folder))
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)
    elif folder.exists() or folder.is_symlink():
        _remove(folder)
    return count
