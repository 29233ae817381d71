"""The local query engine: the PIM graph loaded, inferred and cached, behind one interface.

Two backends give identical answers (a test runs every stored query on both):

``oxigraph`` (default)
    pyoxigraph's in-memory store: loads hundreds of thousands of triples a second and runs
    SPARQL 10-80x faster than rdflib; inference runs as SPARQL rules inside the store.
``memory``
    rdflib's memory store, the reference implementation.

Either way the loaded, inferred graph is cached on disk (``pimgraph.graph.cache``), so a second run
neither parses Turtle nor recomputes the closure. Results always come back as rdflib terms.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from pimgraph.graph import cache
from pimgraph.core import resources
from pimgraph.rdf.io import ParseLimits, parse_file
from pimgraph.core.namespaces import bind_prefixes
from pimgraph.graph.reasoning import DEFAULT_REASONING, REASONING_MODES
from pimgraph.sparql.results import QueryResult

BACKENDS = ("oxigraph", "memory")
DEFAULT_BACKEND = "oxigraph"
LABEL_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?resource ?label WHERE {
  ?resource rdfs:label|skos:prefLabel|skos:altLabel|skos:notation ?label .
  FILTER(isIRI(?resource) && isLiteral(?label))
}"""


@dataclass
class LoadInfo:
    """How the graph was obtained, for ``--verbose`` output and the benchmark."""

    backend: str
    reasoning: str
    triples: int = 0
    cache_hit: bool = False
    seconds: float = 0.0
    inputs: list[Path] = field(default_factory=list)


class Engine:
    """A loaded graph that answers SPARQL queries with parameters bound as RDF terms."""

    backend = "?"

    def __init__(self, info: LoadInfo):
        self.info = info
        self._labels: dict[URIRef, dict[str | None, str]] | None = None

    def query(self, text: str, bindings: Mapping[Variable, Node] | None = None) -> QueryResult:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def to_rdflib(self) -> Graph:
        raise NotImplementedError

    # Labels are read once with one query, whichever backend answers it.
    def labels(self) -> dict[URIRef, dict[str | None, str]]:
        if self._labels is None:
            table: dict[URIRef, dict[str | None, str]] = {}
            for resource, value in self.query(LABEL_QUERY).rows:
                if isinstance(resource, URIRef) and isinstance(value, Literal):
                    table.setdefault(resource, {}).setdefault(value.language, str(value))
            self._labels = table
        return self._labels

    def label_index(self) -> dict[str, set[URIRef]]:
        """Folded label -> IRIs, for resolving ``--param city=Słupsk``."""
        from pimgraph.sparql.binding import index_labels

        return index_labels(self.query(LABEL_QUERY).rows)

    def label(self, term: Node, lang: str = "en") -> str:
        if not isinstance(term, URIRef):
            return str(term)
        from pimgraph.core.labels import pick

        return pick(self.labels().get(term, {}), lang) or _compact(term)


def _compact(term: URIRef) -> str:
    from pimgraph.core.namespaces import PREFIXES

    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and "/" not in text[len(namespace):]:
            return f"{prefix}:{text[len(namespace):]}"
    return text


class MemoryEngine(Engine):
    backend = "memory"

    def __init__(self, graph: Graph, info: LoadInfo):
        super().__init__(info)
        self.graph = graph

    def query(self, text, bindings=None):
        from pimgraph.core.namespaces import PREFIXES
        from pimgraph.sparql.results import from_rdflib

        return from_rdflib(self.graph.query(text, initNs=PREFIXES, initBindings=dict(bindings or {})))

    def __len__(self):
        return len(self.graph)

    def to_rdflib(self):
        return self.graph


class OxigraphEngine(Engine):
    backend = "oxigraph"

    def __init__(self, store, info: LoadInfo):
        super().__init__(info)
        self.store = store

    def query(self, text, bindings=None):
        import pyoxigraph as ox

        from pimgraph.core.namespaces import PREFIXES

        from pimgraph.sparql.binding import with_values_block

        # pyoxigraph's substitutions only reach projected variables, so parameters travel as a
        # VALUES block of RDF terms, exactly as they do to a remote endpoint.
        try:
            answer = self.store.query(with_values_block(text, dict(bindings or {})), prefixes=PREFIXES)
        except SyntaxError as error:
            from pimgraph.core.errors import UsageError

            raise UsageError(f"SPARQL syntax error: {error}") from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [tuple(from_oxigraph(solution[name]) for name in variables) for solution in answer]
            return QueryResult("SELECT", variables, rows)
        graph = bind_prefixes(Graph())
        for triple in answer:
            graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))
        return QueryResult("CONSTRUCT", graph=graph)

    def __len__(self):
        return len(self.store)

    def to_rdflib(self):
        graph = bind_prefixes(Graph())
        for quad in self.store:
            graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
        return graph


