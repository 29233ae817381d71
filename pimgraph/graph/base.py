"""The ``Engine`` interface: one way to query a graph, wherever it lives.

Each local backend (``pimgraph.graph.backends``) and the remote endpoint
(``pimgraph.remote.engine``) implements it; ``pimgraph.graph.engine.open_engine`` picks one.
Results always come back as rdflib terms.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.term import Node

from pimgraph.core.labels import DEFAULT_LANGUAGE, compact, index_labels, pick
from pimgraph.graph.result import QueryResult

LABEL_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?resource ?label WHERE {
  ?resource rdfs:label|skos:prefLabel|skos:altLabel|skos:notation ?label .
  FILTER(isIRI(?resource) && isLiteral(?label))
}"""

Bindings = Mapping[Variable, Node]


@dataclass
class LoadInfo:
    """How the graph was obtained, for ``--verbose`` output and the benchmark."""

    backend: str
    reasoning: str
    triples: int = 0
    cache_hit: bool = False
    seconds: float = 0.0
    inputs: list[Path] = field(default_factory=list)


class Engine(ABC):
    """A graph that answers SPARQL queries, with parameters bound as RDF terms."""

    backend = "?"

    def __init__(self, info: LoadInfo):
        self.info = info
        self._labels: dict[URIRef, dict[str | None, str]] | None = None

    @abstractmethod
    def query(self, text: str, bindings: Bindings | None = None) -> QueryResult:
        """Run a read-only query; ``bindings`` are bound as RDF terms, never spliced as text."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def to_rdflib(self) -> Graph:
        """The whole graph as an rdflib Graph (for validation and publishing)."""

    def label_rows(self) -> list[tuple[Node | None, ...]]:
        """(resource, label) for every label a user may type or read; one query, any backend."""
        return self.query(LABEL_QUERY).rows

    # Labels are read once with one query, whichever backend answers it.
    def labels(self) -> dict[URIRef, dict[str | None, str]]:
        if self._labels is None:
            table: dict[URIRef, dict[str | None, str]] = {}
            for resource, value in self.label_rows():
                if isinstance(resource, URIRef) and isinstance(value, Literal):
                    table.setdefault(resource, {}).setdefault(value.language, str(value))
            self._labels = table
        return self._labels

    def label_index(self) -> dict[str, set[URIRef]]:
        """Folded label -> IRIs, for resolving ``--param city=Słupsk``."""
        return index_labels(
            (row[0], row[1])
            for row in self.label_rows()
            if row[0] is not None and row[1] is not None
        )

    def label(self, term: Node, lang: str = DEFAULT_LANGUAGE) -> str:
        if not isinstance(term, URIRef):
            return str(term)
        return pick(self.labels().get(term, {}), lang) or compact(term)
