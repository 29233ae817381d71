"""rdflib's memory store: the reference implementation, slower, with the same answers."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from rdflib import Graph
from rdflib.term import Identifier

from pimgraph.core.namespaces import PREFIXES, bind_prefixes
from pimgraph.graph import cache
from pimgraph.graph.backends.sparql_text import guard
from pimgraph.graph.base import Bindings, Engine, LoadInfo
from pimgraph.graph.reasoning import infer
from pimgraph.graph.result import QueryResult, from_rdflib
from pimgraph.rdf.io import ParseLimits, parse_file


class MemoryEngine(Engine):
    backend = "memory"

    def __init__(self, graph: Graph, info: LoadInfo):
        super().__init__(info)
        self.graph = graph

    def query(self, text: str, bindings: Bindings | None = None) -> QueryResult:
        # rdflib reads FROM as "fetch this URL": the exact text it gets passes the guard first.
        return from_rdflib(
            self.graph.query(
                guard(text),
                initNs=PREFIXES,
                initBindings=cast("dict[str, Identifier]", dict(bindings or {})),
            )
        )

    def __len__(self) -> int:
        return len(self.graph)

    def to_rdflib(self) -> Graph:
        return self.graph


def open_memory(
    inputs: list[Path], reasoning: str, use_cache: bool, limits: ParseLimits, info: LoadInfo
) -> MemoryEngine:
    key = cache.cache_key(inputs, reasoning, "memory") if use_cache else None
    dump = cache.lookup(key) if key else None
    graph = bind_prefixes(Graph())
    if dump is not None:
        info.cache_hit = True
        graph.parse(dump, format="nt")
        return MemoryEngine(graph, info)
    for path in inputs:
        parse_file(path, graph, limits=limits)
    infer(graph, reasoning)
    if key:
        cache.store(
            key,
            lambda target: graph.serialize(destination=str(target), format="nt", encoding="utf-8"),
            len(graph),
            reasoning,
            "memory",
        )
    return MemoryEngine(graph, info)
