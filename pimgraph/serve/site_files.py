"""The published site over HTTP: its files (with ``ETag``/``Last-Modified`` and 304s, big ones
streamed) and content negotiation of its IRIs (303 See Other to the document that describes
them).

Request paths are mapped to files only through ``publish.paths.inside`` (no ``..``, nothing
outside the site, no dotfiles but ``.well-known``); IRI paths are negotiated with the same
routes the ``.htaccess`` is generated from.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import urllib.parse
from pathlib import Path, PurePosixPath

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from pimgraph.core.namespaces import PIMID
from pimgraph.publish import conneg
from pimgraph.publish.paths import inside, resource_stem, with_suffix
from pimgraph.serve.protocol import TEXT

RDF_VARIANTS = (("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"))
NEGOTIATED = {"Vary": "Accept, Accept-Language"}


def message(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text answer: one line (or a few), ending with a newline."""
    return Response((text.rstrip("\n") + "\n").encode("utf-8"), status, headers, TEXT)


def see_other(target: str, query: dict[str, str] | None = None) -> Response:
    location = "/" + urllib.parse.quote(target, safe="/._-~")
    if query:
        location += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
    return message(303, f"See Other: {location}", {"Location": location, **NEGOTIATED})


def existing(site: Path, relative: str) -> tuple[Path, os.stat_result] | None:
    """The site file at ``relative`` (decoded, site-relative) and its stat, if it is one."""
    parts = PurePosixPath(relative).parts
    if not relative or any(p.startswith(".") and p != ".well-known" for p in parts):
        return None
    try:
        path = inside(site, relative)
        stat = path.stat()
    except (ValueError, OSError):
        return None
    return (path, stat) if path.is_file() else None


SMALL_FILE = 64 * 1024  # bytes: answered from one read; bigger files are streamed in chunks


def validators(stat: os.stat_result) -> dict[str, str]:
    """``ETag`` and ``Last-Modified`` of a file (the ETag is Starlette's FileResponse's own)."""
    tag = hashlib.md5(f"{stat.st_mtime}-{stat.st_size}".encode(), usedforsecurity=False)
    return {
        "etag": f'"{tag.hexdigest()}"',
        "last-modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
    }


def _not_modified(request: Headers, etag: str, modified: str) -> bool:
    """RFC 9110's conditional GET: If-None-Match wins; If-Modified-Since only without it."""
    if_none_match = request.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = request.get("if-modified-since")
    if since is None:
        return False
    try:
        return email.utils.parsedate_to_datetime(modified) <= email.utils.parsedate_to_datetime(
            since
        )
    except (TypeError, ValueError):  # an unreadable date: answer in full
        return False


def file_response(
    request: Request,
    found: tuple[Path, os.stat_result],
    status: int = 200,
    media: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The file, or 304 if the client has it already. A big file (a dump) is streamed from
    disk, never read whole; a small one (a page) is sent from one read, which saves the
    three thread hops of a streamed answer and holds at most ``SMALL_FILE`` bytes."""
    path, stat = found
    media = media or conneg.media_type_of(path.name)
    headers = {**(headers or {}), **validators(stat)}
    if status == 200 and _not_modified(request.headers, headers["etag"], headers["last-modified"]):
        return Response(status_code=304, headers=validators(stat))
    if stat.st_size <= SMALL_FILE:
        try:
            with open(path, "rb") as file:
                body = file.read(SMALL_FILE + 1)
        except OSError:
            return message(404, "not found")
        if len(body) <= SMALL_FILE:  # not grown meanwhile
            return Response(body, status, headers, media)
    return FileResponse(path, status, headers, media, stat_result=stat)


def site_file(request: Request, site: Path, relative: str) -> Response:
    found = existing(site, relative)
    return message(404, "not found") if found is None else file_response(request, found)


def _resource(request: Request, site: Path, raw: str, lang: str) -> Response:
    # The IRI is rebuilt from the raw (still percent-encoded) path, exactly as written in the
    # graph, and mapped to its files by the same function the build used.
    stem = resource_stem(str(PIMID) + raw[len("id/") :])
    if existing(site, str(with_suffix(stem, f".{lang}.html"))) is None:
        return message(404, "no such resource")
    offered = [conneg.HTML] + [media for media, _ in RDF_VARIANTS]
    media = conneg.negotiate(request.headers.get("accept"), offered)
    if media is None:
        return message(406, f"this resource is available as: {', '.join(offered)}")
    if media == conneg.HTML:
        return see_other(str(with_suffix(stem, f".{lang}.html")))
    # Cool URIs: 303 to the document that describes the thing. The 303's body is that
    # description itself, so a client that does not follow redirects (plain curl) still gets
    # the resource's RDF in the format it asked for.
    target = str(with_suffix(stem, dict(RDF_VARIANTS)[media]))
    described = existing(site, target)
    assert described is not None  # the build writes every variant of a resource
    location = "/" + urllib.parse.quote(target, safe="/._-~")
    return file_response(request, described, 303, media, {"Location": location, **NEGOTIATED})


def site_answer(request: Request, site: Path) -> Response:
    """A GET or HEAD of anything but /sparql (and the routes mounted before the site)."""
    # The raw, still percent-encoded path, as the client sent it (ISO-8859-1, as HTTP/1.1 reads).
    raw = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
    raw = raw.split("?", 1)[0].lstrip("/")
    decoded = urllib.parse.unquote(raw)
    if "\x00" not in decoded and (found := existing(site, decoded)):
        return file_response(request, found)
    lang = conneg.choose_language(request.headers.get("accept-language"))
    if raw.startswith("id/"):
        return _resource(request, site, raw, lang)
    matched = conneg.match(raw)
    if matched is None:
        return message(404, "not found")
    route, path = matched
    media = conneg.negotiate(request.headers.get("accept"), route.offered())
    if media is None:
        return message(406, f"available as: {', '.join(route.offered())}")
    target = route.target(media, path, lang)
    if existing(site, target) is None:
        return message(404, "not found")
    return see_other(target)
