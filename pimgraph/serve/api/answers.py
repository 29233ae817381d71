"""The web API as plain functions: (method, path, query string, Accept) -> ``Reply``.

Nothing here knows the HTTP server: ``pimgraph.serve.api_route`` mounts ``route`` on the ASGI
app. The server checks what it can
without the graph (the query exists, every parameter name is the query's and given once,
``lang`` and ``format`` are ours, the Accept header is satisfiable) and hands the rest to a
query worker through ``run_stored``: binding labels, running, rendering (``stored``). Errors are
RFC 9457 problem documents in the request's language.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from pimgraph.core.choices import DEFAULT_LANGUAGE, LANGUAGES
from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _, language
from pimgraph.publish.conneg import negotiate
from pimgraph.serve.api import docs
from pimgraph.serve.api.openapi import API_PATH, document
from pimgraph.serve.api.problems import PROBLEM, problem
from pimgraph.serve.api.stored import FORMATS, StoredRequest, stored_queries
from pimgraph.serve.protocol import TEXT, Answer
from pimgraph.sparql.binding import parse_assignments
from pimgraph.sparql.catalogue import get

RETRY_AFTER_SECONDS = 2
OPENAPI = "application/json"
_RESERVED = ("lang", "format")
# Media types by preference; the first is the answer to a client that states none.
_OFFERED = {media.split(";")[0]: name for name, media in FORMATS.items()}
RunStored = Callable[[StoredRequest], Answer | None]


@dataclass
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _reply(answer: Answer, **headers: str) -> Reply:
    status, content_type, body = answer
    return Reply(status, {"Content-Type": content_type, **headers}, body)


def route(
    method: str, path: str, query_string: str, accept: str | None, run_stored: RunStored
) -> Reply | None:
    """The answer to one request under ``/api``; None when the client hung up meanwhile."""
    lang = _language(query_string)
    with language(lang):
        if method not in ("GET", "HEAD"):
            reply = _reply(problem(405, _("the web API answers GET and HEAD only")))
            reply.headers["Allow"] = "GET, HEAD"
            return reply
        if path == "/api":
            return Reply(200, {"Content-Type": OPENAPI}, _document_bytes(lang))
        if path == "/api/docs" or path.startswith("/api/docs/") and path != "/api/docs/":
            found = docs.asset(path.removeprefix("/api/docs").removeprefix("/"))
            if found is not None:
                return Reply(200, {"Content-Type": found[0]}, found[1])
        elif path.startswith(API_PATH):
            return _query(
                urllib.parse.unquote(path[len(API_PATH) :]), query_string, accept, run_stored
            )
        return _reply(problem(404, _("no such path in the web API; GET /api describes it")))


@cache
def _document_bytes(lang: str) -> bytes:
    return json.dumps(document(lang), ensure_ascii=False, indent=1).encode("utf-8")


def _language(query_string: str) -> str:
    """The ``lang`` of the query string when it is one of ours, else the CLI's default."""
    given = urllib.parse.parse_qs(query_string).get("lang", [])
    return given[0] if len(given) == 1 and given[0] in LANGUAGES else DEFAULT_LANGUAGE


def _query(query_id: str, query_string: str, accept: str | None, run_stored: RunStored):
    if query_id not in stored_queries():
        return _reply(problem(404, _unknown_query(query_id)))
    checked = check_request(query_id, query_string, accept)
    if isinstance(checked, Reply):
        return checked
    answer = run_stored(checked)
    if answer is None:
        return None
    status, content_type, body = answer
    if content_type == TEXT:  # the workers' own words: busy, cancelled, died
        answer = problem(status, body.decode("utf-8").strip())
    reply = _reply(answer, Vary="Accept")
    if status == 200:
        reply.headers["Content-Language"] = checked.lang
    if status == 503:
        reply.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return reply


def _unknown_query(query_id: str) -> str:
    """The command line's words for an unknown query id (with its "did you mean")."""
    try:
        get(query_id)
    except UsageError as error:
        return str(error)
    raise AssertionError(f"{query_id!r} is in the catalogue but not in its cached copy")


def check_request(query_id: str, query_string: str, accept: str | None) -> StoredRequest | Reply:
    """The request for a worker, or the 400/406 problem that answers it without one."""
    query = stored_queries()[query_id]
    try:
        pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return _reply(problem(400, _("the query string is not UTF-8")))
    values: list[tuple[str, str]] = []
    chosen = {name: [v for k, v in pairs if k == name] for name in _RESERVED}
    try:
        for name, value in pairs:
            if name not in _RESERVED:
                query.parameter(name)  # a UsageError naming the query's parameters
                values.append((name, value))
        parse_assignments([f"{name}={value}" for name, value in pairs])  # each name once
    except UsageError as error:
        return _reply(problem(400, str(error), parameter=_first_wrong(query, pairs)))
    for name, allowed in (("lang", LANGUAGES), ("format", tuple(FORMATS))):
        if chosen[name] and chosen[name][0] not in allowed:
            detail = _("{name} must be one of: {allowed}", name=name, allowed=", ".join(allowed))
            return _reply(problem(400, detail, parameter=name))
    lang = chosen["lang"][0] if chosen["lang"] else DEFAULT_LANGUAGE
    fmt = (
        chosen["format"][0]
        if chosen["format"]
        else _OFFERED.get(negotiate(accept, list(_OFFERED)) or "")
    )
    if fmt is None:
        detail = _(
            "none of the accepted types ({accept}) is offered; ask for one of: {offered} "
            "(or give ?format=)",
            accept=accept,
            offered=", ".join(_OFFERED),
        )
        return _reply(problem(406, detail))
    return StoredRequest(query_id, tuple(values), lang, fmt)


def _first_wrong(query, pairs: list[tuple[str, str]]) -> str:
    """The parameter a check failed on: the first unknown name, else the first repeated one."""
    seen: set[str] = set()
    for name, _value in pairs:
        if name not in _RESERVED:
            try:
                query.parameter(name)
            except UsageError:
                return name
    for name, _value in pairs:
        if name.lstrip("?$_") in seen:
            return name
        seen.add(name.lstrip("?$_"))
    return ""


__all__ = ["PROBLEM", "Reply", "check_request", "route"]
