"""The page frame (the base template: head, navigation, language switch, footer) and the escaping
helpers the page modules build their fragments with.

Every piece of text that reaches a page goes through ``esc`` (``html.escape`` with quotes), and
every link goes through ``href_for``: site files get relative links, outside IRIs are linked only
when they are plain http(s) IRIs; anything else is shown as text, never as a link.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import PurePosixPath

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


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def http_iri(text: str) -> str | None:
    """``text`` when it is a plain http(s) IRI that is safe to put in ``href``, else None."""
    return text if _HTTP_IRI.fullmatch(text) else None


def a(href: str, text: str, cls: str = "") -> str:
    """A link; ``href`` must come from ``relative_url`` or ``http_iri`` (both are checked)."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="{esc(href)}"{attr}>{esc(text)}</a>'


def page_file(name: str, lang: str) -> PurePosixPath:
    """The file of a site-level page (``networks``, ``ontology/index``) in ``lang``."""
    return PurePosixPath(f"{name}.{lang}.html")


def layout(
    *,
    lang: str,
    title: str,
    body: str,
    path: PurePosixPath,
    other: PurePosixPath,
    alternates: Iterable[tuple[str, PurePosixPath]] = (),
    summary: str = "",
    styles: Iterable[PurePosixPath] = (),
    scripts: Iterable[PurePosixPath] = (),
) -> str:
    """A whole page from the base template: ``path`` is the page's own file (links are relative
    to it), ``other`` the same page in the other language, ``body`` already-escaped HTML;
    ``styles`` and ``scripts`` are extra site files the page loads (a map's library)."""
    switch_lang = OTHER[lang]
    return render(
        "base.html",
        lang=lang,
        title=title,
        summary=summary,
        body=Markup(body),  # built from esc()'d fragments by the page modules
        home=relative_url(path, page_file("index", lang)),
        stylesheet=relative_url(path, STYLESHEET),
        styles=[relative_url(path, style) for style in styles],
        scripts=[relative_url(path, script) for script in scripts],
        nav=[(relative_url(path, page_file(NAV_FILES[key], lang)), ui(key, lang)) for key in NAV],
        switch_lang=switch_lang,
        switch_name=LANGUAGE_NAMES[switch_lang],
        other=relative_url(path, other),
        alternates=[(media, relative_url(path, target)) for media, target in alternates],
        site_title=ui("site_title", lang),
        footer=f"{ui('licence_text', lang)} · {ui('generated', lang)}",
        search={
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
    )


def site_page(
    name: str, lang: str, title: str, body: str, summary: str = "", **assets
) -> tuple[PurePosixPath, str]:
    """A site-level page ``name`` (``cities``, ``search``) in ``lang``: its file and its HTML,
    the language switch pointing at the same page in the other language."""
    path = page_file(name, lang)
    return path, layout(
        lang=lang,
        title=title,
        body=body,
        path=path,
        other=page_file(name, OTHER[lang]),
        summary=summary,
        **assets,
    )


def script_json(value: object) -> str:
    """Compact JSON that is safe inside ``<script type="application/json">``: "<", ">" and "&"
    are escaped as \\u003c, \\u003e and \\u0026, so the data cannot close its element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def lang_tag(language: str | None) -> str:
    return f'<span class="lang-tag">{esc(language)}</span>' if language else ""


def table(
    headers: Iterable[str],
    rows: Iterable[Iterable[str]],
    sortable: bool = False,
    table_id: str = "",
    items: Iterable[str] | None = None,
) -> str:
    """A table whose cells are already-escaped HTML fragments; ``items``, one per row, names
    each row's item in ``data-item`` (what a faceted list's script shows and hides)."""
    cls = ' class="sortable"' if sortable else ""
    ident = f' id="{esc(table_id)}"' if table_id else ""
    head = "".join(f"<th{cls}>{esc(h)}</th>" for h in headers)
    rows = list(rows)
    names = [f' data-item="{esc(i)}"' for i in items] if items is not None else [""] * len(rows)
    body = "".join(
        f"<tr{name}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
        for name, row in zip(names, rows, strict=True)
    )
    return f"<table{ident}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# A few lines of inline JS: sort a table by the clicked column (Polish collation, numbers aware).
# A backslash ending a line joins it to the next (the source stays within 100 columns).
SORT_SCRIPT = """<script>
document.querySelectorAll("th.sortable").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], index = th.cellIndex;
    var down = th.dataset.dir !== "asc"; th.dataset.dir = down ? "asc" : "desc";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
      var c = x.localeCompare(y, document.documentElement.lang, {numeric: true, \
sensitivity: "base"});
      return down ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
</script>"""
