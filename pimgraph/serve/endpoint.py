"""``/sparql``: the SPARQL 1.1 Protocol's query operation over HTTP (GET and POST), read-only.

The request is read here (the body streamed, chunked or not, up to ``MAX_BODY``); the query
runs in a query worker (``workers``, a blocking pool, called from a thread) while this side
watches the connection, so a client that hangs up gets its worker killed and replaced.
A browser opening ``/sparql`` (it prefers HTML to every result format) is sent to the query
page.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import anyio
import anyio.to_thread
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from pimgraph.publish import conneg
from pimgraph.serve.protocol import RESULT_TYPES
from pimgraph.serve.site_files import message, see_other, site_file
from pimgraph.serve.state import ServeState

MAX_BODY = 1_000_000
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]  # answered in our words
RETRY_AFTER_SECONDS = 5  # told to a client that got 503: the workers were busy or cut off
READ_ONLY = "SPARQL Update is refused: this endpoint is read-only"
Params = dict[str, list[str]]
T = TypeVar("T")


class _Refused(Exception):
    def __init__(self, response: Response):
        self.response = response


def _wants_the_editor(accept: str | None) -> bool:
    """Whether the client prefers HTML to every result format (a browser does; */* and SPARQL
    clients do not, so they keep getting results)."""
    offered = sorted({t for types in RESULT_TYPES.values() for t in types}) + [conneg.HTML]
    return conneg.negotiate(accept, offered) == conneg.HTML


async def _body(request: Request) -> bytes:
    """The request body, at most ``MAX_BODY`` bytes, whether sized or chunked."""
    declared = request.headers.get("content-length")
    too_big = message(413, f"the request body must be between 0 and {MAX_BODY} bytes")
    # The HTTP parser refuses "abc", "-1", "1e3" with 400 before we see them; a big length is
    # refused before a byte of the body is read.
    if declared is not None and declared.strip().isdigit() and int(declared) > MAX_BODY:
        raise _Refused(too_big)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise _Refused(too_big)
    return bytes(body)


def _decoded(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused(message(400, f"{what} is not UTF-8")) from None


async def _post_params(request: Request) -> Params:
    params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/sparql-update":
        raise _Refused(message(400, READ_ONLY))
    if kind not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        raise _Refused(
            message(
                415,
                "POST a query as application/x-www-form-urlencoded (query=...) "
                "or application/sparql-query",
            )
        )
    body = await _body(request)
    if kind == "application/sparql-query":
        params.setdefault("query", []).append(_decoded(body, "the query"))
        return params
    form = urllib.parse.parse_qs(_decoded(body, "the form body"), keep_blank_values=True)
    for key, values in form.items():
        params.setdefault(key, []).extend(values)
    return params


def _no_query(request: Request, site: Path) -> Response:
    """GET /sparql without a query: the query page for a browser, the service description."""
    media = conneg.negotiate(request.headers.get("accept"), [conneg.HTML, "text/turtle"])
    if media == conneg.HTML:
        lang = conneg.choose_language(request.headers.get("accept-language"))
        return see_other(f"query.{lang}.html")
    if media == "text/turtle":
        return site_file(request, site, "sparql-service.ttl")
    return message(400, "give a query: /sparql?query=...")


def _the_query(params: Params) -> str:
    if "update" in params:
        raise _Refused(message(400, READ_ONLY))
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise _Refused(
            message(
                400,
                "default-graph-uri and named-graph-uri are not supported: "
                "this endpoint has one graph, the default graph",
            )
        )
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise _Refused(message(400, "give exactly one non-empty query parameter"))
    return queries[0]


async def in_worker(
    request: Request, state: ServeState, ask: Callable[[Callable[[], bool]], T]
) -> T | None:
    """``ask(gone)`` run in a thread (it waits on the query workers), with ``gone`` true once
    the client has hung up, so the worker can be killed and nobody is answered (None)."""
    gone = threading.Event()

    async def watch() -> None:  # the ASGI server says "http.disconnect" when the client leaves
        while (await request.receive())["type"] != "http.disconnect":
            pass
        gone.set()

    try:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(watch)
            # Cancelled (the server is stopping): the thread is left to see ``gone`` and end.
            answer = await anyio.to_thread.run_sync(
                lambda: ask(gone.is_set), abandon_on_cancel=True, limiter=state.limiter()
            )
            tasks.cancel_scope.cancel()
    finally:
        gone.set()
    return answer


async def _run(request: Request, state: ServeState, text: str) -> Response | None:
    """The worker's answer; None when the client hung up meanwhile (nobody to answer)."""
    accept = request.headers.get("accept")
    answer = await in_worker(
        request, state, lambda gone: state.workers.run(text, accept, gone=gone)
    )
    if answer is None:
        return None
    status, content_type, body = answer
    headers = {"Vary": "Accept"}
    if status == 503:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return Response(body, status, headers, content_type)


async def sparql(request: Request, state: ServeState) -> Response:
    try:
        if request.method == "POST":
            params = await _post_params(request)
        elif request.method in ("GET", "HEAD"):
            params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
            if "query" in params and _wants_the_editor(request.headers.get("accept")):
                # A browser following a /sparql?query=... link: the editor with the query filled
                # in, not a results file the browser would show as a raw XML tree.
                lang = conneg.choose_language(request.headers.get("accept-language"))
                return see_other(f"query.{lang}.html", {"query": params["query"][0]})
            if "query" not in params and "update" not in params:
                return _no_query(request, state.site)
        else:
            return message(405, "/sparql takes GET, HEAD and POST", {"Allow": "GET, HEAD, POST"})
        answer = await _run(request, state, _the_query(params))
    except _Refused as refusal:
        return refusal.response
    except ClientDisconnect:  # gone while sending the body
        answer = None
    return answer if answer is not None else Response(status_code=499)
