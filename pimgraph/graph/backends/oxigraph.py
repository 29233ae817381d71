"""pyoxigraph's in-memory store: the default backend, fast to load and to query."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.core.namespaces import PREFIXES, bind_prefixes
from pimgraph.graph import cache
from pimgraph.graph.base import Bindings, Engine, LoadInfo
from pimgraph.graph.result import QueryResult
from pimgraph.graph.rules import infer_oxigraph
from pimgraph.graph.values import with_values_block
from pimgraph.rdf.convert import from_oxigraph, graph_from_oxigraph
from pimgraph.rdf.io import ParseLimits, load_into_store


class OxigraphEngine(Engine):
    backend = "oxigraph"

    def __init__(self, store: Any, info: LoadInfo):
        super().__init__(info)
        self.store = store

    def query(self, text: str, bindings: Bindings | None = None) -> QueryResult:
        # pyoxigraph's substitutions only reach projected variables, so parameters travel as a
        # VALUES block of RDF terms, exactly as they do to a remote endpoint.
        try:
            answer = self.store.query(
                with_values_block(text, dict(bindings or {})), prefixes=PREFIXES
            )
        except SyntaxError as error:
            raise UsageError(
                _("{format} syntax error: {reason}", format="SPARQL", reason=error)
            ) from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [
                tuple(from_oxigraph(solution[name]) for name in variables) for solution in answer
            ]
            return QueryResult("SELECT", variables, rows)
        return QueryResult("CONSTRUCT", graph=graph_from_oxigraph(answer, bind_prefixes(Graph())))

    def __len__(self) -> int:
        return len(self.store)

    def to_rdflib(self) -> Graph:
        return graph_from_oxigraph(self.store, bind_prefixes(Graph()))


def open_oxigraph(
    inputs: list[Path], reasoning: str, use_cache: bool, limits: ParseLimits, info: LoadInfo
) -> OxigraphEngine:
    key = cache.cache_key(inputs, reasoning, "oxigraph") if use_cache else None
    dump = cache.lookup(key) if key else None
    store = ox.Store()
    if dump is not None:
        info.cache_hit = True
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        return OxigraphEngine(store, info)
    for path in inputs:
        load_into_store(path, store, limits)
    infer_oxigraph(store, reasoning)
    if key:
        cache.store(
            key,
            lambda target: store.dump(
                output=str(target), format=ox.RdfFormat.N_QUADS, from_graph=ox.DefaultGraph()
            ),
            len(store),
            reasoning,
            "oxigraph",
        )
    return OxigraphEngine(store, info)
