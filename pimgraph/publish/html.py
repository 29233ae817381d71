"""The page frame (the base template: head, navigation, language switch, footer) and the few
HTML fragments the page modules hand their templates.

Pages are Jinja2 templates with autoescaping on (``templates/``): a value reaches a page escaped
unless it is ``Markup``. The only ``Markup`` the Python side makes comes from ``Markup.format``,
which escapes every argument, so no text can be forgotten unescaped. Every link goes through
``relative_url`` (site files) or ``http_iri`` (outside IRIs, linked only when they are plain
http(s) IRIs); anything else is shown as text, never as a link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup

from pimgraph.publish.i18n import LANGUAGE_NAMES, OTHER, ui
from pimgraph.publish.paths import relative_url, search_root
from pimgraph.publish.templating import STYLESHEET, render

_HTTP_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+", re.IGNORECASE)

NAV = (
    "networks",
    "cities",
    "themes",
    "recommendations",
    "mids",
    "editions",
    "explore",
    "resources",
    "ontology",
    "data",
    "query",
)
NAV_FILES = {
    "networks": "networks",
    "cities": "cities",
    "themes": "themes",
    "recommendations": "recommendations",
    "mids": "mids",
    "editions": "editions",
    "explore": "explore/index",
    "resources": "resources",
    "ontology": "ontology/index",
    "data": "data",
    "query": "query",
}


def http_iri(text: str) -> str | None:
    """``text`` when it is a plain http(s) IRI that is safe to put in ``href``, else None."""
    return text if _HTTP_IRI.fullmatch(text) else None


def a(href: str, text: str) -> Markup:
    """A link; ``href`` must come from ``relative_url`` or ``http_iri`` (both are checked)."""
    return Markup('<a href="{}">{}</a>').format(href, text)


def muted(text: str) -> Markup:
    return Markup('<span class="muted">{}</span>').format(text)


def page_file(name: str, lang: str) -> PurePosixPath:
    """The file of a site-level page (``networks``, ``ontology/index``) in ``lang``."""
    return PurePosixPath(f"{name}.{lang}.html")


def layout(
    template: str,
    *,
    lang: str,
    title: str,
    path: PurePosixPath,
    other: PurePosixPath,
    alternates: Iterable[tuple[str, PurePosixPath]] = (),
    summary: str = "",
    styles: Iterable[PurePosixPath] = (),
    scripts: Iterable[PurePosixPath] = (),
    **page: object,
) -> str:
    """A whole page from ``template`` (which extends ``base.html``) and the values it names in
    ``page``: ``path`` is the page's own file (links are relative to it), ``other`` the same page
    in the other language; ``styles`` and ``scripts`` are extra site files the page loads (a
    map's library)."""
    frame = _frame(lang, title, path, other, alternates, summary, styles, scripts)
    clash = frame.keys() & page.keys()
    if clash:
        raise ValueError(f"{template}: page values {sorted(clash)} shadow the frame's")
    return render(template, **frame, **page)


def _frame(
    lang: str,
    title: str,
    path: PurePosixPath,
    other: PurePosixPath,
    alternates: Iterable[tuple[str, PurePosixPath]],
    summary: str,
    styles: Iterable[PurePosixPath],
    scripts: Iterable[PurePosixPath],
) -> dict[str, object]:
    """What ``base.html`` names: head, navigation, language switch, search box, footer."""
    switch_lang = OTHER[lang]
    return {
        "lang": lang,
        "title": title,
        "summary": summary,
        "path": path,
        "home": relative_url(path, page_file("index", lang)),
        "stylesheet": relative_url(path, STYLESHEET),
        "styles": [relative_url(path, style) for style in styles],
        "scripts": [relative_url(path, script) for script in scripts],
        "nav": [
            (relative_url(path, page_file(NAV_FILES[key], lang)), ui(key, lang)) for key in NAV
        ],
        "switch_lang": switch_lang,
        "switch_name": LANGUAGE_NAMES[switch_lang],
        "other": relative_url(path, other),
        "alternates": [(media, relative_url(path, target)) for media, target in alternates],
        "site_title": ui("site_title", lang),
        "footer": f"{ui('licence_text', lang)} · {ui('generated', lang)}",
        "search": {
            "page": relative_url(path, page_file("search", lang)),
            "root": search_root(path),
            "persistent": path == page_file("search", lang),
            "label": ui("search", lang),
            "placeholder": ui("search_placeholder", lang),
            "results": ui("search_results", lang),
            "none": ui("search_none", lang),
            "count": ui("search_count", lang),
            "error": ui("search_error", lang),
        },
        # The site's words, for the page templates: {{ ui("cities") }}.
        "ui": lambda key: ui(key, lang),
    }


def site_page(
    template: str, name: str, lang: str, title: str, summary: str = "", **page: Any
) -> tuple[PurePosixPath, str]:
    """A site-level page ``name`` (``cities``, ``search``) in ``lang`` from ``template``: its
    file and its HTML, the language switch pointing at the same page in the other language."""
    path = page_file(name, lang)
    return path, layout(
        template,
        lang=lang,
        title=title,
        path=path,
        other=page_file(name, OTHER[lang]),
        summary=summary,
        **page,
    )


def script_json(value: object) -> Markup:
    """Compact JSON that is safe inside ``<script type="application/json">``: "<", ">" and "&"
    are escaped as \\u003c, \\u003e and \\u0026, so the data cannot close its element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def lang_tag(language: str | None) -> Markup:
    return Markup('<span class="lang-tag">{}</span>').format(language) if language else Markup()


# The table sorter: a site file, loaded by the pages with a sortable table.
SORTABLE_SCRIPT = PurePosixPath("static/sortable.js")
