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
import re
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from pimgraph.core.choices import PUSH_STORE_TYPES
from pimgraph.core.errors import RemoteError, UsageError
from pimgraph.core.messages import _
from pimgraph.remote.auth import authorization, credentials_refused
from pimgraph.remote.client import Credentials
from pimgraph.remote.dialects import SAFE_UPDATE_TRIPLES, by_name, for_gsp_url, from_server_header

DEFAULT_CHUNK_TRIPLES = SAFE_UPDATE_TRIPLES


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
    dialect = by_name(store_type)
    if dialect is not None:
        url = dialect.gsp_url(_base(target.query_url), authenticated=bool(target.credentials))
        if url:
            return "gsp", url
    if store_type == "update":
        return "update", target.update_url or target.query_url
    if store_type == "gsp":
        raise UsageError(
            _("--store-type gsp needs --gsp-url (the server's Graph Store Protocol URL)")
        )
    raise UsageError(
        _(
            "unknown --store-type '{type}'; use one of {known}",
            type=store_type,
            known=", ".join(PUSH_STORE_TYPES),
        )
    )


def detect_store_type(target: PushTarget) -> str:
    """Guess the server from its ``Server`` header; fall back to SPARQL Update."""
    request = urllib.request.Request(target.query_url, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            server = response.headers.get("Server", "")
    except urllib.error.HTTPError as error:
        server = error.headers.get("Server", "") if error.headers else ""
    except (urllib.error.URLError, OSError) as error:
        raise RemoteError(
            _(
                "{url}: cannot connect ({reason})",
                url=target.query_url,
                reason=getattr(error, "reason", error),
            )
        ) from None
    return from_server_header(server).name


def _send(
    request: urllib.request.Request, credentials: Credentials | None, timeout: float, what: str
) -> int:
    """Send one request, authorised up front (see pimgraph.remote.auth); errors leave the target
    as it was."""

    try:
        if credentials:
            header = authorization(
                request.get_method(),
                request.full_url,
                credentials.user,
                credentials.password,
                credentials.scheme,
                timeout,
            )
            if header:
                request.add_header("Authorization", header)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace").strip().splitlines()
        said = f": {detail[0][:200]}" if detail else ""
        raise RemoteError(
            _(
                "{what}: HTTP {code} {reason}{said}; the target graph is unchanged",
                what=what,
                code=error.code,
                reason=error.reason,
                said=said,
            )
        ) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if credentials and _refused(request.full_url, credentials, timeout):
            raise RemoteError(
                _(
                    "{what}: HTTP 401: the server refused the credentials of user '{user}'; "
                    "the target graph is unchanged",
                    what=what,
                    user=credentials.user,
                )
            ) from None
        raise RemoteError(
            _(
                "{what}: connection failed ({reason}); the target graph is unchanged",
                what=what,
                reason=reason,
            )
        ) from None


def _refused(url: str, credentials: Credentials, timeout: float) -> bool:

    return credentials_refused(
        url, credentials.user, credentials.password, credentials.scheme, timeout
    )


class TripleSource:
    """What a push reads from: an rdflib ``Graph`` or a pyoxigraph ``Store`` (the engine's).

    A store is streamed: its default graph is dumped to a temporary N-Triples file by
    Oxigraph's serializer and read back in blocks, so pushing a million triples never holds
    them in Python objects.
    """

    def __init__(self, data):
        self.graph = data if isinstance(data, Graph) else None
        self.store = None if isinstance(data, Graph) else data

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        import pyoxigraph as ox

        return sum(1 for _quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def write_ntriples(self, path: Path) -> None:
        if self.graph is not None:
            self.graph.serialize(destination=str(path), format="nt", encoding="utf-8")
            return
        import pyoxigraph as ox

        self.store.dump(
            output=str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()
        )

    def lines(self) -> Iterator[tuple[str, bool]]:
        """Each triple as an N-Triples line, and whether it has a blank node."""
        if self.graph is not None:
            from rdflib import BNode

            for triple in self.graph:
                yield (
                    " ".join(t.n3() for t in triple) + " .",
                    any(isinstance(t, BNode) for t in triple),
                )
            return
        import pyoxigraph as ox

        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            # pyoxigraph terms print in N-Triples syntax.
            blank = isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
            yield f"{quad.subject} {quad.predicate} {quad.object} .", blank


def push_graph(
    data,
    target: PushTarget,
    chunk_triples: int = DEFAULT_CHUNK_TRIPLES,
    progress: Callable[[int, int], None] | None = None,
) -> PushReport:
    """Replace the target graph with ``data`` (a Graph or a pyoxigraph Store); raise
    ``RemoteError`` leaving the target as it was."""
    import time

    source = TripleSource(data)
    total = len(source)
    if total == 0:
        raise UsageError(_("refusing to push an empty graph: it would empty the target graph"))
    method, url = resolve_method(target)
    started = time.perf_counter()
    if method == "gsp":
        _push_gsp(source, url, target, progress)
    else:
        _push_update(source, total, url, target, chunk_triples, progress)
    return PushReport(method, url, target.graph, total, time.perf_counter() - started)


def _gsp_url(url: str, graph: str | None, parameter: str) -> str:
    if graph is None:
        return url + ("&" if "?" in url else "?") + "default"
    return url + ("&" if "?" in url else "?") + urllib.parse.urlencode({parameter: graph})


class _ProgressReader:
    """A file read in blocks by http.client, reporting bytes sent."""

    def __init__(self, stream, total: int, progress: Callable[[int, int], None] | None):
        self.stream, self.total, self.progress, self.sent = stream, total, progress, 0

    def read(self, size: int = -1) -> bytes:
        block = self.stream.read(size)
        self.sent += len(block)
        if self.progress and (block or self.sent == self.total):
            self.progress(self.sent, self.total)
        return block


def _push_gsp(
    source: TripleSource, url: str, target: PushTarget, progress: Callable[[int, int], None] | None
) -> None:
    dialect = for_gsp_url(url)
    if dialect.gsp_needs_named_graph and target.graph is None:
        raise UsageError(
            _(
                "{server}'s Graph Store needs a named graph: pass --graph IRI",
                server=dialect.name.capitalize(),
            )
        )
    with tempfile.TemporaryDirectory(prefix="pimgraph-push-") as folder:
        dump = Path(folder) / "graph.nt"
        source.write_ntriples(dump)
        size = dump.stat().st_size
        with open(dump, "rb") as stream:
            request = urllib.request.Request(
                _gsp_url(url, target.graph, dialect.gsp_graph_parameter),
                data=_ProgressReader(stream, size, progress),
                method="PUT",
                headers={"Content-Type": "application/n-triples", "Content-Length": str(size)},
            )
            _send(request, target.credentials, target.timeout, f"PUT {url}")


def staging_graph(target_graph: str | None) -> str:
    """The fixed staging graph for a target: a cut-off push leaves it for the next to clean."""
    digest = hashlib.sha256((target_graph or "default").encode("utf-8")).hexdigest()[:16]
    return f"urn:pimgraph:staging:{digest}"


def _chunks(source: TripleSource, size: int) -> Iterator[tuple[str, int, bool]]:
    """N-Triples text of at most about ``size`` triples each, its triple count, and whether it
    holds blank nodes (plain triples first, then the blank-node clusters).

    All triples of one blank-node cluster travel in the same request, because each update
    request mints its own blank nodes: a cluster split across requests would fall apart. Only
    the triples with blank nodes are held in memory (ontology axioms: a few dozen).
    """
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    lines: list[str] = []
    clustered: list[str] = []
    for line, blank in source.lines():
        if not blank:
            lines.append(line)
            if len(lines) >= size:
                yield "\n".join(lines), len(lines), False
                lines = []
            continue
        labels = _BLANK.findall(line)
        roots = [find(label) for label in labels]
        for root in roots[1:]:
            parent[root] = roots[0]
        parent.setdefault(roots[0], roots[0])
        clustered.append(line)
    if lines:
        yield "\n".join(lines), len(lines), False
        lines = []
    groups: dict[str, list[str]] = {}
    for line in clustered:
        groups.setdefault(find(_BLANK.findall(line)[0]), []).append(line)
    for group in groups.values():
        lines.extend(group)
        if len(lines) >= size:
            yield "\n".join(lines), len(lines), True
            lines = []
    if lines:
        yield "\n".join(lines), len(lines), True


_BLANK = re.compile(r"(?:^|\s)(_:[A-Za-z0-9_.-]+)")


def _push_update(
    source: TripleSource,
    total: int,
    url: str,
    target: PushTarget,
    chunk_triples: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    staging = staging_graph(target.graph)

    def update(text: str, what: str) -> None:
        request = urllib.request.Request(
            url,
            data=text.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        _send(request, target.credentials, target.timeout, what)

    update(f"DROP SILENT GRAPH <{staging}>", f"clean staging graph at {url}")
    sent = 0
    for chunk, count, blank in _chunks(source, chunk_triples):
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
    """A one-line progress bar on stderr (bytes for a PUT, triples for updates)."""
    width = 30
    filled = int(width * sent / max(total, 1))
    percent = 100 * sent // max(total, 1)
    sys.stderr.write(
        f"\rpushing [{'#' * filled}{'.' * (width - filled)}] {percent:3d}% ({sent:,}/{total:,})"
    )
    if sent >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
