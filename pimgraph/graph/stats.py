"""Counts that describe the graph: triples, and instances per class."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from pimgraph.core.labels import compact, label
from pimgraph.core.messages import ngettext
from pimgraph.core.namespaces import PIM
from pimgraph.graph.asserted import load_data_graph, load_ontology
from pimgraph.graph.reasoning import infer


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


def graph_stats(paths: Iterable[Path | str] = (), lang: str = "en") -> Stats:
    """The counts of the bundled data with ``paths`` added, asserted and with inference."""
    asserted = load_data_graph(paths)
    return compute(asserted, infer(asserted + load_ontology()), lang)


def render(stats: Stats, fmt: str = "table", lang: str | None = None) -> str:
    """``stats`` as ``json`` or as a ``table`` (one line per class) for people, its headline in
    ``lang`` (default: the user's language; class labels were picked by ``compute``)."""
    if fmt == "json":
        document = {
            "asserted_triples": stats.asserted_triples,
            "triples_with_inference": stats.triples_with_inference,
            "classes": [vars(row) for row in stats.classes],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)
    width = max((len(row.name) for row in stats.classes), default=10)
    lines = [
        ngettext(
            "{n} triple asserted in the data ({inferred} with the ontology and inference)",
            "{n} triples asserted in the data ({inferred} with the ontology and inference)",
            stats.asserted_triples,
            lang=lang,
            inferred=stats.triples_with_inference,
        )
    ]
    lines += [f"{row.instances:6d}  {row.name:<{width}}  {row.label}" for row in stats.classes]
    return "\n".join(lines)
