"""The HTTP server under the app: uvicorn (HTTP/1.1, keep-alive) on a socket we bind ourselves,
so that a port in use is a clean error before anything starts, the backlog holds a burst, and
IPv6 addresses bind.

uvicorn logs one line per request (``--quiet``: none) and its own warnings (a malformed request,
which it answers 400 itself); a client that goes away mid-answer is not logged at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _

BACKLOG = 1024  # pending connections the kernel holds for us (the stdlib server's was 5)
GRACEFUL_SECONDS = 2  # on SIGINT/SIGTERM, how long requests under way may still finish
SERVER_HEADER = "pimgraph"


class Protocol(HttpToolsProtocol):
    """uvicorn's fast HTTP/1.1 parser, saying *why* it refused a malformed request."""

    def send_400_response(self, msg: str) -> None:
        error = sys.exc_info()[1]  # the parser's error, which uvicorn does not pass on
        if error is not None and str(error):
            msg = f"{msg.rstrip('.')}: {error}"
        super().send_400_response(msg)


class _Server(uvicorn.Server):
    """uvicorn's server, calling ``stopping`` (blocking; in a thread) when a shutdown begins."""

    def __init__(self, config: uvicorn.Config, stopping: Callable[[], None]) -> None:
        super().__init__(config)
        self.stopping = stopping

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Stopping the query workers first answers the queries under way (503) at once, so
        # the requests end by themselves instead of being cancelled when the grace runs out.
        await asyncio.get_running_loop().run_in_executor(None, self.stopping)
        await super().shutdown(sockets)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host`` (an IPv4 or IPv6 address, or a name) and ``port``."""
    try:
        family, *_rest, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listening = socket.create_server(address[:2], family=family, backlog=BACKLOG)
        # Answers go out at once (asyncio sets this only on sockets it made itself): with
        # Nagle's algorithm, a keep-alive answer written in two pieces waits for the client's
        # delayed ACK, 40 ms a request. Accepted connections inherit it from this socket.
        listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError as error:  # gaierror included: an unknown host name
        reason = error.strerror or str(error)
        raise UsageError(
            _("cannot listen on {host}:{port}: {reason}", host=host, port=port, reason=reason)
        ) from None
    return listening


def url_of(listening: socket.socket) -> str:
    host, port = listening.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _log_config(quiet: bool) -> dict[str, Any]:
    line = {"format": "%(asctime)s %(message)s", "datefmt": "%Y-%m-%d %H:%M:%S"}
    handler = {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": line},
        "handlers": {"stderr": handler},
        "loggers": {
            # uvicorn.error: startup chatter at INFO, a malformed request at WARNING.
            "uvicorn.error": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            "uvicorn.access": {
                "handlers": ["stderr"],
                "level": "CRITICAL" if quiet else "INFO",
                "propagate": False,
            },
        },
    }


def run(
    app: Any, listening: socket.socket, quiet: bool, stopping: Callable[[], None] = lambda: None
) -> None:
    """Serve ``app`` on ``listening`` until SIGINT or SIGTERM (then uvicorn re-raises the
    signal to the handler installed before, which stops the server the usual way);
    ``stopping`` is called as the shutdown begins."""
    config = uvicorn.Config(
        app,
        http=Protocol,
        lifespan="off",
        log_config=_log_config(quiet),
        access_log=not quiet,
        proxy_headers=False,
        server_header=False,
        headers=[("server", SERVER_HEADER)],
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        backlog=BACKLOG,
    )
    server = _Server(config, stopping)
    with contextlib.closing(listening):
        server.run(sockets=[listening])
