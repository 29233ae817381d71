"""Content negotiation, defined once: the routes from IRI paths to site files, the Accept and
Accept-Language choice, and their renderings as an Apache ``.htaccess`` and an nginx snippet.

``pimgraph serve`` answers with the same ``ROUTES`` (and real q-value negotiation); the two web
server configurations approximate it with header pattern matches, as such configurations do:
a client that names ``text/turtle`` or ``application/ld+json`` gets that, anything else HTML,
in Polish when ``Accept-Language`` starts with ``pl``. IRIs are redirected with 303 See Other to
the document that describes them (Cool URIs for the Semantic Web).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SLUG = r"[A-Za-z0-9][A-Za-z0-9_-]*"
HTML = "text/html"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # regex on the site-relative path (no leading "/"); group 1 is the whole path
    variants: tuple[tuple[str, str], ...]  # (media type, target); "{path}" is the matched path
    html: str  # the HTML target; "{lang}" is pl or en

    def offered(self) -> list[str]:
        return [HTML] + [media for media, _ in self.variants]

    def target(self, media: str, path: str, lang: str) -> str:
        template = self.html if media == HTML else dict(self.variants)[media]
        return template.format(path=path, lang=lang)


ROUTES = (
    Route(
        "resource",
        rf"(id/(?:{SLUG}/)*{SLUG})",
        (("text/turtle", "{path}.ttl"), ("application/ld+json", "{path}.jsonld")),
        "{path}.{lang}.html",
    ),
    Route(
        "ontology",
        r"(ontology(?:/[0-9]+\.[0-9]+\.[0-9]+)?/?)",
        (
            ("text/turtle", "ontology/pim.ttl"),
            ("application/ld+json", "ontology/pim.jsonld"),
            ("application/rdf+xml", "ontology/pim.rdf"),
        ),
        "ontology/index.{lang}.html",
    ),
    Route(
        "catalog",
        r"(catalog)",
        (
            ("text/turtle", "catalog.ttl"),
            ("application/ld+json", "catalog.jsonld"),
            ("application/rdf+xml", "catalog.rdf"),
        ),
        "data.{lang}.html",
    ),
    Route("explore", r"(explore/?)", (), "explore/index.{lang}.html"),
    Route("home", r"()", (), "index.{lang}.html"),
)

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples; charset=utf-8",
    ".rdf": "application/rdf+xml",
    ".gz": "application/gzip",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".conf": "text/plain; charset=utf-8",
}
# Files without a telling suffix.
NAMED_TYPES = {"void": "text/turtle; charset=utf-8", "SHA256SUMS": "text/plain; charset=utf-8"}


def media_type_of(name: str) -> str:
    if name in NAMED_TYPES:
        return NAMED_TYPES[name]
    for suffix, media in MEDIA_TYPES.items():
        if name.endswith(suffix):
            return media
    return "application/octet-stream"


def match(path: str) -> tuple[Route, str] | None:
    """The route whose pattern matches the whole site-relative ``path``, with the matched path."""
    for route in ROUTES:
        found = re.fullmatch(route.pattern, path)
        if found:
            return route, found.group(1).rstrip("/")
    return None


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept``-style header -> [(range, q)], malformed q values counting as 0."""
    ranges = []
    for part in (header or "").split(","):
        items = [item.strip() for item in part.split(";")]
        if not items[0]:
            continue
        q = 1.0
        for item in items[1:]:
            key, _, value = item.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((items[0].lower(), q))
    return ranges


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (q-values, most specific range wins; ties go
    to the earlier offer); the first offer when there is no Accept; None when none is acceptable."""
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0] if offered else None
    best, best_q = None, 0.0
    for media in offered:
        kind = media.split("/")[0]
        q, specificity = None, -1
        for pattern, value in ranges:
            level = (
                2
                if pattern == media
                else 1
                if pattern == f"{kind}/*"
                else 0
                if pattern == "*/*"
                else -1
            )
            if level > specificity:
                q, specificity = value, level
        if q is not None and q > best_q:
            best, best_q = media, q
    return best


def choose_language(accept_language: str | None, default: str = "en") -> str:
    weights = {"pl": -1.0, "en": -1.0}
    for tag, q in parse_accept(accept_language):
        primary = tag.split("-")[0]
        if primary in weights:
            weights[primary] = max(weights[primary], q)
        elif primary == "*":
            for lang in weights:
                weights[lang] = max(weights[lang], q * 0.5)
    if max(weights.values()) <= 0:
        return default
    return (
        "pl"
        if weights["pl"] > weights["en"]
        else "en"
        if weights["en"] > weights["pl"]
        else default
    )


def _apache_target(template: str, lang: str = "") -> str:
    return "%{ENV:PIM_BASE}" + template.replace("{path}", "$1").replace("{lang}", lang)


def htaccess() -> str:
    lines = [
        "# Generated by 'pimgraph publish': content negotiation for https://w3id.org/pim/",
        "# (Cool URIs: each IRI answers 303 See Other to the document that describes it).",
        "# Needs mod_rewrite, mod_mime and mod_headers, and AllowOverride FileInfo Options "
        "Indexes.",
        "# https://w3id.org/pim/ must redirect every path below it to this folder.",
        "Options -Indexes -MultiViews",
        "DirectoryIndex index.html",
        "AddType text/turtle .ttl",
        "AddType application/ld+json .jsonld",
        "AddType application/n-triples .nt",
        "AddType application/rdf+xml .rdf",
        "RemoveEncoding .gz",
        "AddType application/gzip .gz",
        "AddCharset utf-8 .html .ttl .nt .jsonld",
        '<Files "void">',
        "    ForceType text/turtle",
        "</Files>",
        "<IfModule mod_headers.c>",
        '    Header merge Vary "Accept, Accept-Language"',
        "</IfModule>",
        "RewriteEngine On",
        "# PIM_BASE: this folder's URL path, whatever prefix the server mounts it under.",
        r"RewriteCond %{REQUEST_URI}::$1 ^(.*?/)(.*)::\2$",
        "RewriteRule ^(.*)$ - [E=PIM_BASE:%1]",
    ]
    for route in ROUTES:
        lines.append(f"# {route.name}")
        for media, template in route.variants:
            lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {re.escape(media)}")
            lines.append(f"RewriteRule ^{route.pattern}$ {_apache_target(template)} [R=303,L]")
        lines.append("RewriteCond %{HTTP:Accept-Language} ^pl [NC]")
        lines.append(f"RewriteRule ^{route.pattern}$ {_apache_target(route.html, 'pl')} [R=303,L]")
        lines.append(f"RewriteRule ^{route.pattern}$ {_apache_target(route.html, 'en')} [R=303,L]")
    return "\n".join(lines) + "\n"


def nginx(prefix: str = "/") -> str:
    """An nginx snippet for a site served at URL path ``prefix`` (``/`` by default)."""
    suffixes = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/rdf+xml": "rdf"}
    lines = [
        "# Generated by 'pimgraph publish': content negotiation for https://w3id.org/pim/ "
        "(303 See Other).",
        f"# The two map blocks go in http {{ }}; the rest in the server {{ }} that serves "
        f"the site at {prefix}",
        "map $http_accept $pim_rdf {",
        '    default "";',
    ]
    lines += [f'    "~*{re.escape(media)}" "{suffix}";' for media, suffix in suffixes.items()]
    lines += [
        "}",
        "map $http_accept_language $pim_lang {",
        '    default "en";',
        '    "~*^pl" "pl";',
        "}",
        "",
        "charset utf-8;",
        "charset_types text/html text/turtle application/n-triples text/plain;",
    ]
    for suffix, media in (
        (".ttl", "text/turtle"),
        (".jsonld", "application/ld+json"),
        (".nt", "application/n-triples"),
        (".rdf", "application/rdf+xml"),
        (".gz", "application/gzip"),
    ):
        lines.append(f"location ~ {re.escape(suffix)}$ {{ default_type {media}; }}")
    lines.append(f"location = {prefix}.well-known/void {{ default_type text/turtle; }}")
    for route in ROUTES:
        pattern = route.pattern.replace("(", "(?<pim_path>", 1)
        lines += [
            f"# {route.name}",
            f"location ~ ^{prefix}{pattern}$ {{",
            '    add_header Vary "Accept, Accept-Language" always;',
        ]
        for media, template in route.variants:
            target = template.replace("{path}", "$pim_path")
            lines.append(
                f'    if ($pim_rdf = "{suffixes[media]}") {{ return 303 {prefix}{target}; }}'
            )
        lines.append(
            "    return 303 "
            f"{prefix}{route.html.replace('{path}', '$pim_path').replace('{lang}', '$pim_lang')};"
        )
        lines.append("}")
    return "\n".join(lines) + "\n"
