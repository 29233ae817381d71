"""The SPARQL query page: the stored queries in a select list, a textarea, and a result table.

The page posts to the site's ``sparql`` endpoint (``pimgraph serve`` provides it; a static host
needs one behind that path). Results are put on the page with ``textContent`` only, never as
HTML, and the catalogue travels as JSON in a ``<script type="application/json">`` element with
``<`` escaped, so no query text can end the script.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from pimgraph.core.messages import PLURAL_SCRIPT, plural_forms
from pimgraph.publish.html import esc, script_json, site_page
from pimgraph.publish.i18n import ui
from pimgraph.sparql.catalogue import catalogue

# A backslash ending a line inside this string joins it to the next line: the source stays
# within 100 columns and the output is unchanged.
SCRIPT = (
    """<script>
(function () {
  """
    + PLURAL_SCRIPT
    + """
  var catalogue = JSON.parse(document.getElementById("catalogue").textContent);
  var words = JSON.parse(document.getElementById("words").textContent);
  var select = document.getElementById("stored"), text = document.getElementById("query");
  var info = document.getElementById("query-info"), out = document.getElementById("results");
  var lang = document.documentElement.lang, \
slug = /^[A-Za-z0-9][A-Za-z0-9_-]*(\\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/;
  var dataSpace = "https://w3id.org/pim/id/";
  catalogue.forEach(function (q) {
    var option = document.createElement("option");
    option.value = q.id; option.textContent = q.id + " \\u2013 " + q.summary;
    select.appendChild(option);
  });
  select.addEventListener("change", function () {
    var q = catalogue.filter(function (item) { return item.id === select.value; })[0];
    if (!q) { return; }
    text.value = q.text;
    info.textContent = q.description || q.summary;
    if (q.parameters.length) { info.textContent += " \\u2014 " + \
words.parameters + ": " + q.parameters.join(", "); }
  });
  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var local = term.value.indexOf(dataSpace) === 0 ? term.value.slice(dataSpace.length) : null;
      var href = local !== null && slug.test(local) ? "id/" + local + "." + lang + ".html"
               : /^https?:\\/\\//i.test(term.value) ? term.value : null;
      if (href) {
        var link = document.createElement("a"); link.href = href; link.textContent = term.value;
        td.appendChild(link); return td;
      }
    }
    td.textContent = term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
    return td;
  }
  function show(data) {
    out.textContent = "";
    var status = document.createElement("p"); status.id = "result-status";
    if (typeof data.boolean === "boolean") { status.textContent = String(data.boolean); \
out.appendChild(status); return; }
    var vars = data.head.vars, rows = data.results.bindings;
    status.textContent = words.rows[pluralForm(rows.length)].replace("{n}", rows.length); \
out.appendChild(status);
    var table = document.createElement("table"); table.id = "result-table";
    var head = table.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; \
head.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    out.appendChild(table);
  }
  function showTurtle(turtle) {
    out.textContent = "";
    var pre = document.createElement("pre"); pre.id = "result-turtle";
    pre.textContent = turtle; // text, never HTML
    out.appendChild(pre);
  }
  // A permalink: ?query=... fills the box (and /sparql sends browsers here with it).
  var given = new URLSearchParams(window.location.search).get("query");
  if (given) { text.value = given; }
  document.getElementById("query-form").addEventListener("submit", function (event) {
    event.preventDefault();
    out.textContent = words.running;
    var link = new URL(window.location.href); link.searchParams.set("query", text.value);
    window.history.replaceState(null, "", link.toString());
    // Tables for SELECT and ASK; CONSTRUCT and DESCRIBE come back as Turtle and show as text.
    fetch("sparql", {method: "POST", body: new URLSearchParams({query: text.value}),
                     headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}})
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("text/turtle") === 0) {
          return response.text().then(showTurtle);
        }
        if (response.ok) { return response.json().then(show); }
        return response.text().then(function (message) { throw new Error(\
response.status + ": " + message); });
      })
      .catch(function (error) {
        out.textContent = ""; var p = document.createElement("p"); p.id = "result-error";
        p.textContent = error.message || words.needs_server; out.appendChild(p);
      });
  });
})();
</script>"""
)


def query_page(lang: str) -> tuple[PurePosixPath, str]:

    queries = [
        {
            "id": q.id,
            "summary": q.summary,
            "description": q.description,
            "text": q.text,
            "parameters": [p.describe() for p in q.parameters],
        }
        for q in catalogue().values()
    ]
    words = {
        "rows": plural_forms("{n} row", "{n} rows", lang=lang),
        "running": ui("running", lang),
        "parameters": ui("parameters", lang),
        "needs_server": ui("query_needs_server", lang),
    }
    body = (
        f'<h1 id="title">{esc(ui("query", lang))}</h1><p>{esc(ui("query_intro", lang))}</p>'
        f'<noscript><p class="notice">{esc(ui("query_noscript", lang))}</p></noscript>'
        f'<form id="query-form"><p><label for="stored">{esc(ui("stored_query", lang))}</label> '
        f'<select id="stored"><option value="">{esc(ui("choose", lang))}</option></select></p>'
        f'<p id="query-info" class="muted"></p>'
        f'<p><label for="query">{esc(ui("query_text", lang))}</label></p>'
        '<textarea id="query" name="query" spellcheck="false">'
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10</textarea>"
        f'<p><button type="submit" id="run">{esc(ui("run", lang))}</button></p></form>'
        f'<div id="results"></div>'
        f'<script type="application/json" id="catalogue">{script_json(queries)}</script>'
        f'<script type="application/json" id="words">{script_json(words)}</script>{SCRIPT}'
    )
    return site_page("query", lang, ui("query", lang), body)
