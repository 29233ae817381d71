"""``pimgraph serve``'s query workers cannot hurt the host: a memory cap, cancellation when the
client hangs up, no orphans after ``kill -9``, one graph snapshot for every worker, and limits
on query size and nesting. Real servers on free loopback ports, each on a prebuilt site."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from pimgraph.cli import main
from pimgraph.core.errors import UsageError
from pimgraph.serve.protocol import execute
from pimgraph.sparql.catalogue import adhoc_query
from pimgraph.sparql.limits import MAX_NESTING, MAX_QUERY_CHARS, check_query_size, nesting_depth
from pimgraph.sparql.run import run

from .servers import free_port, stop_process
from .test_serve import pimgraph_command

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# Sorting the cross product makes the store materialise it: memory grows by ~100s of MiB a second.
CROSS_SORTED = CROSS + " ORDER BY ?a"


def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth + " LIMIT 1"


def children_of(pid: int) -> set[int]:
    """The PIDs whose parent is ``pid``, read from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The fields after the command name "(...)": state, then the parent's PID.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry))
    return found


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def kill_by_pid(pids: set[int]) -> None:
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, Path]:
    """(a site built by pimgraph publish, the graph cache it filled), shared by every server."""
    folder = tmp_path_factory.mktemp("serve-workers")
    cache, site = folder / "cache", folder / "site"
    env = {**os.environ, "PIMGRAPH_CACHE_DIR": str(cache)}
    subprocess.run(
        [*pimgraph_command(), "publish", "--out", str(site)],
        check=True,
        env=env,
        capture_output=True,
        timeout=600,
    )
    return site, cache


