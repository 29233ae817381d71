"""Load on loopback: `pimgraph serve` and `oxigraph serve` side by side, same data, same clients.

    python bench/load.py [--duration 20] [--clients 30] [--processes 2] \
        [--markdown docs/performance.md]

Builds the site once (`pimgraph publish`), starts `pimgraph serve --site ... --quiet` on a free
loopback port, then loads the very N-Quads its query workers hold (the graph snapshot in the
server's private folder) into an `oxigraph serve-read-only`, also on loopback. Each scenario runs
for a fixed duration with `--clients` keep-alive connections (http.client, one per thread, the
threads spread over `--processes` processes so that the client is not the bottleneck):

* sparql: the same cheap queries on both servers (GET and POST, JSON and CSV, SELECT and ASK);
* static: pimgraph's pages and files (HTML, Turtle, the search index, CSS);
* 303: pimgraph's resource IRIs, negotiated (HTML and Turtle, not followed).

It records requests/s, p50/p99 latency, errors (any status other than the expected one, or a
failed connection) and the server's RSS (its own process plus its query workers) before and
after. Results go to `bench/results/load-<date>.json` and, with `--markdown`, between the
`<!-- load -->` markers of that file (first placed at the end of docs/performance.md's
hand-written analysis, which `bench/run.py` keeps). Nothing leaves 127.0.0.1; every run is
bounded by `--duration` (at most 300 s) and `--clients` (at most 256).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, oxigraph_executable, stop_process  # noqa: E402

HOST = "127.0.0.1"
PREFIXES = (
    "PREFIX pim: <https://w3id.org/pim/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
QUERIES = [
    PREFIXES + "SELECT ?city ?label WHERE { ?city a pim:City ; rdfs:label ?label } LIMIT 20",
    PREFIXES + "ASK { ?city a pim:City }",
    PREFIXES + "SELECT (COUNT(?city) AS ?n) WHERE { ?city a pim:City }",
    "SELECT ?p ?o WHERE { <https://w3id.org/pim/id/city/slupsk> ?p ?o }",
]
JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
STATIC = [
    "/index.en.html",
    "/index.pl.html",
    "/id/city/slupsk.en.html",
    "/ontology/pim.ttl",
    "/static/site.css",
    "/static/search.js",
    "/query.en.html",
]
IRIS = ["/id/city/slupsk", "/id/city/gdynia", "/ontology", "/catalog"]
# Cheap web-API calls: the OpenAPI document and stored queries with parameters, JSON and CSV.
API = [
    "/api",
    "/api/queries/city-profile?city=S%C5%82upsk&lang=en",
    "/api/queries/city-profile?city=pimid:city/gdynia&format=csv",
    "/api/queries/cities-per-network?lang=pl",
]
MARKERS = ("<!-- load -->", "<!-- /load -->")
ANALYSIS_END = "<!-- /analysis -->"

Request = tuple[str, str, dict[str, str], bytes | None, int]  # method, path, headers, body, status


def sparql_requests(path: str) -> list[Request]:
    """GET and POST (form and direct), JSON and CSV, for each query: 16 requests."""
    requests: list[Request] = []
    for query in QUERIES:
        encoded = urllib.parse.urlencode({"query": query})
        accept_csv = "text/csv" if "ASK" not in query else JSON  # ASK has no CSV
        requests += [
            ("GET", f"{path}?{encoded}", {"Accept": JSON}, None, 200),
            ("GET", f"{path}?{encoded}", {"Accept": accept_csv}, None, 200),
            ("POST", path, {"Accept": JSON, "Content-Type": FORM}, encoded.encode(), 200),
            (
                "POST",
                path,
                {"Accept": accept_csv, "Content-Type": "application/sparql-query"},
                query.encode(),
                200,
            ),
        ]
    return requests


def static_requests() -> list[Request]:
    return [("GET", path, {}, None, 200) for path in STATIC]


def iri_requests() -> list[Request]:
    return [
        ("GET", path, {"Accept": accept}, None, 303)
        for path in IRIS
        for accept in ("text/html", "text/turtle")
    ]


def api_requests() -> list[Request]:
    return [("GET", path, {}, None, 200) for path in API]


def _client(
    port: int, requests: list[Request], until: float, duration: float, offset: int, out: list
) -> None:
    """One keep-alive connection sending ``requests`` round-robin for ``duration`` seconds
    before ``until`` (every client starts at the same moment; the clock is system-wide)."""
    latencies, errors, index = [], 0, offset
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    time.sleep(max(0.0, until - duration - time.monotonic()))
    while time.monotonic() < until:
        method, path, headers, body, expected = requests[index % len(requests)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == expected
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
        latencies.append(time.perf_counter() - started)
        errors += not ok
    connection.close()
    out.append((latencies, errors))


def _process(port, requests, until, duration, threads, base, pipe) -> None:
    out: list = []
    workers = [
        threading.Thread(target=_client, args=(port, requests, until, duration, base + n, out))
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    pipe.send(out)
    pipe.close()


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def family(pid: int) -> list[int]:
    """``pid`` and its children (pimgraph's query workers)."""
    pids = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                pids.append(int(entry))
    return pids


def run_scenario(name, port, pid, requests, duration, clients, processes) -> dict:
    context = multiprocessing.get_context("spawn")
    rss_before = rss_mib(family(pid))
    until = time.monotonic() + duration + 2.0  # the processes start within those 2 s
    pipes, children = [], []
    for n in range(processes):
        receiver, sender = context.Pipe(duplex=False)
        threads = clients // processes + (n < clients % processes)
        child = context.Process(
            target=_process, args=(port, requests, until, duration, threads, n * 1000, sender)
        )
        child.start()
        pipes.append(receiver)
        children.append(child)
    results = [item for pipe in pipes for item in pipe.recv()]
    for child in children:
        child.join()
    latencies = sorted(t for item, _ in results for t in item)
    errors = sum(e for _, e in results)
    return {
        "scenario": name,
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / duration, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2) if latencies else None,
        "errors": errors,
        "rss_before_mib": rss_before,
        "rss_after_mib": rss_mib(family(pid)),
    }


