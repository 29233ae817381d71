/*
 * pimgraph site search: static, bilingual, diacritic-insensitive, inflection-tolerant.
 *
 * Reads search/index.json and search/forms.json (written by pimgraph.publish.search) and
 * searches them with MiniSearch, which the page loads first as the global `MiniSearch`
 * (vendored UMD bundle). No build step, nothing loaded from another host. The files are
 * fetched on the first focus of the search box, so a page that is only read pays nothing.
 *
 * HTML contract (the page template provides it):
 *
 *   <form role="search" data-search-root="../../" data-lang="pl"
 *         data-results="search-results" [data-status="search-status"] [data-limit="10"]
 *         [data-msg-none="Nic nie znaleziono"] [data-msg-count="Wyniki: {n}"]
 *         [data-msg-error="Nie udało się wczytać wyszukiwarki"] [data-persistent]
 *         [action="…"]>
 *     <label for="search-input">…</label>
 *     <input id="search-input" type="text" name="q" autocomplete="off"
 *            role="combobox" aria-autocomplete="list" aria-expanded="false"
 *            aria-controls="search-results">
 *     <ul id="search-results" role="listbox" aria-label="…" hidden></ul>
 *     <p id="search-status" aria-live="polite"></p>                  (optional)
 *   </form>
 *   <script src="ROOT/static/minisearch.js"></script>
 *   <script src="ROOT/static/search.js"></script>
 *
 * - data-search-root: the relative URL from this page to the site root ("" at the top,
 *   "../../" for id/city/x.pl.html; pimgraph.publish.search.search_root gives it). The JSON
 *   files are ROOT + "search/…", and result links are ROOT + the page path in the index.
 * - data-lang: the page's language (else <html lang>): labels, types, snippets and links.
 * - data-results: the id of the listbox the results are rendered into (li role="option",
 *   ids "<results id>-<n>", aria-selected on the active one; each holds spans with the
 *   classes search-label, search-type and search-snippet).
 * - the input: the element data-input names (else the form's first input[type=search]).
 *   The site's box is type="text": HTML allows role="combobox" on a text input only.
 * - data-status / data-msg-*: an optional live region and its texts ("{n}" is the count);
 *   with no texts given, the region stays empty.
 * - ?q=… in the page's URL (the input's name) fills the box and searches on load, so a
 *   form with an action can serve as a search results page; data-persistent keeps the list
 *   open when the box loses focus (for that page), else it closes like a drop-down.
 * Keys: ArrowDown/ArrowUp move through the results, Enter opens the active one (or the
 * first when the form has no action), Escape clears. Mouse: a click opens a result.
 * Browsers refuse fetch() on file:// pages: serve the site over HTTP to try it locally.
 *
 * The query is treated as the build treated the text: each word is folded exactly as
 * pimgraph.core.text.loose_key folds (looseKey below), looked up in forms.json (inflected
 * form -> lemma), and searched as the lemma(s) and as the word itself (prefix, small fuzzy),
 * every word required. Names count three times as much as descriptions and notes.
 */
