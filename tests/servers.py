"""Real servers for tests, on free loopback ports, stopped by the PID we started.

``OxigraphServer`` runs ``oxigraph serve`` (PyPI package ``oxigraph``); ``FaultServer`` is a tiny
HTTP server that answers the way broken endpoints do (503, an HTML page, truncated JSON);
``CuttingProxy`` forwards to a real server but cuts the connection partway through a request.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_executable() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("oxigraph")


def sparql_ask(url: str, timeout: float = 2.0) -> bool:
    """True once ``url`` answers ``ASK {}`` (Virtuoso answers it as a SELECT of __ASK_RETVAL)."""
    data = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        document = json.loads(response.read())
    return "boolean" in document or document.get("head", {}).get("vars") == ["__ASK_RETVAL"]


def stop_process(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop the process we started, by its PID: TERM, then KILL if it lingers."""
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


class OxigraphServer:
    def __init__(self, location: Path, read_only: bool = False):
        self.location = location
        self.read_only = read_only
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = self.base + "/query"
        self.process: subprocess.Popen | None = None

    def start(self) -> OxigraphServer:
        executable = oxigraph_executable()
        if executable is None:
            raise RuntimeError("the oxigraph command is not installed (pip install oxigraph)")
        command = "serve-read-only" if self.read_only else "serve"
        log = open(self.location.parent / f"oxigraph-{self.port}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                executable,
                command,
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}")
            try:
                if sparql_ask(self.query_url):
                    return self
            except (urllib.error.URLError, OSError, ValueError):
                time.sleep(0.1)
        stop_process(self.process)
        raise RuntimeError("oxigraph did not answer ASK {} within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


class _FaultHandler(http.server.BaseHTTPRequestHandler):
    mode = "503"
    hits = 0

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _answer(self) -> None:
        type(self).hits += 1
        length = int(self.headers.get("Content-Length", 0) or 0)
        if length:
            self.rfile.read(length)
        if self.mode == "503":
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(b"Service Unavailable")
        elif self.mode == "html":
            body = b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.mode == "truncated":
            body = (
                b'{"head": {"vars": ["s"]}, "results": {"bindings": '
                b'[{"s": {"type": "uri", "value": "http://x/a"}}, {"s'
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.mode == "partial":
            body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("X-SQL-State", "S1TAT")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer
    do_PUT = _answer


class FaultServer:
    """An HTTP server on loopback that always answers in one broken way (``mode``)."""

    def __init__(self, mode: str):
        handler = type("Handler", (_FaultHandler,), {"mode": mode, "hits": 0})
        self.handler = handler
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def hits(self) -> int:
        return self.handler.hits


class CuttingProxy:
    """Forward TCP to ``target_port``, but close both sides after ``cut_after`` request bytes."""

    def __init__(self, target_port: int, cut_after: int):
        self.target_port = target_port
        self.cut_after = cut_after
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.forwarded = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> CuttingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.listener.close()

    def _serve(self) -> None:
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        try:
            while self.forwarded < self.cut_after:
                chunk = client.recv(min(65536, self.cut_after - self.forwarded))
                if not chunk:
                    break
                upstream.sendall(chunk)
                self.forwarded += len(chunk)
        finally:
            # Cut both connections mid-request: the server sees a truncated body.
            for sock in (upstream, client):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, {dir}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


def virtuoso_executable() -> str | None:
    return shutil.which("virtuoso-t") or (
        "/usr/bin/virtuoso-t" if Path("/usr/bin/virtuoso-t").exists() else None
    )


class VirtuosoServer:
    """``virtuoso-t`` in the foreground with a throwaway database on free loopback ports."""

    user = "dba"
    password = "dba"  # the default of a new database, which lives only as long as the test run

    def __init__(self, folder: Path):
        self.folder = folder
        self.http_port = free_port()
        self.sql_port = free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.query_url = self.base + "/sparql"
        self.process: subprocess.Popen | None = None

    def start(self) -> VirtuosoServer:
        executable = virtuoso_executable()
        if executable is None:
            raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port)
        )
        output = open(self.folder / "stdout.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [executable, "-f", "-c", str(ini)],
            cwd=self.folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        # In the foreground (-f) Virtuoso logs to stdout; its ErrorLogFile may stay empty.
        log = self.folder / "stdout.log"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited with {self.process.returncode}: "
                    f"{log.read_text(errors='replace')[-500:] if log.exists() else ''}"
                )
            if log.exists() and "HTTP server online" in log.read_text(errors="replace"):
                try:
                    if sparql_ask(self.query_url, timeout=5):
                        return self
                except (urllib.error.URLError, OSError, ValueError):
                    pass
            time.sleep(0.25)
        stop_process(self.process)
        raise RuntimeError("virtuoso did not come online within 120 s")

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, timeout=30)
