"""What each SPARQL server does differently, in one place.

pimgraph talks standard SPARQL 1.1 (Protocol, Update, Graph Store Protocol); the servers it is
tested with differ in where their Graph Store lives, what they refuse, and how they answer.
Each ``Dialect`` records one server's quirks as data, so the client and push read them here
instead of testing server names in their own code. docs/triple-stores.md tells the story.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    name: str
    # A substring of the HTTP Server header that identifies the server (lower case).
    server_header: str
    # Graph Store Protocol path from the server's base URL; None: no GSP we know of.
    gsp_path: str | None = None
    # The GSP path when credentials are sent (Virtuoso serves authenticated writes elsewhere).
    gsp_auth_path: str | None = None
    # The GSP refuses to replace the default graph: a named graph is required.
    gsp_needs_named_graph: bool = False
    # Whether the GSP URL takes the graph as ?graph-uri= (Virtuoso) rather than ?graph=.
    gsp_graph_parameter: str = "graph"
    # INSERT DATA may carry blank nodes (Virtuoso refuses them; a template must mint them).
    blank_nodes_in_insert_data: bool = True

    def gsp_url(self, base: str, authenticated: bool) -> str | None:
        path = self.gsp_auth_path if authenticated and self.gsp_auth_path else self.gsp_path
        return base + path if path else None


OXIGRAPH = Dialect("oxigraph", "oxigraph", gsp_path="/store")
VIRTUOSO = Dialect(
    "virtuoso",
    "virtuoso",
    gsp_path="/sparql-graph-crud",
    gsp_auth_path="/sparql-graph-crud-auth",
    gsp_needs_named_graph=True,
    gsp_graph_parameter="graph-uri",
    blank_nodes_in_insert_data=False,
)
# Any other server: standard SPARQL Update, no assumptions.
GENERIC = Dialect("update", "")

DIALECTS = (OXIGRAPH, VIRTUOSO)

# Virtuoso compiles an update into SQL and refuses one over 10,000 lines of it; 2,000 triples a
# request stays well inside that and still uploads tens of thousands of triples a second.
SAFE_UPDATE_TRIPLES = 2_000
# Virtuoso marks results cut by its time or row limit with this header (and HTTP 206 elsewhere).
PARTIAL_RESULT_HEADER = "X-SQL-State"
# Virtuoso answers ASK in SPARQL JSON as a one-row SELECT of this variable (1 or 0).
VIRTUOSO_ASK_VARIABLE = "__ASK_RETVAL"


def by_name(name: str) -> Dialect | None:
    return next((d for d in DIALECTS if d.name == name), None)


def from_server_header(server: str) -> Dialect:
    lowered = server.lower()
    return next((d for d in DIALECTS if d.server_header in lowered), GENERIC)


def for_gsp_url(url: str) -> Dialect:
    """The dialect whose Graph Store path the URL uses (for a --gsp-url given by hand)."""
    return next((d for d in DIALECTS if d.gsp_path and d.gsp_path in url), GENERIC)
