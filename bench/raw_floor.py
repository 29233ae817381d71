"""The raw floor of a query: what the same work costs with pyoxigraph alone.

    python bench/raw_floor.py QUERY_FILE PREFIXES_JSON FILE...

Loads FILE... into a fresh in-memory ``pyoxigraph.Store`` with ``bulk_load`` (Turtle or
N-Triples by extension), runs the SPARQL text of QUERY_FILE (parameters already in it as a
``VALUES`` block, exactly as pimgraph sends them) with the prefixes of PREFIXES_JSON, and writes
the results to stdout as SPARQL 1.1 Query Results JSON (a graph as N-Triples). No inference, no
cache, no checks: the floor pimgraph's own ``pimgraph query`` is compared with (bench/run.py).
Only pyoxigraph is imported.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    import pyoxigraph as ox

    query_file, prefixes_file, *files = argv
    formats = {
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".nq": ox.RdfFormat.N_QUADS,
    }
    store = ox.Store()
    for path in files:
        suffix = path[path.rfind(".") :]
        store.bulk_load(path=path, format=formats[suffix])
    with open(query_file, encoding="utf-8") as stream:
        text = stream.read()
    with open(prefixes_file, encoding="utf-8") as stream:
        prefixes = json.load(stream)
    answer = store.query(text, prefixes=prefixes)
    out = sys.stdout.buffer
    if isinstance(answer, ox.QueryBoolean):
        out.write(json.dumps({"head": {}, "boolean": bool(answer)}).encode())
    elif isinstance(answer, ox.QuerySolutions):
        answer.serialize(out, ox.QueryResultsFormat.JSON)
    else:
        answer.serialize(out, ox.RdfFormat.N_TRIPLES)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
