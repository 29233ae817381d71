"""The portal folder on disk: generated paths only, one lock, atomic JSON files, the audit log.

Every path the portal touches is built here from a generated name (``[0-9a-f]{12}`` ids, fixed
file names) and checked to resolve inside the portal folder without passing a symbolic link, so
a hostile name or a planted link can never make it read or write elsewhere. Read-modify-write
of the accounts file and the queue happens under an exclusive ``fcntl.flock`` on the folder's
``.pimgraph.lock`` (the same lock as ``submit add`` takes on its folder); every file is written
to a temporary file beside it and renamed over it; the audit log is appended to (``O_APPEND``,
one ``write`` per line) under the same lock.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pimgraph.core import resources
from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.rdf.canonical import write_atomically
from pimgraph.submissions.add import folder_lock

PORTAL_VARIABLE = "PIMGRAPH_PORTAL"
ACCOUNTS_FILE = "accounts.json"
AUDIT_FILE = "audit.log"
QUEUE_FOLDER = "queue"
UPLOADS_FOLDER = "uploads"  # inside queue/
APPROVED_FOLDER = "approved"
_ID = re.compile(r"[0-9a-f]{12}")
_NAME = re.compile(r"\.?[0-9a-z-]{1,40}(\.[a-z]{2,7})?")


def new_id() -> str:
    """A fresh random id: queue entries and accounts are named by these only."""
    return secrets.token_hex(6)


def is_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


def iso(moment: float) -> str:
    """An epoch time as ISO 8601 in UTC, to the second."""
    return datetime.datetime.fromtimestamp(int(moment), datetime.UTC).isoformat()


def from_iso(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


class Portal:
    """A portal folder; ``clock`` (seconds since the epoch) is injectable for tests."""

    def __init__(self, root: Path | str | None = None, clock: Callable[[], float] = time.time):
        self.root = portal_folder(root)
        self.clock = clock
        # Lock-out policy: this many failed sign-ins within the window lock the account.
        self.max_failures = 5
        self.failure_window = 15 * 60.0
        self.lockout = 15 * 60.0
        self.token_lifetime = 72 * 3600.0

    def now(self) -> float:
        return float(self.clock())

    def path(self, *parts: str) -> Path:
        """A path inside the folder from generated names only; anything else is refused."""
        for part in parts:
            if not _NAME.fullmatch(part) or part in (".", ".."):
                raise UsageError(_("{name!r} is not a name the portal generates", name=part))
        path = self.root.joinpath(*parts)
        return inside(self.root, path)

    @property
    def accounts_file(self) -> Path:
        return self.path(ACCOUNTS_FILE)

    @property
    def queue(self) -> Path:
        return self.path(QUEUE_FOLDER)

    @property
    def uploads(self) -> Path:
        return self.path(QUEUE_FOLDER, UPLOADS_FOLDER)

    @property
    def approved(self) -> Path:
        """The approved-data folder: ``submit add --into`` this folder is what approval does."""
        return self.path(APPROVED_FOLDER)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        with folder_lock(self.root, holder="pimgraph portal"):
            yield

    def audit(self, actor: str, action: str, target: str, outcome: str, **detail: str) -> None:
        """Append one line to the audit log (call with the lock held). Never a secret."""
        entry = {
            "time": iso(self.now()),
            "actor": actor,
            "action": action,
            "target": target,
            "outcome": outcome,
        }
        entry.update(detail)
        line = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        path = self.path(AUDIT_FILE)
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            os.write(handle, line)
        finally:
            os.close(handle)

    def audit_lines(self) -> list[dict[str, Any]]:
        path = self.path(AUDIT_FILE)
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def inside(root: Path, path: Path) -> Path:
    """``path`` if it lies inside ``root`` with no symbolic link on the way; else refused."""
    resolved = path.resolve()
    if resolved != path.absolute() or not resolved.is_relative_to(root):
        raise UsageError(
            _(
                "{path} is outside the portal folder {root} (or a link); refused",
                path=path,
                root=root,
            )
        )
    return resolved


def portal_folder(root: Path | str | None) -> Path:
    """The portal folder: ``root`` (--portal), else $PIMGRAPH_PORTAL; never the bundled data."""
    chosen = root or os.environ.get(PORTAL_VARIABLE)
    if not chosen:
        raise UsageError(
            _("which portal folder? Pass --portal DIR or set {variable}", variable=PORTAL_VARIABLE)
        )
    folder = Path(chosen).resolve()
    data = resources.data_dir().resolve()
    if folder == data or data in folder.parents or folder in data.parents:
        raise UsageError(
            _(
                "{folder} holds or is inside pimgraph's data folder; a portal folder must be "
                "a folder of its own",
                folder=str(folder),
            )
        )
    # a new portal folder is its owner's alone: it holds password hashes and uploads
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def read_json(path: Path, default: Any) -> Any:
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` atomically (temporary file beside it, then rename)."""
    write_atomically(path, json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
