"""One canonical Turtle form for every file pimgraph writes or ships.

Data files are kept in this form (a test re-serialises each and fails on a difference), so a
diff shows only real changes. Rewrite them with ``python -m pimgraph.rdf.canonical data/*.ttl``.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from rdflib import Graph

from pimgraph.core.namespaces import bind_prefixes
from pimgraph.core.pause import pause_at, pid_alive

TEMPORARY_SUFFIX = ".tmp"
# ".<name>.<pid>.<random>.tmp": the pid tells a killed writer's file from a live one's.
_TEMPORARY = re.compile(r"\..+\.(\d+)\.[^.]+" + re.escape(TEMPORARY_SUFFIX))


def canonical_turtle(graph: Graph) -> str:
    """Sorted, prefix-bound Turtle (rdflib's ``longturtle``) for ``graph``."""
    out = bind_prefixes(Graph())
    out += graph
    return out.serialize(format="longturtle")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of ``write_atomically`` runs that were killed; return them."""
    removed = []
    for candidate in folder.glob(f".*{TEMPORARY_SUFFIX}") if folder.is_dir() else []:
        match = _TEMPORARY.fullmatch(candidate.name)
        if not match or int(match.group(1)) == os.getpid() or pid_alive(int(match.group(1))):
            continue
        try:
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half-written.

    The temporary file is ``.<name>.<pid>.<random>.tmp`` beside ``path``; those of killed runs
    in the same folder are removed first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path.parent)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=TEMPORARY_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        pause_at("write")
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
