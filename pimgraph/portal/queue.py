"""The review queue: uploads checked exactly as ``submit check`` checks, under generated names.

An entry is ``queue/<id>.json`` (its record) and ``queue/uploads/<id><suffix>`` (the bytes as
uploaded). Its status is ``pending`` until a curator approves or rejects it, or ``superseded``
when a corrected resubmission of the same MIDs or recommendations (the same IRIs, which are
minted from the natural key: a MID's city, edition and Polish title) replaced it while pending.
An upload that cannot be read or does not conform is refused with its report, and nothing of it
stays on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pimgraph.core.errors import InputError
from pimgraph.core.messages import _
from pimgraph.core.pause import pause_at
from pimgraph.graph.base import Engine
from pimgraph.portal.accounts import Account, Forbidden, get_account
from pimgraph.portal.organisations import authorise_content, organisation_plans
from pimgraph.portal.store import Portal, is_id, iso, new_id, read_json, write_json
from pimgraph.rdf.io import SUBMISSION_LIMITS, ParseLimits
from pimgraph.submissions.add import NotConforming
from pimgraph.submissions.check import SUBMISSION_SUFFIXES, check_submission, engine_with
from pimgraph.submissions.report import SubmissionReport

PENDING, APPROVED, REJECTED, SUPERSEDED = "pending", "approved", "rejected", "superseded"
STATUSES = (PENDING, APPROVED, REJECTED, SUPERSEDED)
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass
class Entry:
    """One upload in the queue (its record, ``queue/<id>.json``)."""

    id: str
    file: str  # the stored upload's generated name, inside queue/uploads/
    name: str  # the uploaded file's name, for display only (never a path)
    uploader: str  # e-mail address of the uploading account
    uploader_id: str
    organisation: str  # IRI of the city or network
    kind: str  # "mid" or "pu"
    sha256: str
    submitted_at: str
    status: str = PENDING
    resources: list[str] = field(default_factory=list)  # the MIDs' or recommendations' IRIs
    reasons: list[str] = field(default_factory=list)
    decided_by: str = ""
    decided_at: str = ""
    replaces: list[str] = field(default_factory=list)
    superseded_by: str = ""
    approved_file: str = ""


@dataclass(frozen=True)
class Queued:
    entry: Entry
    report: SubmissionReport
    replaced: list[str]  # ids of the pending entries it replaced
    unchanged: bool = False  # the very same file was already pending


def display_name(filename: str) -> str:
    """The uploaded name made harmless to show: its last part, no control characters."""
    last = re.split(r"[/\\]", filename)[-1]
    return _UNSAFE_NAME.sub("", last)[:200] or "upload"


def upload_suffix(filename: str) -> str:
    suffix = Path(display_name(filename)).suffix.lower()
    if suffix not in SUBMISSION_SUFFIXES:
        raise InputError(
            _(
                "not a submission file (use {suffixes}); nothing in the folder was checked",
                suffixes=", ".join(SUBMISSION_SUFFIXES),
            ),
            display_name(filename),
        )
    return suffix


def entry_path(portal: Portal, entry_id: str) -> Path:
    if not is_id(entry_id):
        raise InputError(_("no submission has the id {id!r}", id=entry_id))
    return portal.path("queue", f"{entry_id}.json")


def load_entry(portal: Portal, entry_id: str) -> Entry:
    path = entry_path(portal, entry_id)
    if not path.exists():
        raise InputError(_("no submission has the id {id!r}", id=entry_id))
    return Entry(**read_json(path, {}))


def save_entry(portal: Portal, entry: Entry) -> None:
    write_json(entry_path(portal, entry.id), asdict(entry))


def all_entries(portal: Portal) -> list[Entry]:
    folder = portal.queue
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    entries = [load_entry(portal, p.stem) for p in paths if is_id(p.stem)]
    return sorted(entries, key=lambda e: (e.submitted_at, e.id))


def stored_upload(portal: Portal, entry: Entry) -> Path:
    return portal.path("queue", "uploads", entry.file)


def current(portal: Portal, account: Account) -> Account:
    """The account as the accounts file has it now: a disabled one may do nothing."""
    fresh = get_account(portal, account.email)
    if fresh is None or fresh.disabled:
        raise Forbidden(_("the account {email} is disabled", email=account.email))
    return fresh


def check_upload(
    portal: Portal, path: Path, name: str, engine: Engine | None, limits: ParseLimits
) -> SubmissionReport:
    """``submit check`` on a stored upload, against the graph with the approved folder in it;
    errors and the report name the file as it was uploaded, not where it is stored."""
    engine = engine or engine_with(portal.approved)
    try:
        report = check_submission(path, engine, limits=limits, into=portal.approved)
    except InputError as error:
        where = (error.where or "").replace(str(path), name)
        message = str(error).removeprefix(f"{error.where}: ") if error.where else str(error)
        raise InputError(message, where or name) from None
    report.source = name
    return report


def submit_to_queue(
    portal: Portal,
    account: Account,
    filename: str,
    data: bytes,
    engine: Engine | None = None,
    lang: str | None = None,
    limits: ParseLimits = SUBMISSION_LIMITS,
) -> Queued:
    """Check an upload and queue it as pending; raises ``InputError`` (unreadable),
    ``NotConforming`` (with the report) or ``Forbidden``, and then nothing is stored."""
    account = current(portal, account)
    name = display_name(filename)
    if not account.organisation:
        raise Forbidden(_("only an officer of a city or network can submit through the portal"))
    suffix = upload_suffix(filename)
    engine = engine or engine_with(portal.approved)
    entry_id = new_id()
    portal.uploads.mkdir(parents=True, exist_ok=True)
    staged = portal.path("queue", "uploads", f".incoming-{entry_id}{suffix}")
    handle = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        try:
            report = check_upload(portal, staged, name, engine, limits)
            if not report.conforms:
                raise NotConforming(report, lang)
            if report.plan.unchanged:
                raise InputError(_("the graph already holds all of it; nothing to review"), name)
            plans = organisation_plans(engine, account.organisation)
            content = authorise_content(report.graph, account, plans)
        except (InputError, NotConforming, Forbidden) as error:
            with portal.locked():
                portal.audit(account.email, "submit", name, "refused", reason=type(error).__name__)
            raise
        entry = Entry(
            id=entry_id,
            file=f"{entry_id}{suffix}",
            name=name,
            uploader=account.email,
            uploader_id=account.id,
            organisation=content.organisation,
            kind=content.kind,
            sha256=hashlib.sha256(data).hexdigest(),
            submitted_at=iso(portal.now()),
            resources=sorted(content.roots),
        )
        return _enqueue(portal, entry, staged, report)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()


def _enqueue(portal: Portal, entry: Entry, staged: Path, report: SubmissionReport) -> Queued:
    """Under the lock: the same file again changes nothing; a resubmission replaces the pending
    entries holding the same MIDs or recommendations (all of theirs, or it is refused)."""
    with portal.locked():
        pending = [e for e in all_entries(portal) if e.status == PENDING]
        pause_at("queued")
        for earlier in pending:
            if earlier.sha256 == entry.sha256 and earlier.organisation == entry.organisation:
                portal.audit(entry.uploader, "submit", earlier.id, "unchanged")
                return Queued(earlier, report, [], unchanged=True)
        try:
            replaced = _replaced(pending, entry)
        except Forbidden:
            portal.audit(entry.uploader, "submit", entry.name, "refused", reason="Forbidden")
            raise
        os.replace(staged, stored_upload(portal, entry))
        entry.replaces = [e.id for e in replaced]
        save_entry(portal, entry)
        for earlier in replaced:
            earlier.status, earlier.superseded_by = SUPERSEDED, entry.id
            earlier.decided_at = entry.submitted_at
            save_entry(portal, earlier)
            portal.audit(entry.uploader, "supersede", earlier.id, "ok", by=entry.id)
        portal.audit(entry.uploader, "submit", entry.id, "pending", sha256=entry.sha256)
    return Queued(entry, report, entry.replaces)


def _replaced(pending: list[Entry], entry: Entry) -> list[Entry]:
    mine = set(entry.resources)
    replaced = []
    for earlier in pending:
        theirs = set(earlier.resources)
        if earlier.organisation != entry.organisation or not theirs & mine:
            continue
        if not theirs <= mine:
            raise Forbidden(
                _(
                    "the pending submission {id} ({name}) also holds {resources}; resubmit them "
                    "together in one file",
                    id=earlier.id,
                    name=earlier.name,
                    resources=", ".join(f"<{r}>" for r in sorted(theirs - mine)),
                )
            )
        replaced.append(earlier)
    return replaced


def may_see(account: Account, entry: Entry) -> bool:
    """Curators see every entry; an officer those of their own organisation."""
    if account.is_curator:
        return True
    return bool(account.organisation) and entry.organisation == account.organisation


def list_entries(
    portal: Portal, account: Account, status: str | None = None, everyone: bool = False
) -> list[Entry]:
    """The entries ``account`` may see (``everyone``: all of them, curators only)."""
    account = current(portal, account)
    if everyone and not account.is_curator:
        raise Forbidden(_("only a curator may list every submission"))
    return [
        e
        for e in all_entries(portal)
        if may_see(account, e) and (status is None or e.status == status)
    ]


def as_dict(entry: Entry) -> dict[str, Any]:
    return asdict(entry)
