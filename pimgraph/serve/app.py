"""The ASGI app of ``pimgraph serve`` (Starlette): ``/sparql``, the web API (``/api``), any extra
routes, and the published site behind them.

Around the routes: gzip for text answers of 500 bytes or more (never for what is compressed
already: the ``.gz`` dumps, images), and CORS on ``/sparql`` and ``/api`` only (the data is
read-only, so any origin by default; the site's own pages need none).
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from pimgraph.serve.api_route import api_routes
from pimgraph.serve.endpoint import METHODS, sparql
from pimgraph.serve.site_files import message, site_answer
from pimgraph.serve.state import ServeState

CORS_PATHS = ("/sparql", "/api")
GZIP_LEVEL = 6  # zlib's default: most of level 9's saving at a fraction of its time


def _cross_origin(path: str) -> bool:
    return any(path == root or path.startswith(root + "/") for root in CORS_PATHS)


class PathCORS:
    """Starlette's CORS middleware, on the paths in ``CORS_PATHS`` and nowhere else."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["Accept", "Accept-Language", "Content-Type"],
            max_age=3600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _cross_origin(scope["path"]):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def build_app(state: ServeState, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    """The app over ``state``; ``extra_routes`` are matched after ``/sparql`` and before the web
    API and the site, and get CORS when they lie under ``/api``."""

    async def sparql_route(request: Request) -> Response:
        return await sparql(request, state)

    async def site_route(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return message(405, "POST goes to /sparql only", {"Allow": "GET, HEAD"})
        return site_answer(request, state.site)

    return Starlette(
        routes=[
            Route("/sparql", sparql_route, methods=METHODS),
            *extra_routes,
            *api_routes(state),
            Route("/{path:path}", site_route, methods=METHODS),
        ],
        middleware=[
            Middleware(GZipMiddleware, minimum_size=500, compresslevel=GZIP_LEVEL),
            Middleware(PathCORS, origins=state.cors_origins),
        ],
    )
