"""``pimgraph queries``, ``pimgraph query``, ``pimgraph push`` and ``pimgraph cache``."""

from __future__ import annotations

import os
import sys

import click

from pimgraph.cli.options import (
    choice,
    data_option,
    lang_option,
    no_cache_option,
    reasoning_option,
    store_option,
)
from pimgraph.core.choices import (
    AUTH_SCHEMES,
    LISTING_FORMATS,
    PUSH_STORE_TYPES,
    QUERY_RESULT_FORMATS,
)
from pimgraph.core.messages import _, ngettext


def _credentials(user: str | None, scheme: str):
    if not user:
        return None
    from pimgraph.remote.client import Credentials

    password = os.environ.get("PIMGRAPH_PASSWORD")
    if password is None:
        raise click.UsageError(
            _("--user needs the password in the PIMGRAPH_PASSWORD environment variable")
        )
    return Credentials(user, password, scheme)


def _listing(query) -> dict:
    """One stored query as ``pimgraph queries --format json`` lists it: what the web API's
    OpenAPI document says about it too (``pimgraph.serve.api.openapi``)."""
    examples = query.example_values()
    return {
        "id": query.id,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "parameters": [p.describe() for p in query.parameters],
        "parameter_details": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "description": p.description,
                **({"example": examples[p.name]} if p.name in examples else {}),
            }
            for p in query.parameters
        ],
        "example": query.extra.get("example", ""),
    }


@click.command("queries")
@click.option("--format", "fmt", type=choice(LISTING_FORMATS), default="table", show_default=True)
@click.option("--tag", help="Only queries with this tag.")
def list_queries(fmt: str, tag: str | None) -> None:
    """List the stored queries: id, parameters and what each answers.

    Run one with 'pimgraph query ID'; parameters go as --param name=value. 'pimgraph serve'
    offers the same queries as a web API (/api/queries/ID?name=value).
    """
    import json

    from pimgraph.sparql.catalogue import catalogue

    queries = [q for q in catalogue().values() if not tag or tag in q.tags]
    if fmt == "json":
        click.echo(json.dumps([_listing(q) for q in queries], ensure_ascii=False, indent=2))
        return
    width = max((len(q.id) for q in queries), default=10)
    for q in queries:
        click.echo(f"{q.id:<{width}}  {q.summary}")
        for p in q.parameters:
            option = f"--param {p.name}=<{p.type}>" + ("" if p.required else "?")
            click.echo(f"{'':<{width}}  {option}" + (f"  {p.description}" if p.description else ""))
    click.echo(
        "\n"
        + ngettext(
            "{n} stored query. Run one: pimgraph query <id> [--param name=value]",
            "{n} stored queries. Run one: pimgraph query <id> [--param name=value]",
            len(queries),
        )
    )


