"""Query workers: separate processes that hold the graph and answer one query at a time.

A worker cannot hurt the host:

* **Time.** The server waits ``time_limit`` seconds for a worker's answer and then kills that
  worker (SIGKILL to the PID it started; a query stuck in native code cannot ignore it) and
  starts a fresh one in the background. While all workers are busy a request waits for one at
  most ``time_limit`` seconds, then gets 503.
* **Memory.** Each worker's address space is capped (``RLIMIT_AS``, ``memory_mib``) once the
  graph is loaded; a query that needs more fails inside the worker, is answered 503, and the
  worker is replaced.
* **Abandoned queries.** While it waits, the server watches the client (its socket, or a
  ``gone`` test the web app answers from the connection's disconnect event); a client that
  hangs up gets its worker killed and replaced, so it holds no slot.
* **Orphans.** A worker dies with the server: ``PR_SET_PDEATHSIG`` (Linux) plus a thread that
  notices a new parent PID. Workers are forked by one long-lived thread, because the kernel
  sends the death signal when the *thread* that forked the child ends.
* **One graph.** The first worker loads the graph (``open_engine``, through the on-disk cache)
  and writes it to ``snapshot``, a file in the server's private folder; every other worker and
  every replacement loads exactly that file, so all answers come from the same graph until the
  server restarts, whatever happens to the data files meanwhile.

Workers are started with ``spawn`` (a clean interpreter, no threads inherited). A worker's pipe
carries one request at a time: ``(query text, Accept)`` for ``/sparql`` (``run``), or a
``serve.api.stored.StoredRequest`` for the web API (``run_stored``), whose labels the worker
resolves on the graph it holds; both wait under the same limits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import queue
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

from pimgraph.core.errors import InputError, PimgraphError, UsageError
from pimgraph.core.messages import _
from pimgraph.core.pause import pid_alive
from pimgraph.serve.api.stored import StoredRequest
from pimgraph.serve.protocol import TEXT, Answer
from pimgraph.serve.worker_process import worker_main
from pimgraph.sparql.limits import check_query_size_remembered

STARTUP_SECONDS = 180.0
DEFAULT_MEMORY_MIB = 1024
_MIB = 1 << 20
_CLIENT_CHECK_SECONDS = 0.5


FOLDER_PREFIX = "pimgraph-serve-"
_FOLDER_NAME = re.compile(re.escape(FOLDER_PREFIX) + r"(\d+)-")


def private_folder() -> Path:
    """A new temporary folder for this server (its site, its graph snapshot), named with the
    server's PID so that a later start can tell it was left behind by a killed server."""
    return Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))


def remove_stale_folders(folder: Path | None = None) -> list[Path]:
    """Remove the private folders of servers that no longer run (killed with SIGKILL, say):
    ours (same user), named with a PID that is not alive. Returns what was removed."""
    removed = []
    base = Path(folder or tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for path in base.iterdir():
            match = _FOLDER_NAME.match(path.name)
            if not match or int(match.group(1)) == os.getpid():
                continue
            with contextlib.suppress(OSError):
                if path.is_symlink() or not path.is_dir() or path.stat().st_uid != os.getuid():
                    continue
                if pid_alive(int(match.group(1))):
                    continue
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


class Worker:
    def __init__(self, context, args: tuple):
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=worker_main, args=(child, *args), daemon=True, name="pimgraph-query-worker"
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float = STARTUP_SECONDS) -> int:
        if not self.connection.poll(timeout):
            self.stop()
            raise RuntimeError(f"a query worker did not load the graph within {timeout:g} s")
        try:
            status, detail = self.connection.recv()
        except (EOFError, OSError):
            self.stop()
            raise RuntimeError(
                f"a query worker ended while loading the graph (exit code {self.process.exitcode})"
            ) from None
        if status == "refused":
            self.stop()
            raise InputError(detail)
        if status != "ready":
            self.stop()
            raise RuntimeError(f"a query worker could not load the graph: {detail}")
        return int(detail)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()  # SIGKILL to this worker's own PID
        self.process.join(5)
        self.connection.close()


def client_gone(client: socket.socket) -> bool:
    """Whether the peer of ``client`` has closed the connection (EOF or reset), not blocking."""
    try:
        return client.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True


