"""``pimgraph serve``'s HTTP transport, against real subprocesses on free ports: keep-alive, gzip,
conditional GETs, CORS, signals, Retry-After, request bodies, clients that leave early, IPv6, a
burst of connections, and files streamed rather than read whole."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import uvicorn
from starlette.responses import JSONResponse
from starlette.routing import Route

from pimgraph.serve.app import build_app
from pimgraph.serve.state import ServeState
from pimgraph.serve.transport import Protocol, bind

from .conftest import need
from .test_serve import Served, pimgraph_command
from .test_serve_workers import CROSS, alive, children_of, command_line

ASK = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A site built by pimgraph publish, with one big file of our own to download."""
    folder = tmp_path_factory.mktemp("serve-http")
    env = {**os.environ, "PIMGRAPH_CACHE_DIR": str(folder / "cache")}
    subprocess.run(
        [*pimgraph_command(), "publish", "--out", str(folder / "site")],
        check=True,
        env=env,
        capture_output=True,
        timeout=600,
    )
    with open(folder / "site" / "big.txt", "wb") as big:
        for _ in range(64):
            big.write(os.urandom(1 << 19).hex().encode())  # 64 MiB of text
    return folder / "site"


@pytest.fixture(scope="module")
def served(tmp_path_factory, site):
    server = Served(tmp_path_factory.mktemp("served"), "--site", str(site), "--workers", "1")
    yield server
    server.stop()


def workers_of(pid: int) -> set[int]:
    return {child for child in children_of(pid) if b"spawn_main" in command_line(child)}


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_two_requests_share_one_connection(served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        ports = []
        for path in ("/index.en.html", f"/sparql?{ASK}"):
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.status == 200 and response.version == 11
            assert (response.getheader("connection") or "").lower() != "close"
            response.read()
            ports.append(connection.sock.getsockname()[1])
        assert ports[0] == ports[1]  # the same socket answered both
    finally:
        connection.close()


def test_text_is_gzipped_and_compressed_dumps_are_not(served, site) -> None:
    plain = (site / "index.en.html").read_bytes()
    status, headers, body = served.request(
        "GET", "/index.en.html", {"Accept-Encoding": "gzip, deflate"}
    )
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == plain
    status, headers, body = served.request("GET", "/index.en.html")
    assert "content-encoding" not in headers and body == plain
    dumps = sorted(site.glob("dumps/*.gz"))
    assert dumps, "the site has gzipped dumps"
    status, headers, body = served.request(
        "GET", "/" + dumps[0].relative_to(site).as_posix(), {"Accept-Encoding": "gzip"}
    )
    assert status == 200 and "content-encoding" not in headers
    assert body == dumps[0].read_bytes()


def test_static_files_answer_304_to_a_client_that_has_them(served) -> None:
    status, headers, _ = served.request("GET", "/ontology/pim.ttl")
    assert status == 200 and headers["etag"] and headers["last-modified"]
    etag, modified = headers["etag"], headers["last-modified"]
    for conditional in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"other", W/{etag}'},
        {"If-Modified-Since": modified},
    ):
        status, answer, body = served.request("GET", "/ontology/pim.ttl", conditional)
        assert (status, body) == (304, b""), conditional
        assert answer["etag"] == etag
    epoch = "Thu, 01 Jan 1970 00:00:00 GMT"
    for fresh in ({"If-None-Match": '"other"'}, {"If-Modified-Since": epoch}):
        assert served.request("GET", "/ontology/pim.ttl", fresh)[0] == 200, fresh