_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def to_oxigraph(term: Node):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind {term!r}")


def from_oxigraph(term) -> Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def _inputs(extra: Iterable[Path | str], include_bundled: bool) -> list[Path]:
    paths = [resources.ontology_path()]
    if include_bundled:
        paths += resources.graph_paths()
    return paths + [Path(p) for p in extra]


def open_engine(
    extra: Iterable[Path | str] = (),
    reasoning: str = DEFAULT_REASONING,
    backend: str = DEFAULT_BACKEND,
    use_cache: bool = True,
    include_bundled: bool = True,
    limits: ParseLimits = ParseLimits(),
) -> Engine:
    """The graph (ontology + bundled data + ``extra``), inferred and ready to query."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    if reasoning not in REASONING_MODES:
        raise ValueError(f"unknown reasoning mode {reasoning!r}")
    started = time.perf_counter()
    inputs = _inputs(extra, include_bundled)
    for path in inputs:
        if not path.is_file():
            from pimgraph.core.errors import InputError

            raise InputError("no such file; check the path" if not path.exists() else "not a file", str(path))
    info = LoadInfo(backend, reasoning, inputs=inputs)
    key = cache.cache_key(inputs, reasoning, backend) if use_cache else None
    dump = cache.lookup(key) if key else None
    if backend == "oxigraph":
        engine = _open_oxigraph(inputs, reasoning, dump, key, info, limits)
    else:
        engine = _open_memory(inputs, reasoning, dump, key, info, limits)
    info.cache_hit = dump is not None
    info.triples = len(engine)
    info.seconds = time.perf_counter() - started
    return engine


_NATIVE = {"turtle": "TURTLE", "nt": "N_TRIPLES"}


def _load_into(store, path: Path, limits: ParseLimits) -> None:
    """Turtle and N-Triples stream straight into the store through Oxigraph's strict parser
    (offline by nature, and hundreds of thousands of triples a second); other formats go
    through ``pimgraph.rdf.io``'s checks first (JSON-LD contexts, XML declarations)."""
    import pyoxigraph as ox

    from pimgraph.core.errors import InputError
    from pimgraph.rdf.io import guess_format

    fmt = guess_format(path)
    if fmt not in _NATIVE:
        graph = parse_file(path, limits=limits)
        store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)
        return
    try:
        store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, _NATIVE[fmt]))
    except SyntaxError as error:
        from pimgraph.rdf.io import native_syntax_error

        raise native_syntax_error(error, fmt, str(path)) from None


def _open_oxigraph(inputs, reasoning, dump, key, info, limits) -> OxigraphEngine:
    import pyoxigraph as ox

    store = ox.Store()
    if dump is not None:
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        return OxigraphEngine(store, info)
    for path in inputs:
        _load_into(store, path, limits)
    from pimgraph.graph.rules import infer_oxigraph

    infer_oxigraph(store, reasoning)
    if key:
        cache.store(key, lambda target: store.dump(output=str(target), format=ox.RdfFormat.N_QUADS,
                                                   from_graph=ox.DefaultGraph()),
                    len(store), reasoning, "oxigraph")
    return OxigraphEngine(store, info)


def _open_memory(inputs, reasoning, dump, key, info, limits) -> MemoryEngine:
    from pimgraph.graph.reasoning import infer

    graph = bind_prefixes(Graph())
    if dump is not None:
        graph.parse(dump, format="nt")
        return MemoryEngine(graph, info)
    for path in inputs:
        parse_file(path, graph, limits=limits)
    infer(graph, reasoning)
    if key:
        cache.store(key, lambda target: graph.serialize(destination=str(target), format="nt", encoding="utf-8"),
                    len(graph), reasoning, "memory")
    return MemoryEngine(graph, info)