class QueryWorkers:
    """A small pool of query workers with a per-query time limit and memory limit."""

    def __init__(
        self,
        extra: Iterable[str] = (),
        reasoning: str = "rdfs",
        size: int = 2,
        time_limit: float = 30.0,
        memory_mib: int = DEFAULT_MEMORY_MIB,
        snapshot: Path | None = None,
    ):
        self.extra = [str(path) for path in extra]
        self.reasoning = reasoning
        self.time_limit = time_limit
        self.memory_mib = memory_mib
        self.context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._temporary: Path | None = None
        if snapshot is None:
            self._temporary = private_folder()
            snapshot = self._temporary / "graph.nq"
        self.snapshot = Path(snapshot)
        # Every worker is forked by this one thread, which lives as long as the pool (see above).
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="pimgraph-worker-spawner")
        try:
            first = self._new(build=True)
            self.triples = first.wait_ready()
            started = [first] + [self._new() for _ in range(max(1, size) - 1)]
            for worker in started[1:]:
                worker.wait_ready()
        except BaseException:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)

    def _new(self, build: bool = False) -> Worker:
        args = (
            self.extra,
            self.reasoning,
            str(self.snapshot),
            build,
            self.memory_mib * _MIB,
            os.getpid(),
        )
        worker = self._spawner.submit(Worker, self.context, args).result()
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()

    def _replace(self) -> None:
        def start() -> None:
            if self._closed:
                return
            try:
                worker = self._new()
            except RuntimeError:  # the pool is closing (the spawner is shut down)
                return
            try:
                worker.wait_ready()
            except (RuntimeError, PimgraphError):  # cannot happen with one snapshot; serve on
                self._retire(worker)
                return
            if self._closed:
                self._retire(worker)
            else:
                self._idle.put(worker)

        threading.Thread(target=start, daemon=True, name="pimgraph-worker-restart").start()

    def _discard(self, worker: Worker) -> None:
        self._retire(worker)
        self._replace()

    def _acquire(self, left: Callable[[], bool]) -> Worker | Literal[False] | None:
        """An idle worker; None when none became free in time; False when the client left."""
        deadline = time.monotonic() + self.time_limit
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                return self._idle.get(timeout=min(remaining, _CLIENT_CHECK_SECONDS))
            except queue.Empty:
                if left():
                    return False
                if self._closed:  # the server is stopping: no worker will come back
                    return None

    def run(
        self,
        text: str,
        accept: str | None,
        client: socket.socket | None = None,
        gone: Callable[[], bool] | None = None,
    ) -> Answer | None:
        """The answer to one query; None when the requester hung up while it waited or ran, in
        which case the worker was killed and nobody is answered. The requester is watched
        through ``client`` (its socket) or ``gone`` (true once it left; asked twice a second,
        for a server that owns the socket itself, such as an ASGI one)."""
        try:
            check_query_size_remembered(text)
        except UsageError as error:
            return 400, TEXT, f"{error}\n".encode()
        return self._exchange((text, accept), client, gone)

    def run_stored(
        self,
        request: StoredRequest,
        client: socket.socket | None = None,
        gone: Callable[[], bool] | None = None,
    ) -> Answer | None:
        """The web API's answer to ``request`` (a stored query with its values from the URL),
        bound, run and rendered in a worker: same time limit, same 503s, same watch on the
        requester as ``run``."""
        return self._exchange(request, client, gone)

    def _exchange(
        self, message: object, client: socket.socket | None, gone: Callable[[], bool] | None
    ) -> Answer | None:
        """Send ``message`` to an idle worker and wait for its answer, within the time limit."""

        def left() -> bool:
            return (client is not None and client_gone(client)) or (gone is not None and gone())

        worker = self._acquire(left)
        if worker is False:
            return None
        if worker is None:
            return 503, TEXT, b"all query workers are busy; try again shortly\n"
        return self._answer(worker, message, client, gone)

    def _answer(
        self,
        worker: Worker,
        message: object,
        client: socket.socket | None,
        gone: Callable[[], bool] | None,
    ) -> Answer | None:
        deadline = time.monotonic() + self.time_limit
        watched = [worker.connection] + ([client] if client is not None else [])
        step = _CLIENT_CHECK_SECONDS if gone is not None else None
        try:
            worker.connection.send(message)
            while (remaining := deadline - time.monotonic()) > 0:
                ready = multiprocessing.connection.wait(watched, min(remaining, step or remaining))
                if worker.connection in ready:
                    answer = worker.connection.recv()
                    if answer == "memory":
                        self._discard(worker)
                        return self._over_memory()
                    self._idle.put(worker)
                    return answer
                if gone is not None and gone():
                    self._discard(worker)
                    return None
                if client is not None and client in ready:
                    if client_gone(client):
                        self._discard(worker)
                        return None
                    watched.remove(client)  # more bytes from a live client: stop watching
        except (EOFError, OSError):
            if self._closed:
                return 503, TEXT, b"the server is stopping\n"
            worker.process.join(1)
            code = worker.process.exitcode
            self._discard(worker)
            # A native allocation over the limit aborts the process (SIGABRT).
            if code == -signal.SIGABRT:
                return self._over_memory()
            return 500, TEXT, b"the query worker died; a new one is starting\n"
        self._discard(worker)
        return (
            503,
            TEXT,
            (
                f"query cancelled: it ran longer than the time limit of {self.time_limit:g} s "
                "(pimgraph serve --time-limit)\n"
            ).encode(),
        )

    def _over_memory(self) -> Answer:
        message = _(
            "query cancelled: it went over the memory limit of {limit} MiB per query worker "
            "(pimgraph serve --worker-memory)",
            limit=self.memory_mib,
        )
        return 503, TEXT, f"{message}\n".encode()

    def close(self) -> None:
        """Stop every worker (a query under way is answered 503); closing twice is harmless."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError):  # a worker that already died
                worker.connection.send(None)
            worker.stop()
        self._spawner.shutdown(wait=False)
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None