def preflight(server: Served, path: str, origin: str) -> tuple[int, dict[str, str]]:
    status, headers, _ = server.request(
        "OPTIONS",
        path,
        {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    return status, headers


def test_cors_preflight_on_sparql_and_api_and_not_on_the_site(served) -> None:
    for path in ("/sparql", "/api", "/api/queries/city-profile"):
        status, headers = preflight(served, path, "https://notebook.example")
        assert status in (200, 204), path
        assert headers["access-control-allow-origin"] == "*", path
        assert "POST" in headers["access-control-allow-methods"]
        assert "content-type" in headers["access-control-allow-headers"].lower()
    status, headers, _ = served.request(
        "GET", f"/sparql?{ASK}", {"Origin": "https://notebook.example"}
    )
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    status, headers, _ = served.request(
        "GET", "/index.en.html", {"Origin": "https://notebook.example"}
    )
    assert status == 200 and "access-control-allow-origin" not in headers


def test_cors_origins_can_be_named(tmp_path, site) -> None:
    server = Served(
        tmp_path,
        *("--site", str(site), "--workers", "1"),
        *("--cors-origin", "https://a.example", "--cors-origin", "https://b.example"),
    )
    try:
        for origin in ("https://a.example", "https://b.example"):
            status, headers = preflight(server, "/sparql", origin)
            assert status in (200, 204) and headers["access-control-allow-origin"] == origin
        status, headers = preflight(server, "/sparql", "https://evil.example")
        assert status >= 400 and "access-control-allow-origin" not in headers
        status, headers, _ = server.request(
            "GET", f"/sparql?{ASK}", {"Origin": "https://evil.example"}
        )
        assert status == 200 and "access-control-allow-origin" not in headers
    finally:
        server.stop()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_cleanly(tmp_path, signum) -> None:
    """No traceback, the temporary folder (built site, graph snapshot) gone, no worker left,
    even with a query under way."""
    server = Served(tmp_path, "--workers", "2", "--time-limit", "60")
    pid = server.process.pid
    folders = list(Path(os.environ.get("TMPDIR", "/tmp")).glob(f"pimgraph-serve-{pid}-*"))
    assert folders and all(folder.is_dir() for folder in folders)
    workers = workers_of(pid)
    assert len(workers) == 2
    busy = threading.Thread(target=lambda: _quietly(server, CROSS), daemon=True)
    busy.start()
    time.sleep(1.5)
    os.kill(pid, signum)
    assert server.process.wait(30) == 0
    log = server.log_path.read_text()
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log[-2000:]
    assert not any(folder.exists() for folder in folders)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.2)
    assert not any(alive(w) for w in workers)


def _quietly(server: Served, query: str) -> None:
    with contextlib.suppress(OSError):  # the server went away under us, as it should
        server.sparql(query, timeout=60)


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_a_503_says_when_to_retry(tmp_path, site) -> None:
    server = Served(tmp_path, "--site", str(site), "--workers", "1", "--time-limit", "3")
    try:
        (worker,) = workers_of(server.process.pid)
        idle = cpu_ticks(worker)
        answers: list[tuple[int, dict[str, str], bytes]] = []
        busy = threading.Thread(target=lambda: answers.append(server.sparql(CROSS)))
        busy.start()
        # The ASK is sent once the only worker is computing, so it waits the whole time limit
        # (its replacement, after the cut-off, starts a new interpreter: far slower than this).
        deadline = time.monotonic() + 10
        while cpu_ticks(worker) < idle + 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        status, headers, body = server.sparql("ASK { ?s ?p ?o }")
        busy.join(60)
        assert status == 503 and b"busy" in body, body
        assert int(headers["retry-after"]) > 0
        assert answers[0][0] == 503 and b"time limit" in answers[0][2]
        assert int(answers[0][1]["retry-after"]) > 0
    finally:
        server.stop()


def test_a_chunked_query_body_is_read(served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        connection.request(
            "POST",
            "/sparql",
            body=iter([b"ASK { ", b"?s ?p ", b"?o }"]),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
            encode_chunked=True,
        )
        response = connection.getresponse()
        assert response.status == 200 and b'"boolean": true' in response.read()
    finally:
        connection.close()


def test_a_body_over_the_limit_is_refused_even_chunked(served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        connection.request(
            "POST",
            "/sparql",
            body=iter([b"#" * 500_000] * 3),
            headers={"Content-Type": "application/sparql-query"},
            encode_chunked=True,
        )
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_clients_that_leave_early_leave_no_traceback(served) -> None:
    before = len(served.log_path.read_bytes())
    for _ in range(5):
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as client:
            client.sendall(b"GET /big.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            client.recv(1000)
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as client:
            client.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n")
    assert served.request("GET", "/index.en.html")[0] == 200
    log = served.log_path.read_bytes()[before:].decode()
    assert "Traceback" not in log and "Error" not in log, log[-2000:]


def test_big_files_are_streamed_not_read_whole(served, site) -> None:
    size = (site / "big.txt").stat().st_size
    before = rss_kib(served.process.pid)
    readers = []
    for _ in range(4):
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
        connection.request("GET", "/big.txt")
        readers.append((connection, connection.getresponse()))
    for _, response in readers:
        response.read(1 << 20)  # everyone started; the server is mid-way through four copies
    grown = rss_kib(served.process.pid) - before
    for connection, response in readers:
        assert len(response.read()) + (1 << 20) == size
        connection.close()
    assert grown * 1024 < size, f"the server grew by {grown} KiB serving a {size}-byte file"


def test_ipv6_loopback(tmp_path, site) -> None:
    try:
        with socket.create_server(("::1", 0), family=socket.AF_INET6):
            has_ipv6 = True
    except OSError:
        has_ipv6 = False
    need(has_ipv6, "an IPv6 loopback address (::1)")
    server = Served(tmp_path, "--site", str(site), "--workers", "1", host="::1")
    try:
        assert f"http://[::1]:{server.port}/" in server.log_path.read_text()
        assert server.sparql("ASK { ?s ?p ?o }")[0] == 200
    finally:
        server.stop()


def test_a_burst_of_connections_is_answered(served) -> None:
    clients = []
    for _ in range(200):  # all connect before any is read: the backlog must hold them
        client = socket.socket()
        client.settimeout(60)
        client.connect(("127.0.0.1", served.port))
        clients.append(client)
    for client in clients:
        client.sendall(b"GET /index.en.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    statuses = []
    for client in clients:
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
        client.close()
        statuses.append(answer.split(b" ", 2)[1])
    assert statuses == [b"200"] * 200


def test_listening_beyond_loopback_warns(tmp_path, site) -> None:
    process = subprocess.Popen(
        [*pimgraph_command(), "serve", "--site", str(site), "--host", "0.0.0.0", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PIMGRAPH_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        assert "reachable from other machines" in first
    finally:
        process.terminate()
        process.wait(30)


def test_extra_routes_mount_before_the_site_with_cors_under_api(tmp_path) -> None:
    """Where /api mounts: ``build_app(state, extra_routes)``, served by uvicorn in-process."""
    (tmp_path / "index.en.html").write_text("<p>site</p>", encoding="utf-8")

    async def ping(request):
        return JSONResponse({"pong": request.path_params["name"]})

    # No query workers: these routes never reach /sparql.
    state = ServeState(tmp_path, workers=None, cors_origins=("https://a.example",))  # type: ignore[arg-type]
    app = build_app(state, [Route("/api/ping/{name}", ping)])
    listening = bind("127.0.0.1", 0)
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, http=Protocol, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/api/ping/x", headers={"Origin": "https://a.example"})
        response = connection.getresponse()
        assert response.status == 200 and response.read() == b'{"pong":"x"}'
        assert response.getheader("access-control-allow-origin") == "https://a.example"
        connection.request("GET", "/index.en.html", headers={"Origin": "https://a.example"})
        response = connection.getresponse()
        assert response.read() == b"<p>site</p>"
        assert response.getheader("access-control-allow-origin") is None
        connection.close()
    finally:
        server.should_exit = True
        thread.join(10)
