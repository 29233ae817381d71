"""What the web app serves: the site folder, the query workers, the CORS origins."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import anyio

from pimgraph.serve.workers import QueryWorkers

QUERY_THREADS = 256  # requests waiting for (or watching) a query worker at once


@dataclass
class ServeState:
    site: Path
    workers: QueryWorkers
    cors_origins: tuple[str, ...] = ("*",)
    _limiter: anyio.CapacityLimiter | None = field(default=None, repr=False)

    def limiter(self) -> anyio.CapacityLimiter:
        """The threads that wait for query workers: their own pool, so that requests queued for
        a busy worker never hold the threads the site's files are read with. Made on first use,
        inside the event loop."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(QUERY_THREADS)
        return self._limiter
