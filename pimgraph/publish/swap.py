"""Swapping a finished site into place, so there is never a moment without a complete one.

``replace_folder`` exchanges the new folder with the old in one step (``renameat2`` with
``RENAME_EXCHANGE`` on Linux, ``renamex_np`` with ``RENAME_SWAP`` on macOS); only where neither
exists does it fall back to two renames. Leftovers of killed runs carry the PID in their names,
and ``remove_leftovers`` removes those of dead processes (and puts back a site a killed older
version left renamed away).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import time
from pathlib import Path

from pimgraph.core.pause import pid_alive

MARKER = ".pimgraph-site"

# Leftovers of a run: ".<name>.building-<pid>-<random>" and ".<name>.old-<pid>".
_LEFTOVER = r"\.{name}\.(building|old)-(\d+)(?:-[^/]*)?"
# Building folders of versions before the pid was in the name: removed once a day old.
_LEGACY_BUILDING = r"\.{name}\.building-[a-z0-9_]{{8}}"
_LEGACY_SECONDS = 24 * 3600


def _leftovers(out: Path) -> list[tuple[Path, str, int | None]]:
    """(path, "building" | "old", pid or None for a legacy name) beside ``out``."""
    if not out.parent.is_dir():
        return []
    pattern = re.compile(_LEFTOVER.format(name=re.escape(out.name)))
    legacy = re.compile(_LEGACY_BUILDING.format(name=re.escape(out.name)))
    found: list[tuple[Path, str, int | None]] = []
    for path in out.parent.iterdir():
        if path.is_symlink() or not path.is_dir():
            continue
        if match := pattern.fullmatch(path.name):
            found.append((path, match.group(1), int(match.group(2))))
        elif legacy.fullmatch(path.name):
            found.append((path, "building", None))
    return found


def recover(out: Path) -> None:
    """No site at ``out`` but the old one of a run killed between two renames: put it back."""
    if out.exists() or out.is_symlink():
        return
    for path, kind, pid in _leftovers(out):
        if kind == "old" and pid is not None and not pid_alive(pid) and (path / MARKER).is_file():
            try:
                os.rename(path, out)
            except OSError:
                continue
            return


def remove_leftovers(out: Path) -> list[Path]:
    """Remove the building and old folders beside ``out`` whose process is gone; return them."""
    removed = []
    now = time.time()
    for path, _kind, pid in _leftovers(out):
        if pid is None:
            try:
                stale = now - path.stat().st_mtime > _LEGACY_SECONDS
            except OSError:
                continue
        else:
            stale = pid != os.getpid() and not pid_alive(pid)
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


_AT_FDCWD = -100  # linux/fcntl.h
_RENAME_EXCHANGE = 1 << 1  # linux/fs.h
_RENAME_SWAP = 0x2  # macOS sys/stdio.h
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", -1)}


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False where this system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    a, b = os.fsencode(first), os.fsencode(second)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        call = libc.renameat2
        call.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        result = call(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        call = libc.renamex_np
        call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        result = call(a, b, _RENAME_SWAP)
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def replace_folder(new: Path, out: Path) -> None:
    """Put the folder ``new`` at ``out``; afterwards ``new`` holds the old site (if any)."""
    if not out.exists():
        try:
            os.rename(new, out)  # atomic; also over an empty folder
            return
        except OSError as error:
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            # Another run put a site there meanwhile: swap with it.
    if _exchange(new, out):
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)  # put the previous site back
        raise
    os.rename(old, new)  # the caller removes it with the building folder
