"""``/api/docs``: Swagger UI over ``/api``, every file from this server.

The page, its start-up script and the vendored ``swagger-ui-dist`` (``static/vendor``, pinned by
``tests/tools/vendor-frontend``) are package files; nothing loads from another host (the start-up
script turns off Swagger UI's online validator badge).
"""

from __future__ import annotations

from importlib.resources import files

from pimgraph.publish.conneg import media_type_of

_STATIC = files("pimgraph.serve") / "static"
# What the docs page may load: the page itself ("" = /api/docs) and the files it names.
_ASSETS = {
    "": "api-docs.html",
    "api-docs.js": "api-docs.js",
    "swagger-ui.css": "vendor/swagger-ui-dist/swagger-ui.css",
    "swagger-ui-bundle.js": "vendor/swagger-ui-dist/swagger-ui-bundle.js",
}


def asset(name: str) -> tuple[str, bytes] | None:
    """(media type, bytes) of the docs page's file ``name``, or None."""
    relative = _ASSETS.get(name)
    if relative is None:
        return None
    resource = _STATIC.joinpath(*relative.split("/"))
    return media_type_of(resource.name), resource.read_bytes()