class Server:
    """A ``pimgraph serve --site`` we started on a free loopback port."""

    def __init__(self, prepared: tuple[Path, Path], folder: Path, *args: str, **env: str):
        site, cache = prepared
        self.port = free_port()
        self.log = folder / f"serve-{self.port}.log"
        environment = {**os.environ, "PIMGRAPH_CACHE_DIR": str(cache), **env}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [*pimgraph_command(), "serve", "--site", str(site), "--port", str(self.port)]
                + list(args),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
            )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pimgraph serve exited: {self.log.read_text()}")
            try:
                if self.sparql("ASK {}", timeout=10)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"pimgraph serve did not answer: {self.log.read_text()}")

    def request_bytes(self, query: str) -> bytes:
        body = urllib.parse.urlencode({"query": query}).encode()
        head = (
            f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "Accept: application/sparql-results+json\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        return head.encode() + body

    def sparql(self, query: str, timeout: float = 120) -> tuple[int, str]:
        """(status, body) of one POSTed query, over a plain socket."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as connection:
            connection.sendall(self.request_bytes(query))
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        return int(head.split()[1]), body.decode("utf-8")

    def count(self) -> int:
        status, body = self.sparql(COUNT)
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    def children(self) -> set[int]:
        return children_of(self.process.pid)

    def workers(self) -> set[int]:
        """The query workers (not multiprocessing's resource tracker)."""
        return {pid for pid in self.children() if b"spawn_main" in command_line(pid)}

    def stop(self) -> None:
        children = self.children()
        stop_process(self.process)
        kill_by_pid(children)  # only if the server failed to; the orphan test checks it does


@pytest.fixture
def start(prepared, tmp_path):
    started: list[Server] = []

    def start_server(*args: str, **env: str) -> Server:
        server = Server(prepared, tmp_path, *args, **env)
        started.append(server)
        return server

    yield start_server
    for server in started:
        server.stop()


def test_a_query_over_the_memory_limit_gets_503_and_its_worker_is_replaced(start) -> None:
    server = start("--workers", "1", "--worker-memory", "300", "--time-limit", "60")
    before = server.workers()
    status, body = server.sparql(CROSS_SORTED)
    assert status == 503 and "over the memory limit of 300 MiB" in body, body
    # The only worker was replaced: the server answers again, from a new process.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status, body = server.sparql(COUNT)
        if status == 200:
            break
        time.sleep(0.5)
    assert status == 200, body
    assert server.workers() and not server.workers() & before


def test_killing_the_server_kills_its_workers_and_the_next_start_removes_its_folder(
    start, tmp_path
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = start("--workers", "2", "--time-limit", "60", TMPDIR=str(temporary))
    assert len(server.workers()) == 2
    workers = server.children()  # the workers, and any helper process multiprocessing started
    left = list(temporary.glob(f"pimgraph-serve-{server.process.pid}-*"))
    # A worker busy with a long query (an idle one would notice its closed pipe by itself).
    busy = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    busy.sendall(server.request_bytes(CROSS))
    time.sleep(1.5)
    os.kill(server.process.pid, signal.SIGKILL)
    busy.close()
    server.process.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    survivors = {pid for pid in workers if alive(pid)}
    kill_by_pid(survivors)
    assert not survivors, "query workers outlived the server they served"
    assert left, "the server keeps its graph snapshot in a folder named with its PID"
    assert all(folder.exists() for folder in left)  # nobody could remove it yet ...
    start("--workers", "1", TMPDIR=str(temporary))
    assert not any(folder.exists() for folder in left)  # ... the next start did


def test_query_workers_have_no_network(start) -> None:
    """Each worker lives in a network namespace of its own (graph.offline.cut_network), so a
    query that got past every check still could not reach another server."""
    server = start("--workers", "2")
    own = os.readlink(f"/proc/{server.process.pid}/ns/net")
    workers = server.workers()
    assert len(workers) == 2
    assert all(os.readlink(f"/proc/{pid}/ns/net") != own for pid in workers)


def test_a_client_that_hangs_up_frees_its_worker(start) -> None:
    server = start("--workers", "2", "--time-limit", "60")
    for _ in range(2):  # two heavy queries that hold both workers, then abandoned
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        connection.sendall(server.request_bytes(CROSS))
        time.sleep(1)
        connection.close()
    started = time.monotonic()
    status, body = server.sparql(COUNT, timeout=120)
    # Without cancellation the cheap query waits the whole 60 s time limit and gets 503.
    assert status == 200, body
    assert time.monotonic() - started < 45


def test_every_worker_answers_from_the_graph_loaded_at_start(start, tmp_path) -> None:
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    server = start("--workers", "2", "--time-limit", "2", PIMGRAPH_SUBMISSIONS_DIR=str(submissions))
    first = server.count()
    original = server.workers()
    (submissions / "late.ttl").write_text(
        "<https://example.org/late> <https://example.org/p> "
        + " , ".join(f'"{n}"' for n in range(40))
        + " .\n",
        encoding="utf-8",
    )
    # Two queries over the time limit at once: both workers are killed and replaced.
    answers: list[int] = []
    threads = [
        threading.Thread(target=lambda: answers.append(server.sparql(CROSS)[0])) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert answers == [503, 503]
    counts: list[int] = []
    deadline = time.monotonic() + 180
    while len(counts) < 20 and time.monotonic() < deadline:
        status, body = server.sparql(COUNT)
        if status == 200:
            counts.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
        else:
            time.sleep(0.5)  # the replacements are still loading
    assert not server.workers() & original, "both workers were replaced"
    assert counts == [first] * 20


def test_deep_nesting_and_long_queries_get_400_not_500(start) -> None:
    server = start("--workers", "1")
    for depth in (50, 2000):
        status, body = server.sparql(nested(depth))
        assert status == 400 and "nested too deeply" in body, (depth, body)
    status, body = server.sparql("SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_CHARS)
    assert status == 400 and "too long" in body, body
    assert server.sparql(nested(MAX_NESTING))[0] == 200
    assert server.count() > 0


def test_the_cli_refuses_a_deeply_nested_query_with_exit_2(tmp_path) -> None:
    query = tmp_path / "deep.rq"
    query.write_text(nested(2000), encoding="utf-8")
    result = CliRunner().invoke(main, ["query", "--file", str(query)])
    assert result.exit_code == 2, result.output
    assert "nested too deeply" in result.output and "Traceback" not in result.output


def test_nesting_is_counted_outside_strings_iris_and_comments() -> None:
    assert nesting_depth('SELECT * WHERE { ?s <http://x/(a)[b]> "{{{" # {{{\n }') == 1
    assert nesting_depth("SELECT * WHERE { FILTER(?a<?b && ?b>(1)) }") == 3
    assert nesting_depth("ASK { '''}}} it's \\''' ''' ( [ ] ) }") == 3
    check_query_size(nested(MAX_NESTING))
    with pytest.raises(UsageError, match="nested too deeply"):
        check_query_size(nested(MAX_NESTING + 1))
    with pytest.raises(UsageError, match="too long"):
        check_query_size("#" * (MAX_QUERY_CHARS + 1))


class _Recursing:
    """An engine whose parser recurses too deep, whatever the limits let through."""

    def query(self, text, bindings=None):
        raise RecursionError("maximum recursion depth exceeded")


def test_a_recursion_error_in_parsing_is_the_same_clear_refusal() -> None:
    status, _, body = execute(_Recursing(), "ASK { ?s ?p ?o }", None)
    assert status == 400 and b"nested too deeply" in body
    with pytest.raises(UsageError, match="nested too deeply"):
        run(adhoc_query("ASK { ?s ?p ?o }", "<test>"), [], _Recursing())
