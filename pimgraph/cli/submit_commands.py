"""``pimgraph template`` and ``pimgraph submit check|add|list``."""

from __future__ import annotations

import click

from pimgraph.cli.exits import exit_for_conformance
from pimgraph.cli.options import choice, lang_option
from pimgraph.core.choices import LISTING_FORMATS, RDF_FORMATS, SUBMISSION_KINDS
from pimgraph.core.messages import _, ngettext

max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=5 * 1024 * 1024,
    show_default=True,  # io.SUBMISSION_MAX_BYTES
    help="Refuse files larger than this.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=choice(RDF_FORMATS),
    help="RDF format, when the file's extension does not say (.ttl, .nt, .jsonld, .rdf).",
)
kind_option = click.option(
    "--kind",
    type=choice(SUBMISSION_KINDS),
    help="Which CSV template the file follows (default: read from its header).",
)


@click.command("template")
@click.argument("kind", type=choice(SUBMISSION_KINDS))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the template to this file (default: print it).",
)
def template(kind: str, out: str | None) -> None:
    """Write a CSV template for a city's action plan (mid) or a network's recommendations.

    The header row names each column in Polish and English; the second row is a commented
    example (it starts with #, so it is never submitted). Separate several values in one cell
    with ';'. Fill it in with any spreadsheet, save as CSV (UTF-8), then run
    'pimgraph submit check FILE'.
    """
    from pathlib import Path

    from pimgraph.rdf.canonical import write_atomically
    from pimgraph.submissions import render_template

    text = render_template(kind)
    if out:
        write_atomically(Path(out), text)
        click.echo(
            _("wrote {out}: fill it in, then run: pimgraph submit check {out}", out=out), err=True
        )
    else:
        click.echo(text, nl=False)


@click.group("submit")
def submit() -> None:
    """Check and add submissions: action plans (MID) and improvement-plan recommendations.

    \b
    The way in:
      pimgraph template mid --out my-mid.csv     a template to fill in
      pimgraph submit check my-mid.csv --lang pl  what to fix, by row and column
      pimgraph submit add my-mid.csv              store it (only when it conforms)
      pimgraph submit list                        what has been added
    """


into_option = click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=str),
    help="Folder of accepted submissions (default: $PIMGRAPH_SUBMISSIONS_DIR, else "
    "$PIMGRAPH_DATA/submissions, else data/submissions of the pimgraph checkout you are in).",
)


@submit.command("check")
@click.argument("file", metavar="FILE_OR_FOLDER", type=click.Path(path_type=str))
@into_option
@lang_option
@click.option(
    "--output",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@format_option
@kind_option
@max_bytes_option
@click.option(
    "--full",
    is_flag=True,
    help="Validate the whole graph, not just the submission and its neighbourhood.",
)
def check(
    file: str,
    into: str | None,
    lang: str,
    output_format: str,
    fmt: str | None,
    kind: str | None,
    max_bytes: int,
    full: bool,
) -> None:
    """Check a submission (CSV template, Turtle, JSON-LD or RDF/XML) without changing anything.

    It is read offline and validated together with the graph against pimgraph's shapes only;
    every city, network, theme and scope it names must exist. This is exactly the check
    'submit add' makes before writing (give it the same --into). FILE '-' reads standard
    input: give --kind for a CSV or --format for RDF, or let pimgraph tell from the text.
    Exit 0 if it can be added, 1 if it must be fixed, 2 if the file cannot be read.
    """
    from pimgraph.rdf.io import ParseLimits
    from pimgraph.submissions import check_all, render

    reports = check_all(
        file, fmt=fmt, kind=kind, limits=ParseLimits(max_bytes=max_bytes), full=full, into=into
    )
    if output_format == "json" and len(reports) > 1:
        click.echo("[" + ",\n".join(render(r, "json") for r in reports) + "]")
    else:
        for report in reports:
            click.echo(render(report, output_format))
    exit_for_conformance(all(r.conforms for r in reports))


@submit.command("add")
@click.argument("file", type=click.Path(path_type=str))
@into_option
@click.option(
    "--replace",
    multiple=True,
    metavar="IRI",
    help="Allow the submission to change this existing resource (repeatable).",
)
@click.option(
    "--by", "submitted_by", help="Who submits it (default: $PIMGRAPH_SUBMITTER or your user name)."
)
@lang_option
@format_option
@kind_option
@max_bytes_option
def add(
    file: str,
    into: str | None,
    replace: tuple[str, ...],
    submitted_by: str | None,
    lang: str,
    fmt: str | None,
    kind: str | None,
    max_bytes: int,
) -> None:
    """Add a conforming submission to the graph, as its own file with its provenance.

    Nothing is written unless the submission conforms ('submit check' says so in advance).
    Adding the same file twice changes nothing. A submission may add to existing resources;
    changing them needs --replace. A corrected MID (same city, edition and Polish title)
    replaces the earlier submission holding it, which is kept in history/ and linked with
    prov:wasRevisionOf.
    """
    from pimgraph.rdf.io import ParseLimits
    from pimgraph.submissions import Severity, add_submission, render

    results = add_submission(
        file, into, replace, submitted_by, fmt, kind, lang, ParseLimits(max_bytes=max_bytes)
    )
    for result in results:
        name = result.report.file
        if any(f.severity is Severity.WARNING for f in result.report.findings):
            click.echo(render(result.report, "text").rsplit("\n", 1)[0], err=True)
        if result.status == "unchanged":
            click.echo(
                _(
                    "{name}: already in the graph; nothing changed ({path})",
                    name=name,
                    path=result.path,
                )
            )
        else:
            click.echo(
                _(
                    "{name}: added as {path} ({triples})",
                    name=name,
                    path=result.path,
                    triples=ngettext("{n} triple", "{n} triples", result.triples),
                )
            )
            for earlier in result.report.plan.revises:
                click.echo(
                    _(
                        "{name}: replaces {earlier} (kept in {history})",
                        name=name,
                        earlier=earlier.name,
                        history=str(earlier.parent / "history") + "/",
                    )
                )


@submit.command("list")
@into_option
@click.option("--format", "fmt", type=choice(LISTING_FORMATS), default="table", show_default=True)
def list_command(into: str | None, fmt: str) -> None:
    """List the submissions that were added: when, by whom, from which file."""
    import json

    from pimgraph.submissions import list_submissions

    rows = list_submissions(into)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['at']:<26} {row['kind']:<16} {row['by']:<20} {row['source_file']:<30} "
            f"{ngettext('{n} triple', '{n} triples', row['triples']):>13}  {row['file']}"
        )
    click.echo(ngettext("{n} submission", "{n} submissions", len(rows)))


COMMANDS = [template, submit]
