"""The HTTP side of ``pimgraph serve``: the site's files, content negotiation, and /sparql.

Request paths are mapped to files only through ``publish.paths.inside`` (no ``..``, nothing
outside the site, no dotfiles but ``.well-known``); IRI paths are negotiated with the same
routes the ``.htaccess`` is generated from, and answered with 303 See Other.
"""

from __future__ import annotations

import http.server
import urllib.parse
from pathlib import Path, PurePosixPath

from pimgraph.core.namespaces import PIMID
from pimgraph.publish import conneg
from pimgraph.publish.paths import inside, resource_stem, with_suffix
from pimgraph.serve.api.answers import is_api, route
from pimgraph.serve.api.stored import StoredRequest
from pimgraph.serve.protocol import RESULT_TYPES, TEXT
from pimgraph.serve.workers import QueryWorkers

MAX_BODY = 1_000_000
RDF_VARIANTS = (("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"))


class SiteHandler(http.server.BaseHTTPRequestHandler):
    server_version = "pimgraph"
    site: Path
    workers: QueryWorkers | None = None  # set on the subclass the server makes
    quiet = False

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if not self.quiet:
            super().log_message(format, *args)

    # ---- answers
    def _send(
        self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _message(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, TEXT, (text.rstrip("\n") + "\n").encode("utf-8"), headers)

    def _wants_the_editor(self) -> bool:
        """Whether the client prefers HTML to every result format (a browser does; */* and
        SPARQL clients do not, so they keep getting results)."""
        offered = sorted({t for types in RESULT_TYPES.values() for t in types}) + [conneg.HTML]
        return conneg.negotiate(self.headers.get("Accept"), offered) == conneg.HTML

    def _see_other(self, target: str, query: dict[str, str] | None = None) -> None:
        location = "/" + urllib.parse.quote(target, safe="/._-~")
        if query:
            location += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
        self._message(
            303, f"See Other: {location}", {"Location": location, "Vary": "Accept, Accept-Language"}
        )

    # ---- methods
    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/sparql":
            self._sparql_get(urllib.parse.parse_qs(url.query, keep_blank_values=True))
            return
        if is_api(url.path):
            self._api(url)
            return
        self._site(url.path.lstrip("/"))

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if is_api(url.path):
            self._api(url)
            return
        if url.path != "/sparql":
            self._message(405, "POST goes to /sparql only", {"Allow": "GET, HEAD"})
            return
        declared = (self.headers.get("Content-Length") or "0").strip()
        # "abc", "-1", "1e3", "²" (isdigit alone admits non-ASCII digits): malformed, not big
        if not (declared.isascii() and declared.isdigit()):
            self._message(400, "Content-Length must be a whole number of bytes")
            return
        length = int(declared)
        if length > MAX_BODY:
            self._message(413, f"the request body must be between 0 and {MAX_BODY} bytes")
            return
        body = self.rfile.read(length)
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if kind == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qs(
                    body.decode("utf-8"), keep_blank_values=True, strict_parsing=False
                )
            except UnicodeDecodeError:
                self._message(400, "the form body is not UTF-8")
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            self._sparql(params)
        elif kind == "application/sparql-query":
            try:
                params.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError:
                self._message(400, "the query is not UTF-8")
                return
            self._sparql(params)
        elif kind == "application/sparql-update":
            self._message(400, "SPARQL Update is refused: this endpoint is read-only")
        else:
            self._message(
                415,
                "POST a query as application/x-www-form-urlencoded (query=...) "
                "or application/sparql-query",
            )

    def __getattr__(self, name: str):
        """``do_PUT``, ``do_QUERY``, ...: any other method on the web API gets its 405 problem
        document; elsewhere there is no such attribute, so the standard library answers 501."""
        path = urllib.parse.urlsplit(self.__dict__.get("path", "")).path
        if name.startswith("do_") and is_api(path):
            return lambda: self._api(urllib.parse.urlsplit(self.path))
        raise AttributeError(name)

    # ---- SPARQL
    def _sparql_get(self, params: dict[str, list[str]]) -> None:
        if "query" in params and self._wants_the_editor():
            # A browser following a /sparql?query=... link: the editor with the query filled
            # in, not a results file the browser would show as a raw XML tree.
            lang = conneg.choose_language(self.headers.get("Accept-Language"))
            self._see_other(f"query.{lang}.html", {"query": params["query"][0]})
            return
        if "query" in params or "update" in params:
            self._sparql(params)
            return
        media = conneg.negotiate(self.headers.get("Accept"), [conneg.HTML, "text/turtle"])
        if media == conneg.HTML:
            lang = conneg.choose_language(self.headers.get("Accept-Language"))
            self._see_other(f"query.{lang}.html")
        elif media == "text/turtle":
            self._file("sparql-service.ttl")
        else:
            self._message(400, "give a query: /sparql?query=...")

    def _sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._message(400, "SPARQL Update is refused: this endpoint is read-only")
            return
        if "default-graph-uri" in params or "named-graph-uri" in params:
            self._message(
                400,
                "default-graph-uri and named-graph-uri are not supported: "
                "this endpoint has one graph, the default graph",
            )
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._message(400, "give exactly one non-empty query parameter")
            return
        assert self.workers is not None  # the server's handler class always has them
        # The socket is watched while the query runs: a client that hangs up frees its worker.
        answer = self.workers.run(queries[0], self.headers.get("Accept"), client=self.connection)
        if answer is None:  # the client is gone; nobody to answer
            self.close_connection = True
            return
        status, content_type, body = answer
        self._send(status, content_type, body, {"Vary": "Accept"})

    # ---- the web API (pimgraph.serve.api: the same functions whatever the HTTP server)
    def _api(self, url: urllib.parse.SplitResult) -> None:
        def run_stored(request: StoredRequest):
            assert self.workers is not None  # the server's handler class always has them
            return self.workers.run_stored(request, client=self.connection)

        method = "GET" if self.command == "HEAD" else self.command
        reply = route(method, url.path, url.query, self.headers.get("Accept"), run_stored)
        if reply is None:  # the client is gone; nobody to answer
            self.close_connection = True
            return
        headers = dict(reply.headers)
        content_type = headers.pop("Content-Type")
        self._send(reply.status, content_type, reply.body, headers)

    # ---- the site
    def _existing(self, relative: str) -> Path | None:
        parts = PurePosixPath(relative).parts
        if not relative or any(p.startswith(".") and p != ".well-known" for p in parts):
            return None
        try:
            path = inside(self.site, relative)
        except ValueError:
            return None
        return path if path.is_file() else None

    def _file(self, relative: str) -> None:
        path = self._existing(relative)
        if path is None:
            self._message(404, "not found")
            return
        self._send(200, conneg.media_type_of(path.name), path.read_bytes())

    def _site(self, raw: str) -> None:
        decoded = urllib.parse.unquote(raw)
        if "\x00" not in decoded and self._existing(decoded):
            self._file(decoded)
            return
        accept, language = self.headers.get("Accept"), self.headers.get("Accept-Language")
        lang = conneg.choose_language(language)
        if raw.startswith("id/"):
            # The IRI is rebuilt from the raw (still percent-encoded) path, exactly as written in
            # the graph, and mapped to its files by the same function the build used.
            stem = resource_stem(str(PIMID) + raw[len("id/") :])
            if self._existing(str(with_suffix(stem, f".{lang}.html"))) is None:
                self._message(404, "no such resource")
                return
            offered = [conneg.HTML] + [media for media, _ in RDF_VARIANTS]
            media = conneg.negotiate(accept, offered)
            if media is None:
                self._message(406, f"this resource is available as: {', '.join(offered)}")
                return
            suffix = f".{lang}.html" if media == conneg.HTML else dict(RDF_VARIANTS)[media]
            target = str(with_suffix(stem, suffix))
            if media == conneg.HTML:
                self._see_other(target)
            else:
                # Cool URIs: 303 to the document that describes the thing. The 303's body is that
                # description itself, so a client that does not follow redirects (plain curl)
                # still gets the resource's RDF in the format it asked for.
                location = "/" + urllib.parse.quote(target, safe="/._-~")
                described = self._existing(target)
                assert described is not None  # the build writes every variant of a resource
                self._send(
                    303,
                    media,
                    described.read_bytes(),
                    {"Location": location, "Vary": "Accept, Accept-Language"},
                )
            return
        found = conneg.match(raw)
        if found is None:
            self._message(404, "not found")
            return
        route, path = found
        media = conneg.negotiate(accept, route.offered())
        if media is None:
            self._message(406, f"available as: {', '.join(route.offered())}")
            return
        target = route.target(media, path, lang)
        if self._existing(target) is None:
            self._message(404, "not found")
            return
        self._see_other(target)
