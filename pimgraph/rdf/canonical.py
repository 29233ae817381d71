"""One canonical Turtle form for every file pimgraph writes or ships.

Data files are kept in this form (a test re-serialises each and fails on a difference), so a
diff shows only real changes. Rewrite them with ``python -m pimgraph.rdf.canonical data/*.ttl``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from rdflib import Graph

from pimgraph.core.namespaces import bind_prefixes


def canonical_turtle(graph: Graph) -> str:
    """Sorted, prefix-bound Turtle (rdflib's ``longturtle``) for ``graph``."""
    out = bind_prefixes(Graph())
    out += graph
    return out.serialize(format="longturtle")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        write_atomically(path, canonical_turtle(Graph().parse(path)))
        print(f"canonical: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
