"""A process cut off the network cannot reach another server, even through a SERVICE query
that no check stopped (the engine is called directly here, as an attacker would wish)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class _Canary(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        _Canary.seen.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"head":{"vars":["a"]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


PROBE = textwrap.dedent(
    """
    import sys, pyoxigraph
    from pimgraph.graph.offline import cut_network
    if sys.argv[2] == "cut":
        assert cut_network(), "could not enter a network namespace"
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:%s/> { ?a ?b ?c } }" % sys.argv[1]
    try:
        list(pyoxigraph.Store().query(query))
        print("answered")
    except Exception as error:
        print("failed:", type(error).__name__)
    """
)


def _probe(port: int, mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(port), mode], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_cut_network_stops_service_at_the_engine() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        # The control: without the cut, the engine really goes out to the canary.
        assert _probe(port, "open") == "answered" and len(_Canary.seen) == 1
        assert _probe(port, "cut").startswith("failed")
        assert len(_Canary.seen) == 1, "a request left the isolated process"
    finally:
        server.shutdown()
