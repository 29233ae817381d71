"""Upload the graph to a triple store, atomically: the target graph is replaced whole or not at all.

Two ways to write:

``gsp``
    one SPARQL 1.1 Graph Store Protocol ``PUT`` of the whole graph (Oxigraph, Virtuoso with
    digest auth, Fuseki, GraphDB). The server replaces the graph in one transaction.
``update``
    SPARQL 1.1 Update in bounded chunks into a staging graph, then one ``MOVE`` (any SPARQL 1.1
    Update endpoint). The staging graph has a fixed name per target, so a push that was cut off
    is cleaned by the next one; the target changes only at the ``MOVE``.

An empty graph is never pushed (Oxigraph would answer 204 and empty the target).
"""

from __future__ import annotations

import hashlib
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import Graph

from .errors import RemoteError, UsageError
from .remote import Credentials

STORE_TYPES = ("auto", "oxigraph", "virtuoso", "gsp", "update")
# Virtuoso compiles an update into SQL and refuses one over 10,000 lines of it; 2,000 triples
# a request stays well inside that and still uploads tens of thousands of triples a second.
DEFAULT_CHUNK_TRIPLES = 2_000


@dataclass(frozen=True)
class PushTarget:
    """Where and how to write; ``graph`` None means the default graph."""

    query_url: str
    store_type: str = "auto"
    graph: str | None = None
    gsp_url: str | None = None
    update_url: str | None = None
    credentials: Credentials | None = None
    timeout: float = 300.0


@dataclass(frozen=True)
class PushReport:
    method: str
    url: str
    graph: str | None
    triples: int
    seconds: float


def _base(url: str) -> str:
    parsed = urllib.parse.urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"


def resolve_method(target: PushTarget) -> tuple[str, str]:
    """(``gsp`` or ``update``, URL) for the target, from its store type or by asking the server."""
    store_type = target.store_type
    if store_type == "auto":
        store_type = detect_store_type(target)
    if target.gsp_url:
        return "gsp", target.gsp_url
    if target.update_url and store_type == "update":
        return "update", target.update_url
    base = _base(target.query_url)
    if store_type == "oxigraph":
        return "gsp", base + "/store"
    if store_type == "virtuoso":
        return "gsp", base + ("/sparql-graph-crud-auth" if target.credentials else "/sparql-graph-crud")
    if store_type == "update":
        return "update", target.update_url or target.query_url
    if store_type == "gsp":
        raise UsageError("--store-type gsp needs --gsp-url (the server's Graph Store Protocol URL)")
    raise UsageError(f"unknown --store-type {store_type!r}; use one of {', '.join(STORE_TYPES)}")


