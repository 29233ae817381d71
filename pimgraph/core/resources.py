"""The bundled assets (ontology, shapes, data, queries), found through importlib.resources.

Nothing else in pimgraph knows where the assets live, so an installed copy works from any
folder and an editable checkout works the same way.
"""

from __future__ import annotations

import os
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

ONTOLOGY_FILE = "pim.ttl"
SHAPES_FILE = "pim-shapes.ttl"
ONTOLOGY_QA_FILE = "ontology-qa.ttl"


# The queries/ folder is the package pimgraph.query_files (pimgraph.sparql.catalogue is the
# catalogue module).
_PACKAGES = {
    "ontology": "pimgraph.ontology",
    "shapes": "pimgraph.shapes",
    "data": "pimgraph.data",
    "queries": "pimgraph.query_files",
}


def _folder(name: str) -> Traversable:
    return files(_PACKAGES[name])


def _real_path(item: Traversable) -> Path:
    # Assets ship as plain files in the wheel (never zipped), so as_file returns the file itself.
    with as_file(item) as path:
        return Path(path)


def ontology_path() -> Path:
    return _real_path(_folder("ontology") / ONTOLOGY_FILE)


def shapes_path() -> Path:
    return _real_path(_folder("shapes") / SHAPES_FILE)


def ontology_qa_path() -> Path:
    return _real_path(_folder("shapes") / ONTOLOGY_QA_FILE)


def data_paths() -> list[Path]:
    """The curated data files, in a stable order (submissions are not part of this list)."""
    folder = _folder("data")
    return sorted(_real_path(item) for item in folder.iterdir() if item.name.endswith(".ttl"))


def data_dir() -> Path:
    return _real_path(_folder("data"))


def submissions_dir() -> Path:
    """Accepted submissions: ``$PIMGRAPH_SUBMISSIONS_DIR``, else ``data/submissions/``."""
    explicit = os.environ.get("PIMGRAPH_SUBMISSIONS_DIR")
    return Path(explicit) if explicit else data_dir() / "submissions"


def submission_paths() -> list[Path]:
    """The accepted submission files, which are part of the graph like the curated data."""
    folder = submissions_dir()
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []


def query_paths() -> list[Path]:
    folder = _folder("queries")
    return sorted(_real_path(item) for item in folder.iterdir() if item.name.endswith(".rq"))


def check_paths() -> list[Path]:
    folder = _folder("queries") / "checks"
    if not folder.is_dir():
        return []
    return sorted(_real_path(item) for item in folder.iterdir() if item.name.endswith(".rq"))


def extra_data_paths() -> list[Path]:
    """Files (or folders of .ttl/.nt files) named in ``$PIMGRAPH_EXTRA_DATA``, joined by os.pathsep.

    They become part of the graph for every command, like the curated data: how a researcher
    works on a bigger graph (and how the benchmark loads its synthetic data).
    """
    paths: list[Path] = []
    for item in filter(None, os.environ.get("PIMGRAPH_EXTRA_DATA", "").split(os.pathsep)):
        path = Path(item)
        if path.is_dir():
            paths += sorted(p for p in path.iterdir() if p.suffix in (".ttl", ".nt"))
        else:
            paths.append(path)
    return paths


def graph_paths() -> list[Path]:
    """Every data file the graph is built from: curated data, accepted submissions, extra data."""
    return data_paths() + submission_paths() + extra_data_paths()