@click.command("query")
@click.argument("query_id", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(path_type=str),
    help="Run the query in this .rq file ('-' for stdin).",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter: an IRI, a prefixed name or a label in pl/en for IRIs (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=choice(QUERY_RESULT_FORMATS),
    default="table",
    show_default=True,
    help="table shows labels; json/csv/tsv are the W3C SPARQL result formats.",
)
@lang_option
@reasoning_option
@store_option
@data_option
@no_cache_option
@click.option(
    "--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead of the local graph."
)
@click.option(
    "--graph", "graph_iri", metavar="IRI", help="With --endpoint: query only this named graph."
)
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds to wait for an endpoint.",
)
@click.option(
    "--user", help="With --endpoint: user name; the password comes from $PIMGRAPH_PASSWORD."
)
@click.option("--auth", type=choice(AUTH_SCHEMES), default="digest", show_default=True)
@click.option(
    "--allow-network",
    is_flag=True,
    help="Allow SERVICE and FROM <url> in an ad hoc query (off by default).",
)
def run_query(
    query_id,
    query_file,
    params,
    fmt,
    lang,
    reasoning,
    backend,
    data_files,
    no_cache,
    endpoint,
    graph_iri,
    timeout,
    user,
    auth,
    allow_network,
) -> None:
    """Run a stored query (by ID) or an ad hoc one (--file), locally or on an endpoint.

    \b
    Examples:
      pimgraph query cities-sharing-themes
      pimgraph query city-profile --param city=Słupsk --lang pl
      pimgraph query recommendations-by-scope --param "scope=zmiany prawne" --format csv
      pimgraph query --file my-question.rq
      pimgraph query cities-per-network --endpoint http://127.0.0.1:7878/query
    """
    from pimgraph.graph.base import Engine
    from pimgraph.graph.engine import open_engine
    from pimgraph.sparql.results import render
    from pimgraph.sparql.run import load, run

    if bool(query_id) == bool(query_file):
        raise click.UsageError(
            _("give a stored query ID or --file FILE (not both); 'pimgraph queries' lists the IDs")
        )
    query = load(query_id, query_file, sys.stdin)
    if endpoint:
        from pimgraph.remote.client import Endpoint
        from pimgraph.remote.engine import RemoteEngine

        target = Endpoint(
            endpoint, timeout=timeout, credentials=_credentials(user, auth), default_graph=graph_iri
        )
        engine: Engine = RemoteEngine(target, local=open_engine)
    else:
        engine = open_engine(data_files, reasoning, backend, not no_cache)
    result, labeller = run(query, params, engine, lang, allow_network)

    click.echo(render(result, fmt, labeller).rstrip("\n"))


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The server's SPARQL query URL (e.g. http://127.0.0.1:7878/query).",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="Replace this named graph (default: the default graph).",
)
@click.option(
    "--store-type",
    type=choice(PUSH_STORE_TYPES),
    default="auto",
    show_default=True,
    help="How to write; auto asks the server who it is.",
)
@click.option(
    "--gsp-url", metavar="URL", help="Graph Store Protocol URL, when it cannot be derived."
)
@click.option("--update-url", metavar="URL", help="SPARQL Update URL for --store-type update.")
@click.option(
    "--user", help="User name; the password comes from $PIMGRAPH_PASSWORD (never a flag)."
)
@click.option("--auth", type=choice(AUTH_SCHEMES), default="digest", show_default=True)
@reasoning_option
@data_option
@click.option("--timeout", type=float, default=300.0, show_default=True)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when a terminal).",
)
def push(
    endpoint,
    graph_iri,
    store_type,
    gsp_url,
    update_url,
    user,
    auth,
    reasoning,
    data_files,
    timeout,
    progress,
) -> None:
    """Upload the graph (bundled + --data files, with inference) to a triple store, atomically.

    The target graph is replaced whole or left unchanged; an empty graph is refused.

    \b
    Example (an Oxigraph server on this machine):
      oxigraph serve --location /tmp/pim-db --bind 127.0.0.1:7878 &
      pimgraph push --endpoint http://127.0.0.1:7878/query
      pimgraph query cities-per-network --endpoint http://127.0.0.1:7878/query
    """
    from pimgraph.graph.engine import open_engine
    from pimgraph.remote.client import Endpoint
    from pimgraph.remote.push import PushTarget, push_graph, stderr_progress

    Endpoint(endpoint)  # validates the URL
    engine = open_engine(data_files, reasoning)
    # The Oxigraph engine's store is streamed as it is; the memory engine hands its rdflib graph.
    data = getattr(engine, "store", None) or engine.to_rdflib()
    target = PushTarget(
        endpoint, store_type, graph_iri, gsp_url, update_url, _credentials(user, auth), timeout
    )
    show = sys.stderr.isatty() if progress is None else progress
    report = push_graph(data, target, progress=stderr_progress if show else None)
    where = _("graph <{iri}>", iri=report.graph) if report.graph else _("the default graph")
    click.echo(
        ngettext(
            "pushed {n} triple to {where} at {url} ({method}, {seconds:.2f} s)",
            "pushed {n} triples to {where} at {url} ({method}, {seconds:.2f} s)",
            report.triples,
            where=where,
            url=report.url,
            method=report.method,
            seconds=report.seconds,
        )
    )


@click.group("cache")
def cache_group() -> None:
    """The on-disk cache of the loaded, inferred graph ($PIMGRAPH_CACHE_DIR or
    ~/.cache/pimgraph)."""


@cache_group.command("info")
def cache_info() -> None:
    """Show where the cache is and what it holds."""
    from pimgraph.graph import cache

    entries = cache.entries()
    click.echo(_("cache folder: {path}", path=cache.cache_dir()))
    for entry in entries:
        click.echo(
            f"  {entry.key[:12]}  {entry.backend:<8} reasoning={entry.reasoning:<5} "
            + ngettext("{n:>9,} triple", "{n:>9,} triples", entry.triples)
            + f"  {entry.bytes / 1e6:8.2f} MB"
        )
    click.echo(ngettext("{n} entry", "{n} entries", len(entries)))


@cache_group.command("clear")
def cache_clear() -> None:
    """Delete every cache entry (the next command rebuilds what it needs)."""
    from pimgraph.graph import cache

    removed = cache.clear()
    click.echo(
        ngettext(
            "removed {n} entry from {path}",
            "removed {n} entries from {path}",
            removed,
            path=cache.cache_dir(),
        )
    )


COMMANDS = [list_queries, run_query, push, cache_group]
