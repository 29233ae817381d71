/* The faceted lists of the published site (cities, recommendations, MIDs). The page embeds its
 * items and each item's facet values in <script type="application/json" id="facets-data">
 * (computed at build time: a theme value includes the items of its narrower themes) and the
 * checkboxes in #facets. Ticked values combine with OR within a facet and AND across facets;
 * each value's count says how many items it would show with the other facets as they are.
 * Rows carry data-item (the item's IRI); a [data-facet-group] with no row left is hidden too.
 * The state lives in the query string (?network=miasto-zielone&theme=rewitalizacja): read on
 * load, written with history.replaceState on every change, so the address can be shared.
 * The cities map (map.js) listens to the "pimgraph:facets" event; window.pimgraphFacets holds
 * the last state for a script that starts later. Nothing is loaded from anywhere. */
(function () {
  "use strict";

  function has(list, wanted) {
    for (var i = 0; i < list.length; i++) { if (wanted[list[i]]) { return true; } }
    return false;
  }

  // Does the item pass every ticked facet, leaving out the facet named `skip`?
  function passes(item, ticked, skip) {
    for (var key in ticked) {
      if (key !== skip && !has(item.f[key] || [], ticked[key])) { return false; }
    }
    return true;
  }

  function start(panel, data) {
    var form = document.getElementById("facets-form");
    var status = document.getElementById("facets-status");
    var reset = document.getElementById("facets-reset");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var keys = data.facets.map(function (f) { return f.key; });
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-item]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-facet-group]"));

    function read() {
      var params = new URLSearchParams(window.location.search);
      inputs.forEach(function (input) {
        input.checked = params.getAll(input.name).indexOf(input.value) >= 0;
      });
    }

    function ticked() {
      var on = {};
      inputs.forEach(function (input) {
        if (input.checked) { (on[input.name] = on[input.name] || {})[input.value] = true; }
      });
      return on;
    }

    function write(on) {
      var params = new URLSearchParams(window.location.search);
      keys.forEach(function (key) { params.delete(key); });
      inputs.forEach(function (input) {
        if (on[input.name] && on[input.name][input.value]) { params.append(input.name, input.value); }
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    // A long group scrolls: show its first ticked value (a shared address names it).
    function reveal() {
      form.querySelectorAll("fieldset").forEach(function (fieldset) {
        var first = fieldset.querySelector("input:checked");
        if (first && fieldset.scrollHeight > fieldset.clientHeight) {
          var label = first.closest("label");
          fieldset.scrollTop = Math.max(0, label.offsetTop - fieldset.clientHeight / 3);
        }
      });
    }

    function counts(on) {
      inputs.forEach(function (input) {
        var key = input.name, value = input.value, n = 0;
        data.items.forEach(function (item) {
          if ((item.f[key] || []).indexOf(value) >= 0 && passes(item, on, key)) { n++; }
        });
        var label = input.closest("label");
        label.querySelector(".facet-count").textContent = String(n);
        label.classList.toggle("facet-empty", n === 0 && !input.checked);
      });
    }

    function update() {
      var on = ticked(), visible = {}, shown = 0;
      data.items.forEach(function (item) {
        if (passes(item, on, null)) { visible[item.iri] = true; shown++; }
      });
      rows.forEach(function (row) { row.hidden = !visible[row.dataset.item]; });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("tr[data-item]:not([hidden])");
      });
      counts(on);
      status.textContent = (panel.dataset.msgStatus || "{n} / {total}")
        .replace("{n}", shown).replace("{total}", data.items.length);
      panel.dataset.shown = String(shown);
      reset.hidden = !Object.keys(on).length;
      write(on);
      window.pimgraphFacets = {visible: visible, shown: shown};
      document.dispatchEvent(new CustomEvent("pimgraph:facets", {detail: window.pimgraphFacets}));
    }

    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function (event) {
      event.preventDefault();
      inputs.forEach(function (input) { input.checked = false; });
      update();
    });
    window.addEventListener("popstate", function () { read(); update(); });
    read();
    panel.hidden = false;
    reveal();
    update();
  }

  function init() {
    var panel = document.getElementById("facets");
    var source = document.getElementById("facets-data");
    if (!panel || !source || !window.URLSearchParams) { return; }
    start(panel, JSON.parse(source.textContent));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
