"""RFC 9457 problem documents (``application/problem+json``): every error the web API gives."""

from __future__ import annotations

import json
from http import HTTPStatus

from pimgraph.serve.protocol import Answer

PROBLEM = "application/problem+json"


def problem(status: int, detail: str, **members: object) -> Answer:
    """A problem document for ``status``: ``type`` about:blank, so ``title`` is the status's
    phrase (RFC 9457 section 4.2.1); ``detail`` is the message the command line would print;
    ``members`` are extensions (``parameter``: which query parameter was wrong), empty ones left
    out."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **{name: value for name, value in members.items() if value},
    }
    return status, PROBLEM, json.dumps(body, ensure_ascii=False).encode("utf-8")
