"""Push a graph to real Oxigraph and Virtuoso servers and time the stored queries there.

    python bench/stores.py --size 1m [--timeout 300] [--repeat 3]
    python bench/stores.py --size bundled --compare

Starts both servers on loopback (the same classes the tests use), pushes the bundled graph plus
the synthetic file of that size (Oxigraph: Graph Store PUT into the default graph; Virtuoso:
digest-authenticated PUT into a named graph, queried with default-graph-uri), runs every stored
query with its example parameters, checks the rows equal the embedded engine's, and writes
bench/results/stores-<size>.json. Rerun: the command above; it needs `oxigraph` (pip) and
`virtuoso-t` (Debian virtuoso-opensource).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pimgraph.graph.engine import open_engine  # noqa: E402
from pimgraph.remote.client import Credentials, Endpoint  # noqa: E402
from pimgraph.remote.client import query as remote_query  # noqa: E402
from pimgraph.remote.push import PushTarget, push_graph  # noqa: E402
from pimgraph.sparql.binding import bind, parse_assignments  # noqa: E402
from pimgraph.sparql.catalogue import catalogue  # noqa: E402
from tests.servers import OxigraphServer, VirtuosoServer  # noqa: E402

GRAPH = "https://w3id.org/pim/graph/main"


def example_params(query) -> list[str]:
    return [f"{name}={value}" for name, value in query.example_values().items()]


def timed(function):
    """(seconds, result) or (None, 'timeout'/'error: ...'). Remote calls are bounded by the
    endpoint's HTTP timeout, which cuts the request itself."""
    started = time.perf_counter()
    try:
        result = function()
    except Exception as error:  # a store's failure is a result to record, not a crash
        text = str(error).splitlines()[0][:200]
        return None, "timeout" if "no answer within" in text else f"error: {text}"
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m", help="bundled, 10k, 100k, 300k or 1m")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per query run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--stores", default="oxigraph,virtuoso", help="which servers, comma-separated"
    )
    parser.add_argument(
        "--virtuoso-method",
        choices=["gsp", "update"],
        default="gsp",
        help="gsp: one PUT (one huge transaction); update: INSERT DATA chunks + MOVE",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also run every query on the embedded engine and compare rows (slow at 10^6)",
    )
    args = parser.parse_args()
    extra = (
        [] if args.size == "bundled" else [ROOT / "bench" / "data" / f"synthetic-{args.size}.nt"]
    )
    for path in extra:
        if not path.exists():
            parser.error(f"{path} is missing: python bench/generate.py first (see bench/README.md)")
    work = Path(tempfile.mkdtemp(prefix="pimgraph-stores-"))
    os.environ.setdefault("PIMGRAPH_CACHE_DIR", str(work / "cache"))
    started = time.perf_counter()
    engine = open_engine(extra)
    load_seconds = time.perf_counter() - started
    queries = sorted(catalogue().values(), key=lambda q: q.id)
    bindings = {
        q.id: bind(q, parse_assignments(example_params(q)), engine, {"lang": "en"}) for q in queries
    }
    local = {q.id: (None, None) for q in queries}
    if args.compare:
        for q in queries:
            local[q.id] = timed(lambda q=q: engine.query(q.text, bindings[q.id]).as_set())
    report = {
        "size": args.size,
        "triples": len(engine),
        "local_load_seconds": round(load_seconds, 3),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "stores": {},
    }
    oxigraph = OxigraphServer(work / "oxigraph" / "db")
    (work / "oxigraph").mkdir()
    virtuoso = VirtuosoServer(work / "virtuoso")
    try:
        if "oxigraph" in args.stores:
            oxigraph.start()
        if "virtuoso" in args.stores:
            virtuoso.start()
        setups = {
            "oxigraph": (
                PushTarget(oxigraph.query_url, "oxigraph", None, timeout=3600),
                Endpoint(oxigraph.query_url, timeout=args.timeout, retries=0),
            ),
            "virtuoso": (
                PushTarget(
                    virtuoso.query_url,
                    "virtuoso" if args.virtuoso_method == "gsp" else "update",
                    GRAPH,
                    timeout=3600,
                    update_url=virtuoso.base + "/sparql-auth",
                    credentials=Credentials(virtuoso.user, virtuoso.password),
                ),
                Endpoint(virtuoso.query_url, timeout=args.timeout, retries=0, default_graph=GRAPH),
            ),
        }
        wanted = args.stores.split(",")
        for name, (target, endpoint) in ((n, v) for n, v in setups.items() if n in wanted):
            push = push_graph(engine.store, target)
            entry = {
                "push_seconds": round(push.seconds, 3),
                "push_method": push.method,
                "queries": {},
            }
            for q in queries:
                runs, answer = [], None
                for _ in range(args.repeat):
                    seconds, answer = timed(
                        lambda q=q, endpoint=endpoint: remote_query(
                            endpoint, q.text, bindings[q.id]
                        ).as_set()
                    )
                    if seconds is None:
                        break
                    runs.append(seconds)
                local_seconds, local_rows = local[q.id]
                entry["queries"][q.id] = {
                    "median_seconds": round(statistics.median(runs), 4)
                    if runs and len(runs) == args.repeat
                    else None,
                    "runs": [round(r, 4) for r in runs],
                    "outcome": "ok" if runs and len(runs) == args.repeat else answer,
                    "rows": len(answer) if isinstance(answer, set) else None,
                    "same_rows_as_embedded": (answer == local_rows)
                    if isinstance(answer, set) and isinstance(local_rows, set)
                    else None,
                    "embedded_seconds": round(local_seconds, 4) if local_seconds else None,
                }
                print(
                    f"{name:9s} {q.id:28s} {entry['queries'][q.id]['outcome']:>8s} "
                    f"{entry['queries'][q.id]['median_seconds']}",
                    flush=True,
                )
            report["stores"][name] = entry
            print(
                f"{name}: pushed {push.triples:,} triples in {push.seconds:.1f} s ({push.method})",
                flush=True,
            )
    finally:
        oxigraph.stop()
        virtuoso.stop()
    out = args.out or ROOT / "bench" / "results" / f"stores-{args.size}.json"
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