def wait_for(port: int, path: str, process: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path, headers={"Accept": JSON})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer on port {port} within {seconds} s")


def start_pimgraph(work: Path, workers: int) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "PIMGRAPH_CACHE_DIR": str(work / "cache")}
    pimgraph = [sys.executable, "-m", "pimgraph"]
    subprocess.run([*pimgraph, "publish", "--out", str(work / "site")], check=True, env=env)
    port = free_port()
    command = [*pimgraph, "serve", "--site", str(work / "site"), "--port", str(port)]
    command += ["--quiet", "--workers", str(workers)]
    log = open(work / "pimgraph-serve.log", "wb")  # noqa: SIM115 (the server's lifetime)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_for(port, "/sparql?query=ASK%7B%7D", process)
    return process, port


def start_oxigraph(work: Path, snapshot: Path) -> tuple[subprocess.Popen, int]:
    executable = oxigraph_executable()
    if executable is None:
        raise SystemExit("the oxigraph command is not installed (pip install oxigraph)")
    store = work / "oxigraph"
    load = [executable, "load", "--location", str(store), "--file", str(snapshot)]
    subprocess.run(load, check=True)
    port = free_port()
    log = open(work / "oxigraph.log", "wb")  # noqa: SIM115 (the server's lifetime)
    process = subprocess.Popen(
        [executable, "serve-read-only", "--location", str(store), "--bind", f"{HOST}:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for(port, "/query?query=ASK%7B%7D", process)
    return process, port


def markdown(results: list[dict], command: str, meta: dict) -> str:
    lines = [
        f"Measured {meta['date']} on {meta['cpus']} CPUs ({meta['note']}); "
        f"{meta['clients']} keep-alive clients in {meta['processes']} processes, "
        f"{meta['duration']:g} s per row; RSS is the server's own process plus its query "
        f"workers. Rerun: `{command}`",
        "",
        "| round | server | scenario | requests/s | p50 ms | p99 ms | errors | "
        "RSS before → after (MiB) |",
        "|---:|---|---|---:|---:|---:|---:|---|",
    ]
    for row in results:
        lines.append(
            f"| {row['round']} | {row['server']} | {row['scenario']} | "
            f"{row['requests_per_s']:,.0f} | "
            f"{row['p50_ms']} | {row['p99_ms']} | {row['errors']} | "
            f"{row['rss_before_mib']} → {row['rss_after_mib']} |"
        )
    return "\n".join(lines)


def write_markdown(path: Path, table: str) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = MARKERS
    block = f"{start}\n{table}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    elif ANALYSIS_END in text:  # inside the hand-written part, which bench/run.py keeps
        heading = "### Load: `pimgraph serve` and `oxigraph serve` (`bench/load.py`)"
        text = text.replace(ANALYSIS_END, f"\n{heading}\n\n{block}\n{ANALYSIS_END}", 1)
    else:
        text = text.rstrip("\n") + f"\n\n## Load\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--workers", type=int, default=2, help="pimgraph serve --workers")
    parser.add_argument("--rounds", type=int, default=1, help="run the plan this many times")
    parser.add_argument("--note", default="a quiet machine", help="the conditions, for the doc")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    args.duration = min(max(args.duration, 1.0), 300.0)
    args.clients = min(max(args.clients, 1), 256)
    args.processes = min(max(args.processes, 1), args.clients)
    args.rounds = min(max(args.rounds, 1), 5)
    work = Path(tempfile.mkdtemp(prefix="pimgraph-load-"))
    servers: list[subprocess.Popen] = []
    results = []
    try:
        pimgraph, pim_port = start_pimgraph(work, args.workers)
        servers.append(pimgraph)
        snapshot = next(Path(tempfile.gettempdir()).glob(f"pimgraph-serve-{pimgraph.pid}-*"))
        oxigraph, oxi_port = start_oxigraph(work, snapshot / "graph.nq")
        servers.append(oxigraph)
        plan = [
            ("oxigraph serve", "sparql", oxi_port, oxigraph.pid, sparql_requests("/query")),
            ("pimgraph serve", "sparql", pim_port, pimgraph.pid, sparql_requests("/sparql")),
            ("pimgraph serve", "static", pim_port, pimgraph.pid, static_requests()),
            ("pimgraph serve", "303", pim_port, pimgraph.pid, iri_requests()),
            ("pimgraph serve", "api", pim_port, pimgraph.pid, api_requests()),
        ]
        for round_number in range(1, args.rounds + 1):
            for server, scenario, port, pid, requests in plan:
                row = run_scenario(
                    scenario, port, pid, requests, args.duration, args.clients, args.processes
                )
                row["server"], row["round"] = server, round_number
                print(json.dumps(row), flush=True)
                results.append(row)
    finally:
        for process in servers:
            stop_process(process)
        shutil.rmtree(work, ignore_errors=True)
    meta = {
        "date": datetime.date.today().isoformat(),
        "cpus": os.cpu_count(),
        "note": args.note,
        "clients": args.clients,
        "processes": args.processes,
        "duration": args.duration,
        "rounds": args.rounds,
    }
    out = args.out or ROOT / "bench" / "results" / f"load-{meta['date']}.json"
    out.write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    command = (
        f"python bench/load.py --duration {args.duration:g} --clients {args.clients} "
        f"--rounds {args.rounds}"
    )
    table = markdown(results, command + " --markdown docs/performance.md", meta)
    print(table)
    if args.markdown:
        write_markdown(args.markdown, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
