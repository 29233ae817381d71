"""Curators review the queue: show (report and diff), approve (``submit add`` with provenance),
reject (with the reason, kept for the uploader).

Approval runs ``pimgraph.submissions.add_submission`` on the stored upload into the portal's
approved-data folder, exactly what ``pimgraph submit add FILE --into DIR/approved`` does, with a
``Provenance``: the uploader's account acting on behalf of its city or network, the approving
curator, both times, and the file's SHA-256. A revision of an earlier approved MID moves the
earlier file to ``approved/history/`` and links it with ``prov:wasRevisionOf`` (as ``submit add``
does for any corrected resubmission).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.graph.base import Engine
from pimgraph.portal.accounts import Account, Forbidden
from pimgraph.portal.diff import Diff, diff
from pimgraph.portal.queue import (
    APPROVED,
    PENDING,
    REJECTED,
    Entry,
    check_upload,
    current,
    load_entry,
    may_see,
    save_entry,
    stored_upload,
)
from pimgraph.portal.store import Portal, from_iso, iso
from pimgraph.rdf.io import SUBMISSION_LIMITS
from pimgraph.submissions.add import AddResult, add_submission
from pimgraph.submissions.check import engine_with
from pimgraph.submissions.provenance import Provenance
from pimgraph.submissions.report import SubmissionReport


@dataclass(frozen=True)
class Review:
    entry: Entry
    report: SubmissionReport
    diff: Diff


def _visible(portal: Portal, account: Account, entry_id: str) -> tuple[Account, Entry]:
    account = current(portal, account)
    entry = load_entry(portal, entry_id)
    if not may_see(account, entry):
        raise Forbidden(_("the submission {id} is not yours to see", id=entry_id))
    return account, entry


def show(portal: Portal, account: Account, entry_id: str, engine: Engine | None = None) -> Review:
    """The entry, its check report as of now, and what approving it would change."""
    _account, entry = _visible(portal, account, entry_id)
    engine = engine or engine_with(portal.approved)
    upload = stored_upload(portal, entry)
    report = check_upload(portal, upload, entry.name, engine, SUBMISSION_LIMITS)
    superseded = Graph()
    for earlier in report.plan.revises:
        superseded.parse(earlier, format="turtle")
    return Review(entry, report, diff(engine.to_rdflib(), report.graph, superseded))


def _curator(portal: Portal, account: Account, action: str, entry_id: str) -> tuple[Account, Entry]:
    account = current(portal, account)
    if not account.is_curator:
        with portal.locked():
            portal.audit(account.email, action, entry_id, "forbidden")
        raise Forbidden(_("only a curator may approve or reject submissions"))
    entry = load_entry(portal, entry_id)
    if entry.status != PENDING:
        raise UsageError(
            _("the submission {id} is {status}, not pending", id=entry.id, status=entry.status)
        )
    return account, entry


def approve(
    portal: Portal, account: Account, entry_id: str, lang: str | None = None
) -> list[AddResult]:
    """Add a pending entry to the approved-data folder with its provenance (curators only)."""
    account, entry = _curator(portal, account, "approve", entry_id)
    with portal.locked():
        entry = load_entry(portal, entry_id)  # as it is now, under the lock
        if entry.status != PENDING:
            raise UsageError(
                _("the submission {id} is {status}, not pending", id=entry.id, status=entry.status)
            )
        provenance = Provenance(
            uploader=entry.uploader_id,
            organisation=URIRef(entry.organisation),
            submitted_at=from_iso(entry.submitted_at),
            curator=account.id,
            approved_at=from_iso(iso(portal.now())),
            file_name=entry.name,
        )
        try:
            results = add_submission(
                stored_upload(portal, entry),
                into=portal.approved,
                submitted_by=entry.uploader_id,
                lang=lang,
                provenance=provenance,
            )
        except Exception as error:
            portal.audit(account.email, "approve", entry.id, "failed", reason=type(error).__name__)
            raise
        entry.status, entry.decided_by, entry.decided_at = (
            APPROVED,
            account.email,
            iso(portal.now()),
        )
        entry.approved_file = results[0].path.name if results else ""
        save_entry(portal, entry)
        portal.audit(account.email, "approve", entry.id, "ok", file=entry.approved_file)
    return results


def reject(portal: Portal, account: Account, entry_id: str, why: str) -> Entry:
    """Reject a pending entry with a reason the uploader will read; the file is kept."""
    reason = " ".join(why.split())
    if not reason:
        raise UsageError(_("say why the submission is rejected (--why TEXT)"))
    account, entry = _curator(portal, account, "reject", entry_id)
    with portal.locked():
        entry = load_entry(portal, entry_id)
        if entry.status != PENDING:
            raise UsageError(
                _("the submission {id} is {status}, not pending", id=entry.id, status=entry.status)
            )
        entry.status, entry.decided_by, entry.decided_at = (
            REJECTED,
            account.email,
            iso(portal.now()),
        )
        entry.reasons.append(reason)
        save_entry(portal, entry)
        portal.audit(account.email, "reject", entry.id, "ok")
    return entry
