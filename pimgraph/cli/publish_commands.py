"""``pimgraph publish`` (the static linked-open-data site) and ``pimgraph serve`` (that site,
with content negotiation and a SPARQL endpoint, on this machine)."""

from __future__ import annotations

import click

from pimgraph.cli.options import data_option
from pimgraph.core.messages import _, ngettext


@click.command("publish")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=str),
    metavar="DIR",
    help="The site folder; replaced only when the new site is complete.",
)
@data_option
@click.option(
    "--base",
    default="https://w3id.org/pim/",
    show_default=True,
    metavar="IRI",
    help="The site's public IRI (download and endpoint addresses in the catalogue start with it).",
)
@click.option(
    "--sparql-url",
    metavar="URL",
    help="The SPARQL endpoint the query page asks and the catalogue names: an http(s) URL, or "
    "a path relative to the site [default: sparql, which pimgraph serve answers]. A static "
    "host without an endpoint needs it.",
)
@click.option(
    "--tiles",
    metavar="URL",
    help="A tile server for the cities map, as an http(s) template with {z}, {x} and {y} "
    "(e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; respect its usage policy). "
    "Default: none; the map draws the bundled outline of Poland and asks no other host.",
)
def publish(
    out_dir: str,
    data_files: tuple[str, ...],
    base: str,
    sparql_url: str | None,
    tiles: str | None,
) -> None:
    """Build the linked-open-data site: a page per resource (pl, en) with Turtle and JSON-LD,
    index pages, ontology docs, dumps with checksums, DCAT-AP and VoID, and rewrite rules.

    \b
    Example:
      pimgraph publish --out site && pimgraph serve --site site
    """
    from pimgraph.publish import publish_site
    from pimgraph.serve.explorations import site_explorations

    report = publish_site(
        out_dir,
        extra=data_files,
        base=base,
        sparql_url=sparql_url,
        explorations=site_explorations,
        tiles=tiles,
    )
    click.echo(
        _(
            "published {resources} ({pages}, {files}, {megabytes:.1f} MB) from {triples} "
            "to {folder} in {seconds:.1f} s",
            resources=ngettext("{n} resource", "{n} resources", report.resources),
            pages=ngettext("{n} page", "{n} pages", report.pages),
            files=ngettext("{n} file", "{n} files", report.files),
            megabytes=report.bytes / 1e6,
            triples=ngettext("{n} triple", "{n} triples", report.triples),
            folder=report.out_dir,
            seconds=report.seconds,
        )
    )
    if report.hashed_paths:
        click.echo(
            ngettext(
                "{n} IRI has segments that are not plain slugs; its file has a hashed name "
                "the rewrite rules cannot map (pimgraph serve finds it):",
                "{n} IRIs have segments that are not plain slugs; their files have hashed names "
                "the rewrite rules cannot map (pimgraph serve finds them):",
                len(report.hashed_paths),
            ),
            err=True,
        )
        for iri in report.hashed_paths[:10]:
            click.echo(f"  {iri}", err=True)


@click.command("serve")
@click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=str, file_okay=False),
    metavar="DIR",
    help="Serve this site (from 'pimgraph publish'); default: build one into a temporary folder.",
)
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="0 picks a free port.",
)
@click.option(
    "--time-limit",
    default=30.0,
    show_default=True,
    type=float,
    help="Seconds a SPARQL query may run.",
)
@click.option("--workers", default=2, show_default=True, type=int, help="Query worker processes.")
@click.option(
    "--worker-memory",
    default=1024,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="MIB",
    help="Memory (address space, graph included) each query worker may use, in MiB; a query "
    "that needs more is answered 503 and its worker replaced. 0: no limit.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="A web origin (https://example.org) whose pages may call /sparql and /api; repeatable. "
    "Default: any origin (*), as the data is read-only.",
)
@click.option("--quiet", is_flag=True, help="Do not log a line per request.")
def serve(
    site_dir: str | None,
    data_files: tuple[str, ...],
    host: str,
    port: int,
    time_limit: float,
    workers: int,
    worker_memory: int,
    cors_origins: tuple[str, ...],
    quiet: bool,
) -> None:
    """Serve the site locally with content negotiation and a read-only SPARQL endpoint at /sparql.

    \b
    Examples:
      pimgraph serve                     then open http://127.0.0.1:8000/
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:8000/id/city/slupsk
      pimgraph query cities-per-network --endpoint http://127.0.0.1:8000/sparql
    """
    import ipaddress

    from pimgraph.serve import serve as run

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        loopback = False
    if not loopback:
        click.echo(
            _("pimgraph: warning: listening on {host}, reachable from other machines", host=host),
            err=True,
        )

    def ready(server) -> None:
        click.echo(
            _(
                "serving {site} at {url} (SPARQL: {url}sparql); Ctrl-C stops",
                site=server.site,
                url=server.url,
            ),
            err=True,
        )

    run(
        site_dir,
        data_files,
        host,
        port,
        time_limit,
        workers,
        progress=lambda text: click.echo(text, err=True),
        ready=ready,
        worker_memory=worker_memory,
        quiet=quiet,
        cors_origins=cors_origins or ("*",),
    )


COMMANDS = [publish, serve]
