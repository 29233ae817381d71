"""``pimgraph serve``: the published site on this machine, with content negotiation, a
read-only SPARQL 1.1 endpoint at ``/sparql`` and the stored queries as a web API at ``/api``
(``serve.api``).

The site is the one ``pimgraph publish`` builds (``site=None`` builds it into a temporary
folder, removed on exit). Queries run in worker processes on the Oxigraph engine with RDFS
inference (the same graph ``pimgraph query`` sees, loaded once at start: one snapshot for every
worker), each cut off at ``time_limit`` seconds and ``worker_memory`` MiB (``workers``).
The app is Starlette (``app``: ``/sparql`` in ``endpoint``, the site in ``site_files``) on
uvicorn (``transport``), bound to 127.0.0.1 by default.

The server's temporary folder (the graph snapshot, and the site unless ``--site``) is named
with its PID; a server killed with SIGKILL cannot remove it, so the next start removes those
of servers that no longer run.
"""

from __future__ import annotations

import shutil
import signal
import socket
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import BaseRoute

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.publish import publish_site
from pimgraph.publish.site import MARKER
from pimgraph.serve import transport
from pimgraph.serve.app import build_app
from pimgraph.serve.explorations import site_explorations
from pimgraph.serve.state import ServeState
from pimgraph.serve.workers import QueryWorkers, private_folder, remove_stale_folders

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MIN_WORKER_MEMORY = 128  # MiB: below this a worker cannot even hold the interpreter and graph


@dataclass
class ServeOptions:
    site: Path | None = None
    extra: tuple[str, ...] = ()
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    time_limit: float = 30.0
    workers: int = 2
    quiet: bool = False
    worker_memory: int = 1024  # MiB per query worker; 0: no limit
    cors_origins: tuple[str, ...] = ("*",)  # who may call /sparql and /api from a web page


class SiteServer:
    """The site + SPARQL server; ``start()`` prepares it, ``serve_forever()`` runs it."""

    def __init__(self, options: ServeOptions):
        self.options = options
        self._temporary: Path | None = None
        self.workers: QueryWorkers | None = None
        self.listening: socket.socket | None = None
        self.site: Path | None = None

    def start(self, progress: Callable[[str], None] = lambda _: None) -> SiteServer:

        options = self.options
        try:
            remove_stale_folders()
            self._temporary = private_folder()
            if options.site is None:
                progress("building the site ...")
                publish_site(
                    self._temporary / "site", extra=options.extra, explorations=site_explorations
                )
                self.site = self._temporary / "site"
            else:
                self.site = Path(options.site).resolve()
                if not (self.site / MARKER).is_file():
                    raise UsageError(
                        f"--site {options.site}: not a site built by 'pimgraph publish' "
                        f"(no {MARKER} file)"
                    )
            progress("starting the query workers ...")
            self.workers = QueryWorkers(
                options.extra,
                size=options.workers,
                time_limit=options.time_limit,
                memory_mib=options.worker_memory,
                snapshot=self._temporary / "graph.nq",
            )
            self.listening = transport.bind(options.host, options.port)
        except BaseException:
            self.close()
            raise
        return self

    @property
    def url(self) -> str:
        assert self.listening is not None
        return transport.url_of(self.listening)

    def app(self, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
        """The ASGI app over this server's site and workers (``extra_routes``: see build_app;
        routes that need the workers, such as ``/api``'s, get them from ``self.workers``)."""
        assert self.site is not None and self.workers is not None
        state = ServeState(self.site, self.workers, self.options.cors_origins)
        return build_app(state, extra_routes)

    def serve_forever(self) -> None:
        assert self.listening is not None
        try:
            workers = self.workers
            assert workers is not None
            transport.run(self.app(), self.listening, self.options.quiet, stopping=workers.close)
        finally:
            self.close()

    def close(self) -> None:
        if self.listening is not None:
            self.listening.close()
            self.listening = None
        if self.workers is not None:
            self.workers.close()
            self.workers = None
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None


def serve(
    site: Path | str | None = None,
    extra: Iterable[str] = (),
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    time_limit: float = 30.0,
    workers: int = 2,
    progress: Callable[[str], None] = lambda _: None,
    ready: Callable[[SiteServer], None] = lambda _: None,
    worker_memory: int = 1024,
    quiet: bool = False,
    cors_origins: Iterable[str] = ("*",),
) -> None:
    """Serve until interrupted (SIGINT or SIGTERM)."""
    if time_limit <= 0:
        raise UsageError("--time-limit must be positive")
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if worker_memory != 0 and worker_memory < MIN_WORKER_MEMORY:
        raise UsageError(
            _(
                "--worker-memory must be at least {minimum} MiB (or 0 for no limit)",
                minimum=MIN_WORKER_MEMORY,
            )
        )
    # SIGTERM ends the server like Ctrl-C, so the temporary site and the workers are cleaned up.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    server = SiteServer(
        ServeOptions(
            Path(site) if site else None,
            tuple(str(e) for e in extra),
            host,
            port,
            time_limit,
            workers,
            quiet,
            worker_memory,
            tuple(cors_origins) or ("*",),
        )
    )
    try:
        server.start(progress)
        ready(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass  # the normal way to stop a server
    finally:
        server.close()


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt
