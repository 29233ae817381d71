"""The bundled assets (ontology, shapes, data, queries), found through importlib.resources.

Nothing else in pimgraph knows where the assets live, so an installed copy works from any
folder and an editable checkout works the same way.
"""

from __future__ import annotations

import os
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _

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


LINKS_FOLDER = "links"  # data/links/: the links to other datasets, built by `pimgraph links build`


def curated_data_paths() -> list[Path]:
    """The hand-curated data files (data/*.ttl), in a stable order; not the built links."""
    folder = _folder("data")
    return sorted(_real_path(item) for item in folder.iterdir() if item.name.endswith(".ttl"))


def link_paths() -> list[Path]:
    """The built link files (data/links/*.ttl), in a stable order."""
    folder = _folder("data") / LINKS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(_real_path(item) for item in folder.iterdir() if item.name.endswith(".ttl"))


def data_paths() -> list[Path]:
    """The bundled data: curated files, then the links (submissions are not part of this list)."""
    return curated_data_paths() + link_paths()


def links_dir() -> Path:
    return data_dir() / LINKS_FOLDER


def data_dir() -> Path:
    return _real_path(_folder("data"))


SUBMISSIONS_VARIABLE = "PIMGRAPH_SUBMISSIONS_DIR"  # the submissions folder itself
DATA_VARIABLE = "PIMGRAPH_DATA"  # a data folder; submissions go to its submissions/


def checkout_data_dir(start: Path | None = None) -> Path | None:
    """The ``data/`` folder of the pimgraph checkout ``start`` (default: the current folder) is
    in: the nearest folder, up from there, holding a pyproject.toml naming pimgraph beside
    ``data/``. None outside a checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data").is_dir() and _names_pimgraph(folder / "pyproject.toml"):
            return folder / "data"
    return None


def _names_pimgraph(pyproject: Path) -> bool:
    import tomllib

    try:
        with pyproject.open("rb") as stream:
            return tomllib.load(stream).get("project", {}).get("name") == "pimgraph"
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        return False


def chosen_submissions_dir(into: Path | str | None = None) -> Path | None:
    """The submissions folder the user chose: ``into`` (--into), else $PIMGRAPH_SUBMISSIONS_DIR,
    else ``$PIMGRAPH_DATA/submissions``, else the current checkout's ``data/submissions``;
    None when nothing says."""
    if into:
        return Path(into)
    if os.environ.get(SUBMISSIONS_VARIABLE):
        return Path(os.environ[SUBMISSIONS_VARIABLE])
    if os.environ.get(DATA_VARIABLE):
        return Path(os.environ[DATA_VARIABLE]) / "submissions"
    checkout = checkout_data_dir()
    return checkout / "submissions" if checkout else None


def submissions_dir(into: Path | str | None = None) -> Path:
    """Where accepted submissions are written (see ``chosen_submissions_dir``); never inside an
    installed pimgraph, whose files a reinstall replaces. Raises ``UsageError`` when nothing
    says where."""
    folder = chosen_submissions_dir(into)
    if folder is None:
        raise UsageError(
            _(
                "where should accepted submissions go? Pass --into FOLDER or set "
                "PIMGRAPH_DATA to your data folder (they go to its submissions/), or run "
                "pimgraph inside a pimgraph checkout (they go to its data/submissions/)"
            )
        )
    package = data_dir().resolve()
    target = folder.resolve()
    if (target == package or package in target.parents) and not _names_pimgraph(
        package.parent / "pyproject.toml"
    ):
        raise UsageError(
            _(
                "{folder} is inside the installed pimgraph package, which a reinstall "
                "replaces; pass --into FOLDER or set PIMGRAPH_DATA to a data folder of your own",
                folder=str(folder),
            )
        )
    return folder


def submission_paths() -> list[Path]:
    """The accepted submission files, which are part of the graph like the curated data.

    With $PIMGRAPH_SUBMISSIONS_DIR set, the files in it alone; else those shipped with the
    package (``data/submissions/``) and those in the chosen data folder."""
    folders: list[Path | None]
    if os.environ.get(SUBMISSIONS_VARIABLE):
        folders = [Path(os.environ[SUBMISSIONS_VARIABLE])]
    else:
        folders = [data_dir() / "submissions", chosen_submissions_dir()]
    paths: dict[Path, Path] = {}
    for folder in folders:
        for path in submission_files_in(folder):
            paths.setdefault(path.resolve(), path)
    return sorted(paths.values())


def submission_files_in(folder: Path | None) -> list[Path]:
    """The accepted submission files of one folder (``*.ttl``, sorted; none if it is missing)."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.ttl") if path.is_file())


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
