"""The query worker's own side: what runs inside each worker process.

It cuts itself off the network, ties its life to the server's, loads the graph (building the
snapshot, or reading the one the first worker wrote), caps its memory, then answers one query
at a time over its pipe. ``pimgraph.serve.workers`` starts, times and replaces these processes.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import threading
import time
from pathlib import Path

from pimgraph.core.errors import PimgraphError
from pimgraph.core.messages import _
from pimgraph.graph.backends.oxigraph import OxigraphEngine
from pimgraph.graph.base import LoadInfo
from pimgraph.graph.engine import open_engine
from pimgraph.graph.offline import cut_network
from pimgraph.serve.api.stored import StoredRequest, execute_stored
from pimgraph.serve.protocol import TEXT, execute

_MIB = 1 << 20
_PR_SET_PDEATHSIG = 1
_M_ARENA_MAX = -8
_PARENT_CHECK_SECONDS = 0.5


def _die_with_parent(parent_pid: int) -> None:
    """End this process when the server does (the kernel's signal, and a watching thread)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        # One malloc arena: native threads otherwise reserve 64 MiB of address space each,
        # which RLIMIT_AS counts although it is never used.
        libc.mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # not Linux/glibc: the watching thread still works
        pass
    if os.getppid() != parent_pid:  # the server died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="pimgraph-parent-watch").start()


def _virtual_bytes() -> int:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _cap_memory(limit: int) -> str | None:
    """Cap this process's address space at ``limit`` bytes; why it cannot be, or None."""

    used = _virtual_bytes()
    if used and used > limit * 0.9:
        return _(
            "the graph alone takes {used} MiB in a query worker, too close to the memory "
            "limit of {limit} MiB; raise pimgraph serve --worker-memory",
            used=used // _MIB,
            limit=limit // _MIB,
        )
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return None


def _open_snapshot(snapshot: Path, reasoning: str):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(snapshot), format=ox.RdfFormat.N_QUADS)
    info = LoadInfo("oxigraph", reasoning, triples=len(store), cache_hit=True, inputs=[snapshot])
    return OxigraphEngine(store, info)


def _write_snapshot(engine, snapshot: Path) -> None:
    import pyoxigraph as ox

    partial = snapshot.with_name(f".{snapshot.name}.{os.getpid()}.tmp")
    engine.store.dump(
        output=str(partial), format=ox.RdfFormat.N_QUADS, from_graph=ox.DefaultGraph()
    )
    os.replace(partial, snapshot)


def worker_main(
    connection,
    extra: list[str],
    reasoning: str,
    snapshot: str,
    build: bool,
    memory: int,
    parent_pid: int,
) -> None:
    # Ctrl-C reaches the whole process group: the server stops its workers itself, so a worker
    # ignores it (and prints no KeyboardInterrupt traceback).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # First, while the process has one thread: no query it runs can reach another server.
    cut_network()
    _die_with_parent(parent_pid)

    try:
        if build:
            engine = open_engine(extra, reasoning)
            _write_snapshot(engine, Path(snapshot))
        else:
            engine = _open_snapshot(Path(snapshot), reasoning)
    except PimgraphError as error:  # the user's file or option: told as such, exit 2
        connection.send(("refused", str(error)))
        return
    except Exception as error:  # a bug: reported to the server, which refuses to start
        connection.send(("failed", f"{type(error).__name__}: {error}"))
        return
    if memory:
        refusal = _cap_memory(memory)
        if refusal:
            connection.send(("refused", refusal))
            return
    connection.send(("ready", len(engine)))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        try:
            if isinstance(message, StoredRequest):  # the web API: a stored query, its values
                answer = execute_stored(engine, message)
            else:
                text, accept = message
                answer = execute(engine, text, accept)
        except MemoryError:
            answer = None
        except Exception as error:  # a bug: answered as 500, the worker keeps serving
            answer = (500, TEXT, f"internal error: {type(error).__name__}: {error}\n".encode())
        if answer is None:  # over the memory limit: the server answers and replaces us
            connection.send("memory")
            return
        connection.send(answer)
