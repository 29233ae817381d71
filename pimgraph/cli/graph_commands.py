"""``pimgraph validate`` and ``pimgraph stats``."""

from __future__ import annotations

import click

from pimgraph.cli.exits import exit_for_conformance
from pimgraph.cli.options import choice, lang_option
from pimgraph.core.choices import LISTING_FORMATS, REPORT_FORMATS, SHACL_ENGINES
from pimgraph.core.messages import _


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "fmt",
    type=choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people, json or turtle for programs.",
)
@click.option(
    "--no-bundled",
    is_flag=True,
    help="Validate only PATHS, without the bundled graph (references to it then fail).",
)
@click.option(
    "--engine",
    type=choice(SHACL_ENGINES),
    default=SHACL_ENGINES[0],
    show_default=True,
    help="SHACL engine: rudof (compiled, fast) or pyshacl (the reference); same findings.",
)
@lang_option
def validate(paths: tuple[str, ...], fmt: str, no_bundled: bool, engine: str, lang: str) -> None:
    """Validate the bundled graph, or PATHS together with it, against the bundled SHACL shapes.

    Only pimgraph's own shapes run; shapes found in PATHS are ignored. Exit 0 if the data
    conforms, 1 if it has violations, 2 if a file cannot be read (named with its line).

    \b
    Examples:
      pimgraph validate
      pimgraph validate my-city.ttl --lang pl
      pimgraph validate my-city.ttl --format json
      pimgraph validate --engine pyshacl
    """
    from pimgraph.validation.shapes import render, validate_files

    if no_bundled and not paths:
        raise click.UsageError(_("--no-bundled needs at least one PATH to validate"))
    report = validate_files(paths, include_bundled=not no_bundled, lang=lang, engine=engine)
    click.echo(render(report, fmt))
    exit_for_conformance(report.conforms)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=choice(LISTING_FORMATS), default="table", show_default=True)
@lang_option
def stats(paths: tuple[str, ...], fmt: str, lang: str) -> None:
    """Count the triples and the instances of each PIM class (PATHS are added to the bundled
    graph)."""
    from pimgraph.graph.stats import graph_stats, render

    click.echo(render(graph_stats(paths, lang), fmt, lang))


COMMANDS = [validate, stats]
