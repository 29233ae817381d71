"""Talk to a SPARQL 1.1 endpoint: run queries (through SPARQLWrapper) and push the graph.

Queries get the parameters as a ``VALUES`` block of RDF terms, a timeout, and bounded retries
only on 429/502/503 (reads are idempotent). Every failure becomes one ``RemoteError`` line:
refused connections, HTTP errors, a page that is not SPARQL results, truncated JSON, and
partial results (HTTP 206 or Virtuoso's ``X-SQL-State``), which are never reported as success.
Credentials come from ``--user`` and the ``PIMGRAPH_PASSWORD`` environment variable and are
never printed.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Variable
from rdflib.term import Node

from pimgraph.core.errors import IncompleteResultError, RemoteError, UsageError
from pimgraph.core.messages import _, ngettext
from pimgraph.core.namespaces import sparql_prologue
from pimgraph.graph.result import QueryResult
from pimgraph.graph.values import with_values_block
from pimgraph.remote.dialects import PARTIAL_RESULT_HEADER
from pimgraph.sparql.form import query_form
from pimgraph.sparql.results import from_sparql_json

RETRY_STATUSES = (429, 502, 503)
RESULT_TYPES = ("application/sparql-results+json", "application/json")
DEFAULT_TIMEOUT = 60.0
MAX_RETRY_WAIT = 10.0


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str
    scheme: str = "digest"  # or "basic"

    def __repr__(self) -> str:  # never show the password, not even in a debugger
        return f"Credentials(user={self.user!r}, password=***, scheme={self.scheme!r})"


@dataclass(frozen=True)
class Endpoint:
    url: str
    timeout: float = DEFAULT_TIMEOUT
    retries: int = 2
    credentials: Credentials | None = None
    default_graph: str | None = None  # scope queries to one graph (default-graph-uri)

    def __post_init__(self) -> None:
        parsed = urllib.parse.urlparse(self.url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise UsageError(_("--endpoint {url} is not an http(s) URL", url=repr(self.url)))


def _prepared(text: str) -> str:
    # Stored queries rely on our prefixes; a remote server may not predefine them.
    return sparql_prologue() + text


def query(
    endpoint: Endpoint, text: str, bindings: Mapping[Variable, Node] | None = None
) -> QueryResult:
    """Run a SELECT or ASK query remotely and return its result, fully parsed."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper  # heavy: only remote commands need it

    sparql_text = with_values_block(_prepared(text), dict(bindings or {}))
    client = SPARQLWrapper(endpoint.url)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(max(1, endpoint.timeout)))
    client.setQuery(sparql_text)
    # SPARQLWrapper guesses the form with an unanchored regex, so '?address' reads as the update
    # ADD and the query is sent as an update; we know the form, so we say it.
    client.queryType = query_form(text)
    if endpoint.default_graph:
        client.addDefaultGraph(endpoint.default_graph)
    if endpoint.credentials:
        _authenticate(client, endpoint.credentials)

    attempt = 0
    while True:
        try:
            response = client.query().response
            return _read_results(endpoint, response)
        except urllib.error.HTTPError as error:
            if error.code in RETRY_STATUSES and attempt < endpoint.retries:
                time.sleep(_retry_wait(error, attempt))
                attempt += 1
                continue
            raise RemoteError(
                _(
                    "{url}: HTTP {code} {reason}{said}",
                    url=endpoint.url,
                    code=error.code,
                    reason=error.reason,
                    said=_server_said(error),
                )
            ) from None
        except Exception as error:  # SPARQLWrapper wraps HTTP errors in its own classes
            raise _remote_error(endpoint, error) from None


def _authenticate(client, credentials: Credentials) -> None:
    from SPARQLWrapper import BASIC, DIGEST

    client.setHTTPAuth(DIGEST if credentials.scheme == "digest" else BASIC)
    client.setCredentials(credentials.user, credentials.password)


def _retry_wait(error: urllib.error.HTTPError, attempt: int) -> float:
    header = error.headers.get("Retry-After") if error.headers else None
    if header and header.strip().isdigit():
        return min(float(header), MAX_RETRY_WAIT)
    return min(0.5 * 2**attempt, MAX_RETRY_WAIT)


def _server_said(error: urllib.error.HTTPError) -> str:
    try:
        body = error.read(300).decode("utf-8", "replace").strip().splitlines()
    except Exception:
        return ""
    return f": {body[0][:200]}" if body else ""


def _remote_error(endpoint: Endpoint, error: BaseException) -> RemoteError:
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    if isinstance(error, RemoteError):
        return error
    if isinstance(error, SPARQLWrapperException):
        # SPARQLWrapper's message is "<kind>: <explanation>\n\nResponse:\nb'<server text>'".
        text = str(error).strip()
        first = text.splitlines()[0] if text else type(error).__name__
        quoted = text.partition("Response:")[2].strip().removeprefix("b'").removeprefix('b"')
        said = quoted.encode("utf-8").decode("unicode_escape", "replace").strip().splitlines()
        detail = (
            " — " + _("the server said: {text}", text=said[0][:240]) if said and said[0] else ""
        )
        return RemoteError(f"{endpoint.url}: {first}{detail}")
    if isinstance(error, (TimeoutError, socket.timeout)):
        return RemoteError(_no_answer(endpoint))
    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, ConnectionRefusedError):
            return RemoteError(
                _("{url}: connection refused; is the server running?", url=endpoint.url)
            )
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return RemoteError(_no_answer(endpoint))
        return RemoteError(_("{url}: cannot connect ({reason})", url=endpoint.url, reason=reason))
    if isinstance(error, (ConnectionError, OSError)):
        return RemoteError(_("{url}: connection failed ({reason})", url=endpoint.url, reason=error))
    return RemoteError(f"{endpoint.url}: {type(error).__name__}: {error}")


def _no_answer(endpoint: Endpoint) -> str:
    return _(
        "{url}: no answer within {seconds:g} s (raise --timeout)",
        url=endpoint.url,
        seconds=endpoint.timeout,
    )


def _read_results(endpoint: Endpoint, response) -> QueryResult:
    status = getattr(response, "status", 200)
    sql_state = response.headers.get(PARTIAL_RESULT_HEADER)
    if status == 206 or sql_state:
        shown = f"{status}, X-SQL-State {sql_state}" if sql_state else str(status)
        raise IncompleteResultError(
            _(
                "{url}: the server returned partial results (HTTP {status}); "
                "the query hit a time or row limit",
                url=endpoint.url,
                status=shown,
            )
        )
    content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in RESULT_TYPES:
        raise RemoteError(
            _(
                "{url}: answered {type}, not SPARQL JSON results; is this the SPARQL endpoint URL?",
                url=endpoint.url,
                type=content_type or _("no content type"),
            )
        )
    body = response.read()
    try:
        document = json.loads(body.decode("utf-8"))
        return from_sparql_json(document)
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError):
        raise RemoteError(
            ngettext(
                "{url}: the results are truncated or malformed ({n} byte); "
                "the server may have cut the query (check its time limit)",
                "{url}: the results are truncated or malformed ({n} bytes); "
                "the server may have cut the query (check its time limit)",
                len(body),
                url=endpoint.url,
            )
        ) from None
