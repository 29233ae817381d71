/* The query page of the published site: the vendored YASQE editor (from YASGUI), a gallery of
 * the stored queries with their parameters as form fields, and the results as a table, as
 * Turtle (CONSTRUCT, DESCRIBE) or as a map of WKT points. It asks no host but the configured
 * endpoint (data.endpoint: the site's own "sparql", or pimgraph publish --sparql-url): the
 * editor completes our prefixes only, and YASGUI's completers that call prefix.cc and Linked
 * Open Vocabularies are removed. Parameters are bound as the CLI binds them for a remote
 * endpoint: a VALUES block of RDF terms right after the "{" that opens the WHERE group (its
 * offset comes with each query, computed by pimgraph.graph.values at build time). Results go on
 * the page with textContent only, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("query-data").textContent);
  var words = data.words, endpoint = data.endpoint, lang = data.lang, prefixes = data.prefixes;
  var out = document.getElementById("results"), mapElement = document.getElementById("result-map");
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var WKT = "http://www.opengis.net/ont/geosparql#wktLiteral";
  var DATA_SPACE = "https://w3id.org/pim/id/";
  var SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*(\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/;
  var BAD_IRI = /[\s<>"{}|\\^`]/;
  var editor = null, lastQuery = null, resultMap = null;
  // The same rule as pimgraph.core.messages.PLURAL_SCRIPT (a test checks they stay one).
  function pluralForm(n) { return n === 1 ? 0 : (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) ? 1 : 2; }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  // ---- the editor -------------------------------------------------------------------------
  function startEditor(initial) {
    var Yasqe = window.Yasgui && window.Yasgui.Yasqe;
    var host = document.getElementById("editor");
    if (!Yasqe) { return null; }
    var ours = Object.keys(prefixes).map(function (p) { return p + ": <" + prefixes[p] + ">"; });
    Yasqe.forkAutocompleter("prefixes", {
      name: "pimPrefixes",
      persistenceId: null,
      get: function () { return Promise.resolve(ours.slice()); }
    }, false);
    // Classes and properties from our graph, in place of the completers that ask LOV.
    [["class", "pimClasses", data.vocabulary.classes],
     ["property", "pimProperties", data.vocabulary.properties]].forEach(function (fork) {
      Yasqe.forkAutocompleter(fork[0], {
        name: fork[1],
        persistenceId: null,
        get: function (yasqe, token) {
          var start = (token && token.autocompletionString) || "";
          return Promise.resolve(fork[2].filter(function (iri) { return iri.indexOf(start) === 0; }));
        }
      }, false);
    });
    // Only our completers: the others ask prefix.cc and lov.linkeddata.es.
    var mine = ["variables", "pimPrefixes", "pimClasses", "pimProperties"];
    Object.keys(Yasqe.Autocompleters).forEach(function (name) {
      if (mine.indexOf(name) < 0) { delete Yasqe.Autocompleters[name]; }
    });
    Yasqe.defaults.autocompleters = mine.slice();
    Yasqe.defaults.requestConfig.endpoint = endpoint;
    var yasqe = new Yasqe(host, {
      value: initial,
      persistenceId: null,
      consumeShareLink: null,
      createShareableLink: null,
      showQueryButton: false,
      resizeable: false,
      editorHeight: "18rem",
      prefixCcApi: null,
      extraKeys: {
        "Ctrl-Enter": function () { run(yasqe.getValue()); },
        "Cmd-Enter": function () { run(yasqe.getValue()); },
        "Ctrl-S": function () { /* no saving in the browser's storage */ }
      }
    });
    yasqe.getInputField().setAttribute("aria-label", host.getAttribute("aria-label"));
    // A long query scrolls inside the editor: the keyboard can reach that box too.
    var scroller = yasqe.getScrollerElement();
    scroller.tabIndex = 0;
    scroller.setAttribute("role", "region");
    scroller.setAttribute("aria-label", host.getAttribute("aria-label"));
    return yasqe;
  }

  function text() { return editor ? editor.getValue() : ""; }

  function setText(value) { if (editor) { editor.setValue(value); } }

  // ---- binding parameters as RDF terms, as pimgraph.sparql.binding does ---------------------
  function literal(value, datatype) { return JSON.stringify(value) + "^^<" + XSD + datatype + ">"; }

  function iriTerm(field, raw) {
    if (field.picker) {
      var known = data.pickers[field.picker].some(function (item) { return item.iri === raw; });
      return known ? "<" + raw + ">" : null;
    }
    var value = raw.charAt(0) === "<" && raw.charAt(raw.length - 1) === ">" ? raw.slice(1, -1) : raw;
    var colon = value.indexOf(":"), prefix = value.slice(0, colon);
    if (colon > 0 && Object.prototype.hasOwnProperty.call(prefixes, prefix) &&
        value.slice(colon + 1, colon + 3) !== "//") {
      value = prefixes[prefix] + value.slice(colon + 1);
    }
    return /^https?:\/\/./i.test(value) && !BAD_IRI.test(value) ? "<" + value + ">" : null;
  }

  function term(field, raw) {
    var value = raw.trim();
    if (field.type === "iri") { return iriTerm(field, value); }
    if (field.type === "integer") {
      if (!/^[+-]?[0-9]{1,18}$/.test(value)) { return null; }
      var digits = value.replace(/^\+/, "").replace(/^(-?)0+(?=[0-9])/, "$1");
      return literal(digits === "-0" ? "0" : digits, "integer");
    }
    if (field.type === "decimal") {
      return /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(value) ? literal(value, "decimal") : null;
    }
    if (field.type === "boolean") {
      var folded = value.toLowerCase();
      if (["true", "false", "1", "0"].indexOf(folded) < 0) { return null; }
      return literal(folded === "true" || folded === "1" ? "true" : "false", "boolean");
    }
    if (field.type === "date") {
      var day = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
      var date = day && new Date(Date.UTC(+day[1], +day[2] - 1, +day[3]));
      var real = date && date.getUTCMonth() === +day[2] - 1 && date.getUTCDate() === +day[3];
      return real ? literal(value, "date") : null;
    }
    return JSON.stringify(raw);
  }

  // The query's text with a VALUES block of the given terms, or an error message.
  function bound(query, form) {
    var variables = [], terms = [], problems = [];
    query.fields.forEach(function (field) {
      var input = form.elements["param-" + field.name], raw = input ? input.value : "";
      if (!raw.trim()) {
        if (field.required) { problems.push(say(words.query_missing_value, {name: field.label})); }
        return;
      }
      var made = term(field, raw);
      if (made === null) {
        problems.push(say(words.query_bad_value, {name: field.label, value: raw, type: field.type}));
        return;
      }
      variables.push("?" + field.variable); terms.push(made);
    });
    if (query.lang_variable) { variables.push("?" + query.lang_variable); terms.push(JSON.stringify(lang)); }
    if (problems.length) { return {error: problems.join("; ")}; }
    if (!variables.length) { return {text: query.text}; }
    // In the order the parameters appear in the query, as the CLI writes them.
    var order = variables.map(function (v, i) { return i; }).sort(function (a, b) {
      return query.variables.indexOf(variables[a].slice(1)) - query.variables.indexOf(variables[b].slice(1));
    });
    variables = order.map(function (i) { return variables[i]; });
    terms = order.map(function (i) { return terms[i]; });
    var block = "\n  VALUES (" + variables.join(" ") + ") { (" + terms.join(" ") + ") }\n";
    var at = query.values_at + 1;
    return {text: query.text.slice(0, at) + block + query.text.slice(at)};
  }

  // ---- the gallery --------------------------------------------------------------------------
  function fieldInput(query, field) {
    var id = "param-" + query.id + "-" + field.name, input;
    if (field.picker || field.type === "boolean") {
      input = document.createElement("select");
      input.appendChild(new Option(field.required ? words.choose : words.query_any, ""));
      var items = field.picker ? data.pickers[field.picker]
        : [{iri: "true", label: "true"}, {iri: "false", label: "false"}];
      items.forEach(function (item) { input.appendChild(new Option(item.label, item.iri)); });
    } else {
      input = document.createElement("input");
      input.type = {integer: "number", decimal: "number", date: "date"}[field.type] || "text";
      if (field.type === "decimal") { input.step = "any"; }
      if (field.type === "iri") { input.placeholder = "pimid:…"; }
    }
    input.id = id; input.name = "param-" + field.name; input.required = field.required;
    var label = element("label", field.label + (field.required ? "" : " (" + words.query_optional + ")"));
    label.htmlFor = id;
    var wrap = element("p", null, "query-field");
    wrap.appendChild(label); wrap.appendChild(input);
    return wrap;
  }

  function card(query) {
    var item = element("li", null, "query-card");
    item.id = "stored-" + query.id;
    item.appendChild(element("h3", query.id));
    item.appendChild(element("p", query.summary, "query-summary"));
    if (query.description) {
      var details = element("details");
      details.appendChild(element("summary", words.query_description));
      details.appendChild(element("p", query.description));
      item.appendChild(details);
    }
    var form = element("form", null, "query-params");
    form.noValidate = true;
    query.fields.forEach(function (field) { form.appendChild(fieldInput(query, field)); });
    var status = element("p", null, "query-problem");
    status.setAttribute("role", "status");
    var buttons = element("p", null, "query-actions");
    var runButton = element("button", words.run, "gallery-run");
    runButton.type = "submit";
    var open = element("button", words.query_open, "gallery-open");
    open.type = "button";
    buttons.appendChild(runButton); buttons.appendChild(open);
    form.appendChild(buttons); form.appendChild(status);
    function take() {
      var made = bound(query, form);
      status.textContent = made.error || "";
      if (!made.error) { setText(made.text); }
      return made;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var made = take();
      if (!made.error) { run(made.text); document.getElementById("editor-section").scrollIntoView(); }
    });
    open.addEventListener("click", function () { take(); document.getElementById("editor").scrollIntoView(); });
    item.appendChild(form);
    return item;
  }

  // ---- results ------------------------------------------------------------------------------
  function compact(iri) {
    var best = null;
    Object.keys(prefixes).forEach(function (p) {
      var ns = prefixes[p];
      if (iri.indexOf(ns) === 0 && (!best || ns.length > prefixes[best].length)) { best = p; }
    });
    var local = best && iri.slice(prefixes[best].length);
    return best && /^[A-Za-z0-9_/.-]*$/.test(local) ? best + ":" + local : iri;
  }

  function cell(value) {
    var td = element("td");
    if (!value) { return td; }
    td.setAttribute("data-value", value.value);
    if (value.type === "uri") {
      var local = value.value.indexOf(DATA_SPACE) === 0 ? value.value.slice(DATA_SPACE.length) : null;
      var href = local !== null && SLUG.test(local) ? "id/" + local + "." + lang + ".html"
        : /^https?:\/\//i.test(value.value) ? value.value : null;
      var shown = compact(value.value);
      if (href) {
        var link = element("a", shown); link.href = href; link.title = value.value;
        td.appendChild(link);
      } else { td.textContent = shown; }
      return td;
    }
    td.appendChild(document.createTextNode(value.value));
    if (value["xml:lang"]) { td.appendChild(element("span", value["xml:lang"], "lang-tag")); }
    return td;
  }

  function points(vars, rows) {
    var found = [];
    rows.forEach(function (row) {
      vars.forEach(function (v) {
        var b = row[v];
        var match = b && b.datatype === WKT && /^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$/i.exec(b.value);
        if (match) {
          var label = vars.filter(function (w) { return w !== v && row[w] && row[w].type !== "uri"; })
            .map(function (w) { return row[w].value; }).join(", ");
          found.push({lon: Number(match[1]), lat: Number(match[2]), label: label || b.value});
        }
      });
    });
    return found;
  }

  function showMap(found) {
    if (resultMap) { resultMap.remove(); resultMap = null; }
    mapElement.hidden = !found.length;
    mapElement.dataset.markers = String(found.length);
    if (!found.length || !window.L || !window.PimgraphMaps) { return; }
    resultMap = window.PimgraphMaps.baseMap(mapElement);
    found.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], {radius: 6, color: "#1b6ca8", weight: 2, fillOpacity: 0.8})
        .bindTooltip(p.label).addTo(resultMap);
    });
  }

  function showTable(result) {
    out.textContent = "";
    var status = element("p"); status.id = "result-status";
    if (typeof result.boolean === "boolean") {
      status.textContent = String(result.boolean); out.appendChild(status); showMap([]); return;
    }
    var vars = result.head.vars, rows = result.results.bindings;
    status.textContent = words.rows[pluralForm(rows.length)].replace("{n}", rows.length);
    out.appendChild(status);
    var box = element("div", null, "table-scroll");
    box.tabIndex = 0; box.setAttribute("role", "region"); box.setAttribute("aria-labelledby", "result-status");
    var table = element("table"); table.id = "result-table";
    var head = table.createTHead().insertRow();
    vars.forEach(function (v) { head.appendChild(element("th", v)); });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    box.appendChild(table); out.appendChild(box);
    showMap(points(vars, rows));
  }

  function showTurtle(turtle) {
    out.textContent = "";
    var pre = element("pre", turtle, "table-scroll"); pre.id = "result-turtle"; pre.tabIndex = 0;
    out.appendChild(pre);
    showMap([]);
  }

  function showError(message) {
    out.textContent = "";
    var p = element("p", message, "error"); p.id = "result-error";
    out.appendChild(p);
    showMap([]);
  }

  // A static host has no endpoint: a POST to it fails, or answers 404, 405 or 501.
  function endpointUrl() { return new URL(endpoint, window.location.href).href; }

  function unreachable() { return new Error(say(words.query_needs_server, {url: endpointUrl()})); }

  function ask(query, accept) {
    return fetch(endpoint, {method: "POST", body: new URLSearchParams({query: query}), headers: {"Accept": accept}})
      .catch(function () { throw unreachable(); })
      .then(function (response) {
        if (response.ok) { return response; }
        if ([404, 405, 501].indexOf(response.status) >= 0) { throw unreachable(); }
        return response.text().then(function (message) { throw new Error(response.status + ": " + message); });
      });
  }

  function downloads(enabled) {
    ["download-csv", "download-json"].forEach(function (id) { document.getElementById(id).disabled = !enabled; });
  }

  function run(query) {
    out.textContent = words.running;
    downloads(false);
    var link = new URL(window.location.href); link.searchParams.set("query", query);
    window.history.replaceState(null, "", link.toString());
    ask(query, "application/sparql-results+json, text/turtle;q=0.9")
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("text/turtle") === 0) { lastQuery = null; return response.text().then(showTurtle); }
        lastQuery = query;
        return response.json().then(function (result) { showTable(result); downloads(true); });
      })
      .catch(function (error) { showError(error.message); });
  }

  // The result again in a file's format, saved by the browser (#download-file keeps its type).
  function download(accept, name) {
    if (!lastQuery) { return; }
    ask(lastQuery, accept).then(function (response) {
      var type = response.headers.get("Content-Type") || accept;
      return response.blob().then(function (blob) {
        var old = document.getElementById("download-file");
        if (old) { URL.revokeObjectURL(old.href); old.remove(); }
        var a = element("a"); a.id = "download-file"; a.hidden = true;
        a.href = URL.createObjectURL(blob); a.download = name; a.setAttribute("data-type", type);
        document.body.appendChild(a); a.click();
      });
    }).catch(function (error) { showError(error.message); });
  }

  function init() {
    var list = document.getElementById("gallery-list");
    list.tabIndex = 0;  // the gallery scrolls in its own box: the keyboard can reach it too
    data.queries.forEach(function (query) { list.appendChild(card(query)); });
    // A permalink: ?query=... fills the editor (and /sparql sends browsers here with it).
    var given = new URLSearchParams(window.location.search).get("query");
    document.getElementById("endpoint").textContent = say(words.query_endpoint, {url: endpointUrl()});
    editor = startEditor(given || "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10");
    document.getElementById("query-form").addEventListener("submit", function (event) {
      event.preventDefault(); run(text());
    });
    document.getElementById("download-csv").addEventListener("click", function () { download("text/csv", "query-result.csv"); });
    document.getElementById("download-json").addEventListener("click", function () {
      download("application/sparql-results+json", "query-result.json");
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
