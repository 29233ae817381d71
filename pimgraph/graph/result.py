"""The one shape of a query's answer, whichever engine (local or remote) produced it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.term import Node

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass
class QueryResult:
    """A SELECT's variables and rows, an ASK's boolean, or a CONSTRUCT/DESCRIBE's graph."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def as_set(self) -> set[tuple[Node | None, ...]]:
        """Rows as a set of RDF terms, for comparing engines (order and duplicates aside)."""
        return set(self.rows)

    def column(self, name: str) -> list[Node | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


def from_rdflib(result: Any) -> QueryResult:
    """Convert an rdflib ``Result``."""
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(result.type, graph=result.graph)
    variables = [str(v) for v in result.vars]
    rows = [tuple(row[v] for v in result.vars) for row in result]
    return QueryResult("SELECT", variables, rows)
