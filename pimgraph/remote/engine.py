"""A SPARQL endpoint as one more ``Engine``: a stored query runs on it as on the local graph.

Labels a user types (``--param city=Słupsk``) and the labels shown in a table come from the
local graph, opened only when one is needed: a server may hold resources without labels, and
a label look-up must not cost a scan of a remote store.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph
from rdflib.term import Node

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.graph.base import Bindings, Engine, LoadInfo
from pimgraph.graph.result import QueryResult
from pimgraph.remote.client import Endpoint
from pimgraph.remote.client import query as remote_query
from pimgraph.sparql.form import query_form

REMOTE_FORMS = ("SELECT", "ASK")


class RemoteEngine(Engine):
    backend = "endpoint"

    def __init__(self, endpoint: Endpoint, local: Callable[[], Engine]):
        super().__init__(LoadInfo("endpoint", "server"))
        self.endpoint = endpoint
        self._open_local = local
        self._local: Engine | None = None

    def query(self, text: str, bindings: Bindings | None = None) -> QueryResult:
        if query_form(text) not in REMOTE_FORMS:
            raise UsageError(_("only SELECT and ASK queries run on an endpoint"))
        return remote_query(self.endpoint, text, bindings)

    def __len__(self) -> int:
        result = remote_query(self.endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        value = result.rows[0][0] if result.rows else None
        return int(str(value)) if value is not None else 0

    def to_rdflib(self) -> Graph:
        raise UsageError(
            _("a remote endpoint cannot be copied whole; run a CONSTRUCT on the server instead")
        )

    def local(self) -> Engine:
        """The local graph, for labels (opened on first use)."""
        if self._local is None:
            self._local = self._open_local()
        return self._local

    def label_rows(self) -> list[tuple[Node | None, ...]]:
        return self.local().label_rows()
