"""Dumps of the whole graph (Turtle, N-Triples, JSON-LD, each also gzipped), their SHA-256
checksums, and the downloads page that lists them.

The dumps hold the graph as asserted: ontology + data (+ the user's ``--data`` files), without
the inferred triples (``pimgraph query`` and ``/sparql`` add those with RDFS rules). The bytes
are reproducible: blank nodes labelled from the graph's content (``stable_blank_nodes``), sorted
N-Triples, canonical Turtle, gzip with a zero timestamp — publishing the same graph twice gives
the same SHA256SUMS.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from rdflib import Graph

from pimgraph.publish.html import page_file, site_page
from pimgraph.publish.i18n import ui
from pimgraph.publish.paths import relative_url
from pimgraph.rdf.canonical import canonical_turtle
from pimgraph.rdf.serialize import jsonld, ntriples, stable_blank_nodes

FOLDER = "dumps"
STEM = "pim"


@dataclass(frozen=True)
class DumpFormat:
    suffix: str
    name: str
    media_type: str
    eu_file_type: str  # code in the EU file-type authority table


FORMATS = (
    DumpFormat("ttl", "Turtle", "text/turtle", "RDF_TURTLE"),
    DumpFormat("nt", "N-Triples", "application/n-triples", "RDF_N_TRIPLES"),
    DumpFormat("jsonld", "JSON-LD", "application/ld+json", "JSON_LD"),
)


@dataclass(frozen=True)
class Dump:
    path: str  # site-relative, e.g. "dumps/pim.ttl.gz"
    format: DumpFormat
    compressed: bool
    size: int
    sha256: str

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


def build_dumps(graph: Graph, write: Callable[[str, bytes], None]) -> list[Dump]:
    """Serialise ``graph`` in every format, plain and gzipped; write each and SHA256SUMS."""

    graph = stable_blank_nodes(graph)
    texts = {"ttl": canonical_turtle(graph), "nt": ntriples(graph), "jsonld": jsonld(graph)}
    dumps: list[Dump] = []
    for fmt in FORMATS:
        plain = texts[fmt.suffix].encode("utf-8")
        packed = gzip.compress(plain, compresslevel=9, mtime=0)
        for data, compressed in ((plain, False), (packed, True)):
            path = f"{FOLDER}/{STEM}.{fmt.suffix}" + (".gz" if compressed else "")
            write(path, data)
            dumps.append(Dump(path, fmt, compressed, len(data), hashlib.sha256(data).hexdigest()))
    # The sha256sum format, so `sha256sum -c SHA256SUMS` checks a download in the dumps folder.
    sums = "".join(f"{d.sha256}  {d.name}\n" for d in dumps)
    write(f"{FOLDER}/SHA256SUMS", sums.encode("ascii"))
    return dumps


def downloads_page(dumps: list[Dump], lang: str) -> tuple[PurePosixPath, str]:
    path = page_file("data", lang)
    return site_page(
        "data.html",
        "data",
        lang,
        ui("data", lang),
        dumps=[
            (
                relative_url(path, d.path),
                d.name,
                d.format.name + (" (gzip)" if d.compressed else ""),
                d.size,
                d.sha256,
            )
            for d in dumps
        ],
        sums=relative_url(path, FOLDER + "/SHA256SUMS"),
        catalogues=[
            (relative_url(path, f), f) for f in ("catalog.ttl", "catalog.rdf", "catalog.jsonld")
        ],
        void=relative_url(path, ".well-known/void"),
    )
