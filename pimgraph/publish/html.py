"""The page frame (head, navigation, language switch, footer), the CSS, and escaping helpers.

Every piece of text that reaches a page goes through ``esc`` (``html.escape`` with quotes), and
every link goes through ``href_for``: site files get relative links, outside IRIs are linked only
when they are plain http(s) IRIs; anything else is shown as text, never as a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from pimgraph.publish.i18n import LANGUAGE_NAMES, OTHER, ui
from pimgraph.publish.paths import relative_url

_HTTP_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+", re.IGNORECASE)

# A backslash ending a line inside this string joins it to the next line: the source stays
# within 100 columns and the output is unchanged.
CSS = """
:root{--ink:#1d2330;--muted:#5b6475;--line:#d9dee7;--accent:#0b5cad;--bg:#fbfcfe;--tag:#eef3fa}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;\
color:var(--ink);background:var(--bg)}
header{background:#17365d;color:#fff;padding:.6rem 1.2rem}
header a{color:#fff;text-decoration:none;margin-right:1rem;white-space:nowrap}
header a:hover{text-decoration:underline}
header .site{font-weight:600;font-size:1.05rem}
header nav{display:flex;flex-wrap:wrap;gap:.2rem;align-items:center;margin-top:.3rem}
header .lang{margin-left:auto;border:1px solid #fff6;border-radius:4px;padding:0 .5rem}
main{max-width:62rem;margin:0 auto;padding:1rem 1.2rem 3rem}
h1{font-size:1.7rem;line-height:1.25;margin:.8rem 0 .3rem}
h2{font-size:1.2rem;margin:1.8rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
a{color:var(--accent)}
.iri{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;\
color:var(--muted);word-break:break-all}
.types a,.tag{display:inline-block;background:var(--tag);border-radius:3px;padding:0 .4rem;\
margin:0 .3rem .2rem 0;font-size:.85rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
th{background:#f1f4f9;font-weight:600}
th.sortable{cursor:pointer;user-select:none}
th.sortable::after{content:" \\2195";color:var(--muted);font-size:.8em}
td.prop{width:30%;color:var(--muted)}
.lang-tag{color:var(--muted);font-size:.75rem;margin-left:.3rem}
.muted{color:var(--muted)}
.map{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap}
.map svg{border:1px solid var(--line);background:#f4f8fb}
figure{margin:1rem 0}
figure img{max-width:100%;height:auto;border:1px solid var(--line);background:#fff}
figcaption{color:var(--muted);font-size:.9rem}
ul.tree{list-style:none;padding-left:1.1rem}
ul.tree li{margin:.15rem 0}
dl.term{display:grid;grid-template-columns:minmax(8rem,12rem) 1fr;gap:.25rem .9rem;\
margin:.2rem 0 1.2rem}
dl.term dt{font-weight:600;color:var(--muted)}
dl.term dd{margin:0}
textarea{width:100%;min-height:14rem;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace}
select,button{font:inherit;padding:.2rem .5rem}
footer{max-width:62rem;margin:0 auto;padding:1rem 1.2rem 2rem;color:var(--muted);\
font-size:.85rem;border-top:1px solid var(--line)}
"""

NAV = (
    "networks",
    "cities",
    "themes",
    "recommendations",
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
) -> str:
    """A whole page: ``path`` is the page's own file (links are relative to it), ``other`` the
    same page in the other language."""
    home = relative_url(path, page_file("index", lang))
    nav = "".join(
        a(relative_url(path, page_file(NAV_FILES[key], lang)), ui(key, lang)) for key in NAV
    )
    switch_lang = OTHER[lang]
    switch = (
        f'<a class="lang" lang="{switch_lang}" hreflang="{switch_lang}" id="lang-switch" '
        f'href="{esc(relative_url(path, other))}">{esc(LANGUAGE_NAMES[switch_lang])}</a>'
    )
    links = "".join(
        f'<link rel="alternate" type="{esc(media)}" href="{esc(relative_url(path, target))}">'
        for media, target in alternates
    )
    links += (
        f'<link rel="alternate" hreflang="{switch_lang}" href="{esc(relative_url(path, other))}">'
    )
    meta = f'<meta name="description" content="{esc(summary)}">' if summary else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · PIM</title>\n{meta}{links}\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><a class="site" href="{esc(home)}">{esc(ui("site_title", lang))}</a>'
        f"<nav>{nav}{switch}</nav></header>\n<main>\n{body}\n</main>\n"
        f"<footer>{esc(ui('licence_text', lang))} · {esc(ui('generated', lang))}</footer>\n"
        "</body>\n</html>\n"
    )


def lang_tag(language: str | None) -> str:
    return f'<span class="lang-tag">{esc(language)}</span>' if language else ""


def table(
    headers: Iterable[str],
    rows: Iterable[Iterable[str]],
    sortable: bool = False,
    table_id: str = "",
) -> str:
    """A table whose cells are already-escaped HTML fragments."""
    cls = ' class="sortable"' if sortable else ""
    ident = f' id="{esc(table_id)}"' if table_id else ""
    head = "".join(f"<th{cls}>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table{ident}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# A few lines of inline JS: sort a table by the clicked column (Polish collation, numbers aware).
# A backslash ending a line joins it to the next, as in CSS above.
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
