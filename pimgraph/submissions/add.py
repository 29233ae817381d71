"""``submit add``: store a conforming submission as its own file, with PROV-O provenance.

The file is written atomically (temporary file, then rename). The same file twice is a no-op.
A submission may add to existing resources but not change them: a value that differs from one
already stated for a single-valued property (a label in the same language, a scope, a TERC
code, ...) is refused unless ``replace`` names that resource; a resource from the curated data
cannot be replaced at all (edit ``data/`` instead), one from an earlier submission is rewritten
in that submission's file.

A submission is checked against the graph plus every submission already in its target folder,
whichever folder that is (``--into D`` included). Writing happens under an exclusive lock on the
folder (``fcntl.flock`` on its ``.pimgraph.lock`` file, waiting at most
``$PIMGRAPH_SUBMIT_LOCK_TIMEOUT`` seconds, default 120); if the folder changed while the
submission was being checked (another ``submit add`` wrote to it), the whole check runs again
under the lock before anything is written, so two conflicting submissions added at the same
moment are never both accepted.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from pimgraph.core import resources
from pimgraph.core.errors import EXIT_NONCONFORMING, PimgraphError, UsageError
from pimgraph.core.messages import _
from pimgraph.core.namespaces import PIM, bind_prefixes
from pimgraph.core.pause import pause_at
from pimgraph.rdf.canonical import canonical_turtle, remove_stale_temporaries, write_atomically
from pimgraph.rdf.io import SUBMISSION_LIMITS, ParseLimits
from pimgraph.submissions.check import check_all
from pimgraph.submissions.plan import restates
from pimgraph.submissions.provenance import Provenance, submission_record
from pimgraph.submissions.report import SubmissionReport, render


class NotConforming(PimgraphError):
    """The submission has errors; nothing was written."""

    exit_code = EXIT_NONCONFORMING

    def __init__(self, report: SubmissionReport, lang: str | None = None):
        self.report = report
        super().__init__(render(report, "text", lang))


@dataclass(frozen=True)
class AddResult:
    status: str  # "added", "unchanged"
    path: Path
    triples: int
    report: SubmissionReport


def add_submission(
    path: Path | str,
    into: Path | str | None = None,
    replace: tuple[str, ...] = (),
    submitted_by: str | None = None,
    fmt: str | None = None,
    kind: str | None = None,
    lang: str | None = None,
    limits: ParseLimits = SUBMISSION_LIMITS,
    provenance: Provenance | None = None,
) -> list[AddResult]:
    """Check, then store a submission file or a folder of them, all or nothing.

    The check is ``check_all`` with the same arguments ``submit check`` passes, so its verdict
    is add's: raises ``NotConforming`` (exit 1) if any file has errors, and writes nothing then.
    The only thing add does beyond the check is write what the check planned. ``provenance``
    (the portal's approval: uploader, organisation, curator, both times) goes into the record.
    """
    folder = resources.submissions_dir(into)
    by = submitted_by or _default_submitter()
    seen = _folder_state(folder)
    arguments = (path, into, replace, by, fmt, kind, lang, limits, provenance)
    results, pending = _prepare(*arguments)
    if not pending:
        return results
    with folder_lock(folder):
        pause_at("locked")
        if _folder_state(folder) != seen:
            # Another submission went into the folder while this one was checked: check again,
            # now that nothing else can write there.
            results, pending = _prepare(
                path, into, replace, by, fmt, kind, lang, limits, provenance
            )
        remove_stale_temporaries(folder)
        # Every file was checked and rendered; only now does anything touch the disk.
        for target, text, plan, addition in pending:
            _apply_replacements(plan.changes, folder, addition)
            write_atomically(target, text)
            _keep_as_history(plan.revises, folder)
    return results


def _prepare(
    path: Path | str,
    into: Path | str | None,
    replace: tuple[str, ...],
    by: str,
    fmt: str | None,
    kind: str | None,
    lang: str | None,
    limits: ParseLimits,
    provenance: Provenance | None = None,
) -> tuple[list[AddResult], list[tuple]]:
    """Check every file exactly as ``submit check`` does; what to write, without writing."""

    folder = resources.submissions_dir(into)
    wanted = frozenset(URIRef(iri.strip("<>")) for iri in replace)
    reports = check_all(path, None, fmt, kind, limits, replace=wanted, into=folder)
    for report in reports:
        if not report.conforms:
            raise NotConforming(report, lang)
    results, pending = [], []
    for report in reports:
        plan = report.plan
        target = folder / f"{report.kind}-{report.sha256[:12]}.ttl"
        if plan.unchanged:
            results.append(AddResult("unchanged", target, len(report.graph), report))
            continue
        graph = bind_prefixes(Graph())
        graph += report.graph
        record = submission_record(
            graph, report.sha256, Path(report.file).name, by, report.kind, provenance
        )
        for earlier in plan.revised_records:
            graph.add((record, PROV.wasRevisionOf, earlier))
        pending.append((target, canonical_turtle(graph), plan, report.graph))
        results.append(AddResult("added", target, len(graph), report))
    return results, pending


def _folder_state(folder: Path) -> list[tuple]:
    """What the folder's submissions are now (name, inode, size, modification time)."""
    state = []
    for path in resources.submission_files_in(folder):
        with contextlib.suppress(OSError):
            info = path.stat()
            state.append((path.name, info.st_ino, info.st_size, info.st_mtime_ns))
    return state


LOCK_FILE = ".pimgraph.lock"
LOCK_TIMEOUT_VARIABLE = "PIMGRAPH_SUBMIT_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 120.0


def _lock_timeout() -> float:
    raw = os.environ.get(LOCK_TIMEOUT_VARIABLE, "").strip()
    try:
        return float(raw) if raw else DEFAULT_LOCK_TIMEOUT
    except ValueError:
        raise UsageError(
            _(
                "${variable} must be a number of seconds, not {value!r}",
                variable=LOCK_TIMEOUT_VARIABLE,
                value=raw,
            )
        ) from None


@contextlib.contextmanager
def folder_lock(
    folder: Path, timeout: float | None = None, holder: str = "pimgraph submit add"
) -> Iterator[None]:
    """Hold the exclusive lock of a folder (waiting at most ``timeout`` seconds): a submissions
    folder, or a portal folder; ``holder`` names, in the error, what else may hold it."""
    timeout = _lock_timeout() if timeout is None else timeout
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_FILE
    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    waited = f"{timeout:g}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UsageError(
                        _(
                            "another '{holder}' is writing to {folder} (it holds "
                            "{lock}); waited {seconds} s — try again when it has finished",
                            holder=holder,
                            folder=folder,
                            lock=lock,
                            seconds=waited,
                        )
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _default_submitter() -> str:
    return os.environ.get("PIMGRAPH_SUBMITTER") or getpass.getuser()


HISTORY_FOLDER = "history"


def _keep_as_history(revised: list[Path], folder: Path) -> None:
    """Move superseded submissions to ``history/`` beside them: kept, but out of the graph."""
    history = folder / HISTORY_FOLDER
    for earlier in revised:
        if earlier.exists():
            history.mkdir(parents=True, exist_ok=True)
            os.replace(earlier, history / earlier.name)


def _apply_replacements(changes: dict[URIRef, list[URIRef]], folder: Path, addition: Graph) -> None:
    """Drop the old statements the checked, announced (--replace) changes restate from earlier
    submissions (the check refused unannounced changes and changes to curated data)."""
    if not changes:
        return
    for earlier in resources.submission_files_in(folder):
        graph = Graph().parse(earlier)
        touched = False
        for subject, props in changes.items():
            for prop in props:
                for triple in list(graph.triples((subject, prop, None))):
                    if triple not in addition and restates(addition, triple):
                        graph.remove(triple)
                        touched = True
        if touched:
            write_atomically(earlier, canonical_turtle(graph))


def list_submissions(into: Path | str | None = None) -> list[dict]:
    """What was added: one dict per submission file (file, label, sha256, when, by, triples)."""
    folder = resources.chosen_submissions_dir(into)
    rows = []
    for path in resources.submission_files_in(folder):
        graph = Graph().parse(path)
        record = graph.value(None, RDF.type, PIM.Submission)
        agent = graph.value(record, PROV.wasAttributedTo) if record else None
        rows.append(
            {
                "file": str(path),
                "submission": str(record) if record else "",
                "source_file": str(graph.value(record, PIM.fileName) or ""),
                "sha256": str(graph.value(record, PIM.sha256) or ""),
                "at": str(graph.value(record, PROV.generatedAtTime) or ""),
                "by": str(graph.value(agent, RDFS.label) or "") if agent else "",
                "kind": str(graph.value(record, DCTERMS.type) or ""),
                "triples": len(graph),
            }
        )
    return rows
