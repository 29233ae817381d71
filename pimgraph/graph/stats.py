"""Counts that describe the graph: triples, and instances per class."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef

from pimgraph.core.labels import compact, label
from pimgraph.core.namespaces import PIM


@dataclass(frozen=True)
class ClassCount:
    iri: str
    name: str
    label: str
    instances: int


@dataclass(frozen=True)
class Stats:
    asserted_triples: int
    triples_with_inference: int
    classes: list[ClassCount]


def class_counts(graph: Graph, lang: str = "en", only_ontology: bool = False) -> list[ClassCount]:
    """Instances per class (distinct subjects), largest first; pim: classes only if asked."""
    counts: dict[URIRef, set] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef):
            counts.setdefault(cls, set()).add(subject)
    rows = [
        ClassCount(str(cls), compact(cls), label(graph, cls, lang), len(members))
        for cls, members in counts.items()
        if not only_ontology or str(cls).startswith(str(PIM))
    ]
    return sorted(rows, key=lambda row: (-row.instances, row.name))


def compute(asserted: Graph, inferred: Graph, lang: str = "en") -> Stats:
    return Stats(len(asserted), len(inferred), class_counts(inferred, lang, only_ontology=True))
