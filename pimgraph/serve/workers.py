"""Query workers: separate processes that hold the graph and answer one query at a time.

The time limit is real: the server waits ``time_limit`` seconds for a worker's answer and then
kills that worker (SIGKILL to the PID it started; a query stuck in native code cannot ignore
it) and starts a fresh one in the background. While all workers are busy a request waits for
one at most ``time_limit`` seconds, then gets 503. Workers are started with ``spawn`` (a clean
interpreter, no threads inherited) and load the graph from the on-disk cache.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
from collections.abc import Iterable

from pimgraph.core.errors import InputError, PimgraphError
from pimgraph.serve.protocol import TEXT, Answer

STARTUP_SECONDS = 180.0


def _worker_main(connection, extra: list[str], reasoning: str) -> None:
    from pimgraph.graph.engine import open_engine
    from pimgraph.serve.protocol import execute

    try:
        engine = open_engine(extra, reasoning)
    except PimgraphError as error:  # the user's file or option: told as such, exit 2
        connection.send(("refused", str(error)))
        return
    except Exception as error:  # a bug: reported to the server, which refuses to start
        connection.send(("failed", f"{type(error).__name__}: {error}"))
        return
    connection.send(("ready", len(engine)))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        text, accept = message
        try:
            answer = execute(engine, text, accept)
        except Exception as error:  # a bug: answered as 500, the worker keeps serving
            answer = (500, TEXT, f"internal error: {type(error).__name__}: {error}\n".encode())
        connection.send(answer)


class Worker:
    def __init__(self, context, extra: list[str], reasoning: str):
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, extra, reasoning),
            daemon=True,
            name="pimgraph-query-worker",
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float = STARTUP_SECONDS) -> int:
        if not self.connection.poll(timeout):
            self.stop()
            raise RuntimeError(f"a query worker did not load the graph within {timeout:g} s")
        status, detail = self.connection.recv()
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


class QueryWorkers:
    """A small pool of query workers with a per-query time limit."""

    def __init__(
        self,
        extra: Iterable[str] = (),
        reasoning: str = "rdfs",
        size: int = 2,
        time_limit: float = 30.0,
    ):
        self.extra = [str(path) for path in extra]
        self.reasoning = reasoning
        self.time_limit = time_limit
        self.context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._new() for _ in range(max(1, size))]
        try:
            self.triples = min(worker.wait_ready() for worker in started)
        except BaseException:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)

    def _new(self) -> Worker:
        worker = Worker(self.context, self.extra, self.reasoning)
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
            worker = self._new()
            try:
                worker.wait_ready()
            except (RuntimeError, PimgraphError):  # a changed, now broken file: serve on with fewer
                self._retire(worker)
                return
            if self._closed:
                self._retire(worker)
            else:
                self._idle.put(worker)

        threading.Thread(target=start, daemon=True, name="pimgraph-worker-restart").start()

    def run(self, text: str, accept: str | None) -> Answer:
        try:
            worker = self._idle.get(timeout=self.time_limit)
        except queue.Empty:
            return 503, TEXT, b"all query workers are busy; try again shortly\n"
        try:
            worker.connection.send((text, accept))
            if worker.connection.poll(self.time_limit):
                answer = worker.connection.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            self._retire(worker)
            self._replace()
            return 500, TEXT, b"the query worker died; a new one is starting\n"
        self._retire(worker)
        self._replace()
        return (
            503,
            TEXT,
            (
                f"query cancelled: it ran longer than the time limit of {self.time_limit:g} s "
                "(pimgraph serve --time-limit)\n"
            ).encode(),
        )

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError):  # a worker that already died
                worker.connection.send(None)
            worker.stop()
