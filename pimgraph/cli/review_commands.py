"""``pimgraph review list|show|approve|reject|submit``: the portal's queue from the command line."""

from __future__ import annotations

import click

from pimgraph.cli.exits import exit_for_conformance
from pimgraph.cli.options import choice, lang_option
from pimgraph.cli.portal_commands import STATUS_CHOICES, _acting, _portal, as_option, portal_option
from pimgraph.core.choices import LISTING_FORMATS
from pimgraph.core.messages import _, ngettext


@click.group("review")
def review() -> None:
    """Review the portal's queue of submissions, as a curator (--as EMAIL).

    \b
      pimgraph review list --as kurator@example.pl --portal DIR
      pimgraph review show ID --as kurator@example.pl
      pimgraph review approve ID --as kurator@example.pl
      pimgraph review reject ID --why 'the dates are wrong' --as kurator@example.pl
    """


def _line(entry) -> str:
    return (
        f"{entry.id}  {entry.status:<10} {entry.kind:<3} {entry.submitted_at}  "
        f"{entry.uploader:<28} {entry.name}"
    )


@review.command("list")
@click.option("--status", type=choice(STATUS_CHOICES), help="Only entries with this status.")
@click.option("--format", "fmt", type=choice(LISTING_FORMATS), default="table", show_default=True)
@as_option
@portal_option
def list_command(status: str | None, fmt: str, acting_as: str, portal_dir: str | None) -> None:
    """List the submissions in the queue (a curator sees all, an officer their organisation's)."""
    import dataclasses
    import json

    from pimgraph.portal import list_entries

    portal = _portal(portal_dir)
    entries = list_entries(portal, _acting(portal, acting_as), status)
    if fmt == "json":
        rows = [dataclasses.asdict(e) for e in entries]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for entry in entries:
        click.echo(_line(entry))
        for reason in entry.reasons:
            click.echo("    " + _("rejected: {reason}", reason=reason))
    click.echo(ngettext("{n} submission", "{n} submissions", len(entries)))


@review.command("show")
@click.argument("entry_id", metavar="ID")
@as_option
@portal_option
@lang_option
def show(entry_id: str, acting_as: str, portal_dir: str | None, lang: str) -> None:
    """The check report of a submission as of now, and what approving it would change."""
    from pimgraph.portal import render_diff
    from pimgraph.portal import show as show_entry
    from pimgraph.submissions import render

    portal = _portal(portal_dir)
    result = show_entry(portal, _acting(portal, acting_as), entry_id)
    click.echo(_line(result.entry))
    click.echo(render(result.report, "text"))
    click.echo(_("What approving it changes in the graph:"))
    click.echo(render_diff(result.diff))


@review.command("approve")
@click.argument("entry_id", metavar="ID")
@as_option
@portal_option
@lang_option
def approve(entry_id: str, acting_as: str, portal_dir: str | None, lang: str) -> None:
    """Approve a pending submission: add it to DIR/approved with its provenance (curators)."""
    from pimgraph.portal import approve as approve_entry

    portal = _portal(portal_dir)
    for result in approve_entry(portal, _acting(portal, acting_as), entry_id, lang):
        click.echo(
            _(
                "{id}: approved as {path} ({triples})",
                id=entry_id,
                path=result.path,
                triples=ngettext("{n} triple", "{n} triples", result.triples),
            )
        )
        for earlier in result.report.plan.revises:
            click.echo(
                _("{id}: revises {earlier} (kept in history/)", id=entry_id, earlier=earlier.name)
            )


@review.command("reject")
@click.argument("entry_id", metavar="ID")
@click.option("--why", required=True, help="The reason, which the uploader will read.")
@as_option
@portal_option
def reject(entry_id: str, why: str, acting_as: str, portal_dir: str | None) -> None:
    """Reject a pending submission with the reason; the file is kept (curators)."""
    from pimgraph.portal import reject as reject_entry

    portal = _portal(portal_dir)
    entry = reject_entry(portal, _acting(portal, acting_as), entry_id, why)
    click.echo(_line(entry))


@review.command("submit")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=str))
@as_option
@portal_option
@lang_option
def submit(file: str, acting_as: str, portal_dir: str | None, lang: str) -> None:
    """Put a file into the queue on behalf of an officer's account (as the portal's upload does)."""
    from pathlib import Path

    from pimgraph.portal import submit_to_queue
    from pimgraph.submissions import render

    portal = _portal(portal_dir)
    path = Path(file)
    queued = submit_to_queue(portal, _acting(portal, acting_as), path.name, path.read_bytes())
    click.echo(render(queued.report, "text"))
    click.echo(_line(queued.entry))
    for earlier in queued.replaced:
        click.echo(_("{id}: replaces the pending {earlier}", id=queued.entry.id, earlier=earlier))
    exit_for_conformance(True)


COMMANDS = [review]
