"""The PIM graph: the bundled ontology and data, plus the user's files, with inference.

Queries go through ``pimgraph.graph.engine`` (loaded, inferred, cached); this module gives the
asserted data as an rdflib graph (``load_data_graph``), for validation, where inference would
hide missing facts, and the ontology (``load_ontology``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from pimgraph.core import resources
from pimgraph.core.namespaces import bind_prefixes
from pimgraph.rdf.io import DEFAULT_LIMITS, ParseLimits, limits_for, parse_file


def bundled_data_paths() -> list[Path]:
    """Curated data and accepted submissions."""
    return resources.graph_paths()


def parse_files(
    paths: Iterable[Path | str], graph: Graph | None = None, limits: ParseLimits = DEFAULT_LIMITS
) -> Graph:
    """Parse every file into one graph; the first bad file raises and nothing is half-merged."""
    target = bind_prefixes(graph if graph is not None else Graph())
    for path in paths:
        parse_file(path, target, limits=limits_for(path, limits))
    return target


def load_ontology() -> Graph:
    return parse_files([resources.ontology_path()])


def load_data_graph(extra: Iterable[Path | str] = (), include_bundled: bool = True) -> Graph:
    """The asserted data: the bundled data files (unless excluded) and ``extra`` files."""
    paths: list[Path | str] = list(bundled_data_paths()) if include_bundled else []
    paths.extend(extra)
    return parse_files(paths)
