"""How fast the site search answers in a real browser, and how big its files are.

    python bench/search_latency.py                      # publishes the bundled site first
    python bench/search_latency.py --site site          # a folder from `pimgraph publish`
    python bench/search_latency.py --data bench/data/synthetic-100k.nt --label 100k

The site is served over loopback HTTP (any static host serves the search: it needs no server
code) to Debian's headless Chromium, which opens ``search.en.html`` and runs, inside the page,
the calls ``static/search.js`` makes (``window.pimgraphSearch``), timed with
``performance.now()``:

*first query*
    fetching and parsing ``search/index.json`` and ``search/forms.json`` (``cache: no-store``),
    building the MiniSearch index (``createEngine``) and the first ``search()``: what a visitor
    waits for on the first keystroke, bar the network (loopback here); fresh page each run;
*search()*
    one query against the built index, as ``update()`` calls it on every keystroke;
*input to DOM*
    the whole keystroke path of the page's own box: an ``input`` event on ``#search-input``
    until search.js has rendered the result list (a MutationObserver; layout and paint not
    included).

With ``--data`` only the search files are built from the bundled graph plus those files (as
``pimgraph publish`` builds them; a whole publish does not scale past 10^4 triples, see
docs/performance.md) and put into a copy of the site. Results go to
``bench/results/search-latency-<label>-<date>.json`` and are printed as Markdown. The timings
are the browser's, on whatever machine runs this; tests never assert them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
QUERIES = (
    "slupsk",
    "rewitalizacji",
    "zory",
    "transport",
    "zielone miasto",
    "jakość powietrza",
    "mobilnosc miejska",
    "partycypacji",
    "lodz",
    "miasto",
    "syntetyczne 17",
)
BUDGET_MS = 50.0  # issue 14: a query answers in at most 50 ms in the browser

FIRST = """
var q = arguments[0], done = arguments[arguments.length - 1];
var api = window.pimgraphSearch, t = {}, start = performance.now();
function get(name) {
  return fetch("search/" + name, {cache: "no-store"}).then(function (r) { return r.json(); });
}
Promise.all([get("index.json"), get("forms.json")]).then(function (files) {
  var a = performance.now(); t.fetch_parse = a - start;
  var state = api.createEngine(files[0], files[1]);
  var b = performance.now(); t.build = b - a;
  t.hits = api.search(state, q, "en", 10).length;
  var c = performance.now(); t.query = c - b; t.total = c - start;
  done(t);
}).catch(function (e) { done({error: String(e)}); });
"""
WARM = """
var queries = arguments[0], n = arguments[1], done = arguments[arguments.length - 1];
var api = window.pimgraphSearch, out = {};
function get(name) { return fetch("search/" + name).then(function (r) { return r.json(); }); }
Promise.all([get("index.json"), get("forms.json")]).then(function (files) {
  var state = api.createEngine(files[0], files[1]);
  queries.forEach(function (q) {
    var times = [], hits = 0;
    for (var i = 0; i < n; i++) {
      var t0 = performance.now();
      hits = api.search(state, q, "en", 10).length;
      times.push(performance.now() - t0);
    }
    out[q] = {times: times, hits: hits};
  });
  done(out);
}).catch(function (e) { done({error: String(e)}); });
"""
# One keystroke through the page's own box: the time from the input event until search.js has
# changed the form (result list, status, aria-expanded), all done in one task after the search.
TYPE = """
var q = arguments[0], done = arguments[arguments.length - 1];
var input = document.getElementById("search-input"), form = input.form;
input.value = ""; input.dispatchEvent(new Event("input"));
setTimeout(function () {
  var start, observer = new MutationObserver(function () {
    observer.disconnect(); done(performance.now() - start);
  });
  observer.observe(form, {subtree: true, childList: true, attributes: true, characterData: true});
  input.value = q; start = performance.now(); input.dispatchEvent(new Event("input"));
}, 0);
"""
READY = """
var done = arguments[arguments.length - 1], input = document.getElementById("search-input");
input.focus();  // search.js loads its files on the first focus
var poll = setInterval(function () {
  input.value = "slupsk"; input.dispatchEvent(new Event("input"));
  if (document.querySelector("#search-results [role=option]")) {
    clearInterval(poll); done(true); }
}, 50);
"""


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a published site (default: publish one)")
    parser.add_argument("--data", action="append", default=[], help="extra RDF (repeatable)")
    parser.add_argument("--label", default=None, help="name of the size (default: bundled)")
    parser.add_argument("--queries", default=",".join(QUERIES), help="comma-separated")
    parser.add_argument("--repeat", type=int, default=50, help="runs of each warm query")
    parser.add_argument("--first-repeat", type=int, default=7, help="runs of the first query")
    parser.add_argument("--out", type=Path, help="results JSON (default: bench/results/...)")
    return parser.parse_args(argv)


def _publish(folder: Path) -> Path:
    site = folder / "site"
    pimgraph = Path(sys.executable).parent / "pimgraph"
    env = {**os.environ, "PIMGRAPH_CACHE_DIR": str(folder / "cache")}
    subprocess.run([str(pimgraph), "publish", "--out", str(site)], check=True, env=env)
    return site


def _with_search_files_of(site: Path, data: list[str], folder: Path) -> Path:
    """A copy of ``site`` whose search files index the bundled graph plus ``data``."""
    from pimgraph.graph.asserted import parse_files
    from pimgraph.graph.engine import open_engine
    from pimgraph.publish.model import SiteGraph
    from pimgraph.publish.search import search_files

    engine = open_engine(data, use_cache=False)
    files = search_files(SiteGraph(parse_files(engine.info.inputs), engine.to_rdflib()))
    copy = folder / "site-with-data"
    shutil.copytree(site, copy)
    for relative, text in files.items():
        (copy / relative).write_text(text, encoding="utf-8")
    return copy


def _sizes(site: Path) -> dict[str, int]:
    sizes = {}
    for name in ("index.json", "forms.json"):
        raw = (site / "search" / name).read_bytes()
        sizes[name] = len(raw)
        sizes[f"{name}.gz"] = len(gzip.compress(raw, compresslevel=6))  # a server's default
    return sizes


@contextlib.contextmanager
def _served(site: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _chromium(folder: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--lang=en-US",
        f"--user-data-dir={tempfile.mkdtemp(dir=folder, prefix='chromium-')}",
    ):
        options.add_argument(argument)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_script_timeout(300)
    return driver


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "first_ms": times[0],  # the query's first run: nothing of it cached or compiled yet
        "median_ms": statistics.median(ordered),
        "p95_ms": p95,
        "max_ms": ordered[-1],
    }


def _measure(driver, base: str, queries: list[str], args: argparse.Namespace) -> dict:
    page = base + "/search.en.html"
    first = []
    for _ in range(args.first_repeat):
        driver.get(page)
        first.append(driver.execute_async_script(FIRST, queries[0]))
    if any("error" in run for run in first):
        raise SystemExit(f"the search files did not load: {first}")
    driver.get(page)
    warm = driver.execute_async_script(WARM, queries, args.repeat)
    driver.get(page)
    driver.execute_async_script(READY)
    typed = {q: [driver.execute_async_script(TYPE, q) for _ in range(args.repeat)] for q in queries}
    return {
        "first_query": {
            key: statistics.median(run[key] for run in first)
            for key in ("fetch_parse", "build", "query", "total")
        },
        "first_query_runs": first,
        "queries": {
            q: {
                "hits": warm[q]["hits"],
                "search": _summary(warm[q]["times"]),
                "input_to_dom": _summary(typed[q]),
            }
            for q in queries
        },
        "browser": driver.capabilities.get("browserVersion"),
    }


def _markdown(result: dict) -> str:
    sizes, first = result["sizes"], result["first_query"]
    lines = [
        f"Search latency, {result['label']} ({result['date']}, Chromium {result['browser']}, "
        f"{result['repeat']} runs a query; budget {BUDGET_MS:.0f} ms)",
        "",
        f"index.json {sizes['index.json'] / 1024:.0f} KB ({sizes['index.json.gz'] / 1024:.0f} KB "
        f"gzipped), forms.json {sizes['forms.json'] / 1024:.0f} KB "
        f"({sizes['forms.json.gz'] / 1024:.0f} KB gzipped)",
        "",
        f"First query (median of {len(result['first_query_runs'])}): {first['total']:.1f} ms = "
        f"fetch + parse {first['fetch_parse']:.1f} ms + build index {first['build']:.1f} ms + "
        f"query {first['query']:.1f} ms",
        "",
        "| query | hits | search() first | median | p95 | input to DOM median | p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    for query, row in result["queries"].items():
        s, d = row["search"], row["input_to_dom"]
        lines.append(
            f"| {query} | {row['hits']} | {s['first_ms']:.1f} ms | {s['median_ms']:.2f} ms | "
            f"{s['p95_ms']:.2f} ms | "
            f"{d['median_ms']:.2f} ms | {d['p95_ms']:.2f} ms |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    queries = [q for q in args.queries.split(",") if q.strip()]
    label = args.label or (
        "bundled" if not args.data else "+".join(Path(d).stem for d in args.data)
    )
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="search-latency-") as temporary:
        folder = Path(temporary)
        site = args.site or _publish(folder)
        if args.data:
            site = _with_search_files_of(site, args.data, folder)
        sizes = _sizes(site)
        driver = _chromium(folder)
        try:
            with _served(site) as base:
                measured = _measure(driver, base, queries, args)
        finally:
            driver.quit()
    today = datetime.date.today().isoformat()
    result = {
        "label": label,
        "date": today,
        "repeat": args.repeat,
        "sizes": sizes,
        "load_average": load,
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        **measured,
    }
    out = args.out or BENCH / "results" / f"search-latency-{label}-{today}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(_markdown(result))
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
