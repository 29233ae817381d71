"""``/api``, ``/api/queries/{id}`` and ``/api/docs`` on the ASGI app: the web API's plain
functions (``serve.api.answers.route``) behind one catch-all route. A stored query runs in the
query workers like any ``/sparql`` query, and a client that hangs up has its worker killed."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pimgraph.serve.api.answers import route
from pimgraph.serve.api.stored import StoredRequest
from pimgraph.serve.endpoint import METHODS, in_worker
from pimgraph.serve.state import ServeState


def api_routes(state: ServeState) -> list[Route]:
    async def api(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        path, query, accept = request.url.path, request.url.query, request.headers.get("accept")

        def ask(gone):
            def run_stored(stored: StoredRequest):
                return state.workers.run_stored(stored, gone=gone)

            return route(method, path, query, accept, run_stored)

        reply = await in_worker(request, state, ask)
        if reply is None:  # the client is gone; nobody to answer
            return Response(status_code=499)
        headers = dict(reply.headers)
        content_type = headers.pop("Content-Type")
        return Response(reply.body, reply.status, headers, content_type)

    return [
        Route("/api", api, methods=METHODS),
        Route("/api/{rest:path}", api, methods=METHODS),
    ]