(function (global) {
  "use strict";

  var FORMAT_VERSION = 1;
  var MIN_WORD = 2; // as pimgraph.publish.search.MIN_WORD: one-letter words are not indexed
  // pimgraph.core.text._SPECIAL: letters Unicode does not decompose into base + mark.
  var SPECIAL = { "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d" };
  var SPECIAL_RE = /[łŁßæøđ]/g;
  var MARKS_RE = /\p{M}/gu;
  var WORD_RE = /[\p{L}\p{N}]+/gu;
  var BOOST = { n: 3, y: 1, t: 1 };
  var NAME_BOOST = 3; // a resource named exactly what was asked for
  // Two letters begin too many words to be worth matching as a prefix, and one typo is what
  // a missing table form costs ("słupsku" for "Słupsk"); both keep large sites fast.
  var MIN_PREFIX = 3;
  var MAX_FUZZY = 1;
  var RERANKED = 200;

  /* pimgraph.core.text.loose_key: NFC, case-folded, trimmed, then the special letters
     replaced, NFKD, combining marks dropped ("Łódź" -> "lodz"). */
  function looseKey(text) {
    var folded = String(text).normalize("NFC").toLowerCase().trim();
    folded = folded.replace(SPECIAL_RE, function (c) { return SPECIAL[c]; });
    return folded.normalize("NFKD").replace(MARKS_RE, "");
  }

  /* The folded words of a query, as the build splits text into words. */
  function queryWords(text) {
    return (looseKey(text).match(WORD_RE) || []).filter(function (w) {
      return w.length >= MIN_WORD;
    });
  }

  /* A MiniSearch query tree: every word (AND), each as its lemmas from the form table or
     as itself, with prefix matching (the word being typed) and fuzzy matching for longer
     words (a form the table lacks, such as a place's name in another case). */
  function queryTree(words, forms) {
    return {
      combineWith: "AND",
      queries: words.map(function (word) {
        var alternatives = [{
          queries: [word], prefix: word.length >= MIN_PREFIX, fuzzy: word.length > 4 ? 0.2 : false
        }];
        if (Object.prototype.hasOwnProperty.call(forms, word)) {
          alternatives.push({ queries: forms[word].split(" "), prefix: false, fuzzy: false });
        }
        return { combineWith: "OR", queries: alternatives };
      })
    };
  }

  /* The search state from the two parsed files: the MiniSearch index, documents by id. */
  function createEngine(index, forms) {
    if (index.v !== FORMAT_VERSION || forms.v !== FORMAT_VERSION) {
      throw new Error("search files of another version");
    }
    var types = index.types;
    var engine = new global.MiniSearch({
      idField: "i",
      fields: ["n", "y", "t"],
      storeFields: [],
      // The fields hold folded lemmas separated by one space: nothing more to process.
      tokenize: function (text) { return text ? text.split(" ") : []; },
      processTerm: function (term) { return term || null; },
      extractField: function (doc, field) {
        if (field === "y") return (types[doc.k] && types[doc.k].w) || "";
        return doc[field] || "";
      },
      searchOptions: { boost: BOOST, combineWith: "AND", maxFuzzy: MAX_FUZZY }
    });
    engine.addAll(index.docs);
    var byId = Object.create(null);
    index.docs.forEach(function (doc) { byId[doc.i] = doc; });
    return { engine: engine, byId: byId, types: types, forms: forms.f, langs: index.langs };
  }

  /* The word and the lemmas the form table gives for it. */
  function variants(forms, word) {
    var found = [word];
    if (Object.prototype.hasOwnProperty.call(forms, word)) {
      found = found.concat(forms[word].split(" "));
    }
    return found;
  }

  /* The folded words of each of a document's labels, computed once per document. */
  function labelWords(doc) {
    if (!doc._words) {
      doc._words = Object.keys(doc.l).map(function (lang) { return queryWords(doc.l[lang]); });
    }
    return doc._words;
  }

  /* Hits whose whole name (in some language) is what was asked for come first among equals:
     "rewitalizacji" puts the theme "rewitalizacja" above the many resources that only
     mention it. Only the best RERANKED hits are looked at (a name match scores high in the
     boosted names field anyway), so a word common to thousands of documents stays fast. */
  function rankNames(state, words, hits) {
    var asked = Object.create(null);
    words.forEach(function (word) {
      variants(state.forms, word).forEach(function (v) { asked[v] = true; });
    });
    var isAsked = function (word) {
      return variants(state.forms, word).some(function (v) { return asked[v]; });
    };
    var top = hits.slice(0, RERANKED);
    top.forEach(function (hit) {
      var exact = labelWords(state.byId[hit.id]).some(function (ws) {
        return ws.length > 0 && ws.every(isAsked);
      });
      if (exact) hit.score *= NAME_BOOST;
    });
    // A stable sort: MiniSearch's order among equal scores is kept.
    return top.sort(function (a, b) { return b.score - a.score; });
  }

  /* Ranked results for a query: {label, type, snippet, url} in the page's language, the
     url relative to the site root. */
  function search(state, text, lang, limit) {
    var words = queryWords(text);
    if (!words.length) return [];
    var hits = rankNames(state, words, state.engine.search(queryTree(words, state.forms)));
    var pick = function (byLang) {
      if (!byLang) return "";
      if (byLang[lang]) return byLang[lang];
      for (var i = 0; i < state.langs.length; i++) {
        if (byLang[state.langs[i]]) return byLang[state.langs[i]];
      }
      return "";
    };
    return hits.slice(0, limit || 10).map(function (hit) {
      var doc = state.byId[hit.id];
      return {
        id: doc.i,
        label: pick(doc.l),
        type: pick(state.types[doc.k]),
        snippet: pick(doc.s),
        url: pick(doc.u),
        score: hit.score
      };
    });
  }

  var loading = Object.create(null); // site root -> Promise of the state, shared by forms

  function load(root) {
    if (!loading[root]) {
      var get = function (name) {
        return fetch(root + "search/" + name).then(function (response) {
          if (!response.ok) throw new Error(name + ": HTTP " + response.status);
          return response.json();
        });
      };
      loading[root] = Promise.all([get("index.json"), get("forms.json")]).then(
        function (files) { return createEngine(files[0], files[1]); }
      );
    }
    return loading[root];
  }

  function attach(form) {
    var doc = form.ownerDocument;
    var input = form.dataset.input ? doc.getElementById(form.dataset.input)
      : form.querySelector("input[type=search]");
    var list = doc.getElementById(form.dataset.results);
    if (!input || !list) return;
    var status = form.dataset.status ? doc.getElementById(form.dataset.status) : null;
    var root = form.dataset.searchRoot || "";
    var lang = form.dataset.lang || doc.documentElement.lang || "en";
    var limit = parseInt(form.dataset.limit, 10) || 10;
    var results = [];
    var active = -1;
    var state = null;

    function say(key, count) {
      var message = form.dataset[key];
      if (status) status.textContent = message ? message.replace("{n}", String(count)) : "";
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      results = [];
      active = -1;
    }

    function open(index) {
      var result = results[index];
      if (result) api.navigate(root + result.url);
    }

    function option(result, index) {
      var item = doc.createElement("li");
      item.id = list.id + "-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      [["search-label", result.label], ["search-type", result.type],
        ["search-snippet", result.snippet]].forEach(function (part) {
        if (!part[1]) return;
        // A space between the parts: the option's accessible name is its text, read aloud.
        if (item.firstChild) item.appendChild(doc.createTextNode(" "));
        var span = doc.createElement("span");
        span.className = part[0];
        span.textContent = part[1]; // text, never HTML: labels come from the data
        item.appendChild(span);
      });
      // mousedown, not click: the input's blur would close the list first.
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        open(index);
      });
      return item;
    }

    function render() {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      results.forEach(function (result, index) { list.appendChild(option(result, index)); });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      if (results.length) say("msgCount", results.length);
      else say("msgNone", 0);
    }

    function move(step) {
      if (!results.length) return;
      var options = list.children;
      if (active >= 0) options[active].setAttribute("aria-selected", "false");
      var count = results.length;
      active = active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count;
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      if (options[active].scrollIntoView) options[active].scrollIntoView({ block: "nearest" });
    }

    function update() {
      var text = input.value;
      if (!queryWords(text).length) {
        close();
        say("", 0);
        return;
      }
      load(root).then(function (loaded) {
        state = loaded;
        if (input.value !== text) return; // a later keystroke has its own update
        results = search(state, text, lang, limit);
        render();
      }, function () {
        close();
        say("msgError", 0);
      });
    }

    input.addEventListener("focus", function () { load(root).catch(function () {}); });
    input.addEventListener("input", update);
    if (!form.hasAttribute("data-persistent")) {
      input.addEventListener("blur", function () { global.setTimeout(close, 0); });
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden && input.value) update();
        else move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter") {
        if (active >= 0) {
          event.preventDefault();
          open(active);
        } else if (results.length && !form.hasAttribute("action")) {
          event.preventDefault();
          open(0);
        }
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.value = "";
        close();
        say("", 0);
      }
    });

    var name = input.getAttribute("name");
    var params = name && global.URLSearchParams ? new URLSearchParams(global.location.search)
      : null;
    if (params && params.get(name)) {
      input.value = params.get(name);
      update();
    }
  }

  var api = { looseKey: looseKey, queryWords: queryWords, queryTree: queryTree,
    createEngine: createEngine, search: search, attach: attach,
    // Opening a result, replaceable by a test that watches where it would go.
    navigate: function (url) { global.location.assign(url); } };
  if (typeof module === "object" && module.exports) {
    module.exports = api; // node, for the tests: the same query path as the browser
  } else {
    global.pimgraphSearch = api;
  }
  if (global.document) {
    var start = function () {
      Array.prototype.forEach.call(
        global.document.querySelectorAll("form[data-search-root]"), attach);
    };
    if (global.document.readyState === "loading") {
      global.document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }
})(typeof window !== "undefined" ? window : globalThis);