def detect_store_type(target: PushTarget) -> str:
    """Guess the server from its ``Server`` header; fall back to SPARQL Update."""
    request = urllib.request.Request(target.query_url, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            server = response.headers.get("Server", "")
    except urllib.error.HTTPError as error:
        server = error.headers.get("Server", "") if error.headers else ""
    except (urllib.error.URLError, OSError) as error:
        raise RemoteError(f"{target.query_url}: cannot connect ({getattr(error, 'reason', error)})") from None
    lowered = server.lower()
    if "oxigraph" in lowered:
        return "oxigraph"
    if "virtuoso" in lowered:
        return "virtuoso"
    return "update"


def _send(request: urllib.request.Request, credentials: Credentials | None, timeout: float, what: str) -> int:
    """Send one request, authorised up front (see pimgraph.httpauth); errors leave the target as it was."""
    from .httpauth import authorization

    try:
        if credentials:
            header = authorization(request.get_method(), request.full_url, credentials.user,
                                   credentials.password, credentials.scheme, timeout)
            if header:
                request.add_header("Authorization", header)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace").strip().splitlines()
        said = f": {detail[0][:200]}" if detail else ""
        raise RemoteError(f"{what}: HTTP {error.code} {error.reason}{said}; the target graph is unchanged") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if credentials and _refused(request.full_url, credentials, timeout):
            raise RemoteError(f"{what}: HTTP 401: the server refused the credentials of user "
                              f"{credentials.user!r}; the target graph is unchanged") from None
        raise RemoteError(f"{what}: connection failed ({reason}); the target graph is unchanged") from None


def _refused(url: str, credentials: Credentials, timeout: float) -> bool:
    from .httpauth import credentials_refused

    return credentials_refused(url, credentials.user, credentials.password, credentials.scheme, timeout)


def push_graph(graph: Graph, target: PushTarget, chunk_triples: int = DEFAULT_CHUNK_TRIPLES,
               progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Replace the target graph with ``graph``; raise ``RemoteError`` leaving it as it was."""
    import time

    if len(graph) == 0:
        raise UsageError("refusing to push an empty graph: it would empty the target graph")
    method, url = resolve_method(target)
    started = time.perf_counter()
    if method == "gsp":
        _push_gsp(graph, url, target)
    else:
        _push_update(graph, url, target, chunk_triples, progress)
    return PushReport(method, url, target.graph, len(graph), time.perf_counter() - started)


def _gsp_url(url: str, graph: str | None, auth_style: bool) -> str:
    if graph is None:
        return url + ("&" if "?" in url else "?") + "default"
    key = "graph-uri" if auth_style else "graph"
    return url + ("&" if "?" in url else "?") + urllib.parse.urlencode({key: graph})


def _push_gsp(graph: Graph, url: str, target: PushTarget) -> None:
    body = graph.serialize(format="nt", encoding="utf-8")
    virtuoso = "sparql-graph-crud" in url
    if virtuoso and target.graph is None:
        raise UsageError("Virtuoso's Graph Store needs a named graph: pass --graph IRI")
    request = urllib.request.Request(
        _gsp_url(url, target.graph, virtuoso), data=body, method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    _send(request, target.credentials, target.timeout, f"PUT {url}")


def staging_graph(target_graph: str | None) -> str:
    """The fixed staging graph for a target: a cut-off push leaves it for the next to clean."""
    digest = hashlib.sha256((target_graph or "default").encode("utf-8")).hexdigest()[:16]
    return f"urn:pimgraph:staging:{digest}"


def _chunks(graph: Graph, size: int) -> Iterator[tuple[str, int, bool]]:
    """N-Triples text of at most about ``size`` triples each, its triple count, and whether it
    holds blank nodes (plain triples come first, then the blank-node clusters).

    All triples of one blank-node cluster travel in the same chunk, because each update request
    mints its own blank nodes: a cluster split across requests would fall apart.
    """
    from rdflib import BNode

    parent: dict = {}

    def find(node):
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    clustered: list = []
    lines: list[str] = []
    for triple in graph:
        blanks = [node for node in (triple[0], triple[2]) if isinstance(node, BNode)]
        if not blanks:
            lines.append(" ".join(term.n3() for term in triple) + " .")
            if len(lines) >= size:
                yield "\n".join(lines), len(lines), False
                lines = []
            continue
        roots = [find(node) for node in blanks]
        for root in roots[1:]:
            parent[root] = roots[0]
        parent.setdefault(roots[0], roots[0])
        clustered.append(triple)
    groups: dict = {}
    for triple in clustered:
        root = find(next(node for node in (triple[0], triple[2]) if isinstance(node, BNode)))
        groups.setdefault(root, []).append(" ".join(term.n3() for term in triple) + " .")
    if lines:
        yield "\n".join(lines), len(lines), False
        lines = []
    for group in groups.values():
        lines.extend(group)
        if len(lines) >= size:
            yield "\n".join(lines), len(lines), True
            lines = []
    if lines:
        yield "\n".join(lines), len(lines), True


def _push_update(graph: Graph, url: str, target: PushTarget, chunk_triples: int,
                 progress: Callable[[int, int], None] | None) -> None:
    staging = staging_graph(target.graph)

    def update(text: str, what: str) -> None:
        request = urllib.request.Request(
            url, data=text.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        _send(request, target.credentials, target.timeout, what)

    update(f"DROP SILENT GRAPH <{staging}>", f"clean staging graph at {url}")
    total = len(graph)
    sent = 0
    for chunk, count, blank in _chunks(graph, chunk_triples):
        if blank:
            # Virtuoso refuses blank nodes in INSERT DATA; a template mints them per request.
            text = f"INSERT {{ GRAPH <{staging}> {{\n{chunk}\n}} }} WHERE {{}}"
        else:
            text = f"INSERT DATA {{ GRAPH <{staging}> {{\n{chunk}\n}} }}"
        update(text, f"upload to {url}")
        sent += count
        if progress:
            progress(sent, total)
    destination = f"GRAPH <{target.graph}>" if target.graph else "DEFAULT"
    update(f"MOVE SILENT GRAPH <{staging}> TO {destination}", f"swap into place at {url}")


def stderr_progress(sent: int, total: int) -> None:
    """A one-line progress bar on stderr."""
    width = 30
    filled = int(width * sent / max(total, 1))
    sys.stderr.write(f"\rpushing [{'#' * filled}{'.' * (width - filled)}] {sent:,}/{total:,} triples")
    if sent >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
