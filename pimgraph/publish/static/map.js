/* The cities map of the published site, drawn with the vendored Leaflet and
 * Leaflet.markercluster. It loads nothing from another host: the base layer is Poland's outline
 * (a GeoJSON file of the site, data-outline); a tile layer is added only when the page names one
 * in data-tiles (pimgraph publish --tiles URL). The cities come from the page's
 * <script type="application/json" id="cities-data">. Checkboxes for editions and networks show
 * and hide markers; #map-count says how many are shown, and the map element's data-markers holds
 * the same number (for tests and scripts). The page's facet filters (facets.js) narrow the
 * markers too: only the cities they leave in the list stay on the map. */
(function () {
  "use strict";
  // A fixed palette keyed by the networks' order (the order of the networks page).
  var PALETTE = ["#1b6ca8", "#d1495b", "#2e8b57", "#e08e0b", "#7b4fa0", "#00838f", "#8d6e63",
    "#c2185b", "#558b2f", "#5c6bc0", "#ef6c00", "#455a64"];
  var NONE = "#777777";

  function colour(index) { return index < 0 ? NONE : PALETTE[index % PALETTE.length]; }

  function checkbox(fieldset, name, term, extra) {
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "checkbox";
    input.name = name;
    input.value = term.iri;
    input.checked = true;
    label.appendChild(input);
    if (extra) { label.appendChild(extra); }
    label.appendChild(document.createTextNode(" " + term.label));
    fieldset.appendChild(label);
    return input;
  }

  function swatch(index) {
    var span = document.createElement("span");
    span.className = "map-swatch";
    span.style.background = colour(index);
    span.setAttribute("aria-hidden", "true");
    return span;
  }

  function popup(city) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = city.url;
    link.textContent = city.label;
    var title = document.createElement("strong");
    title.appendChild(link);
    box.appendChild(title);
    [city.networks, city.editions].forEach(function (terms) {
      if (!terms.length) { return; }
      var line = document.createElement("div");
      line.textContent = terms.map(function (t) { return t.label; }).join(", ");
      box.appendChild(line);
    });
    return box;
  }

  function marker(city, index) {
    var icon = L.divIcon({
      className: "city-marker",
      html: '<span style="background:' + colour(index) + '"></span>',
      iconSize: [16, 16],
      iconAnchor: [8, 8],
      popupAnchor: [0, -8]
    });
    var m = L.marker([city.lat, city.lon], {icon: icon, title: city.label, alt: city.label,
      keyboard: true});
    m.bindPopup(popup(city));
    m.pimgraphCity = city;
    return m;
  }

  function checked(fieldset) {
    var on = {};
    fieldset.querySelectorAll("input:checked").forEach(function (i) { on[i.value] = true; });
    return on;
  }

  function anyIn(terms, on) {
    return terms.some(function (t) { return on[t.iri]; });
  }

  // A map on the outline of Poland (and the page's tile layer, when it names one).
  function baseMap(element) {
    // markercluster needs a maxZoom; with no tile layer none would be set.
    var map = L.map(element, {zoomSnap: 0.25, minZoom: 4, maxZoom: 13});
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(element.dataset.msgCredit || "");
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, {maxZoom: 18}).addTo(map);
    }
    map.fitBounds(L.latLngBounds([[49.0, 14.1], [54.9, 24.2]]));
    if (element.dataset.outline && window.fetch) {
      fetch(element.dataset.outline).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (outline) {
          if (outline) {
            L.geoJSON(outline, {interactive: false, style: {color: "#6e6e6e", weight: 1,
              fillColor: "#f2f2ee", fillOpacity: 1}}).addTo(map).bringToBack();
          }
        }).catch(function () { /* the markers still show */ });
    }
    return map;
  }

  function start(element, data) {
    var map = baseMap(element);
    var order = {};
    data.networks.forEach(function (n, i) { order[n.iri] = i; });
    var markers = data.cities.map(function (city) {
      var first = city.networks.length ? order[city.networks[0].iri] : -1;
      return marker(city, first === undefined ? -1 : first);
    });
    var group = L.markerClusterGroup({maxClusterRadius: 30, showCoverageOnHover: false});
    map.addLayer(group);

    var form = document.getElementById("map-filters");
    var editions = document.getElementById("map-editions");
    var networks = document.getElementById("map-networks");
    var count = document.getElementById("map-count");
    data.editions.forEach(function (e) { checkbox(editions, "edition", e); });
    data.networks.forEach(function (n, i) { checkbox(networks, "network", n, swatch(i)); });

    // The cities the facet filters leave (null: no filter script on the page, every city).
    var allowed = window.pimgraphFacets ? window.pimgraphFacets.visible : null;

    function update() {
      var onEditions = checked(editions), onNetworks = checked(networks);
      var shown = markers.filter(function (m) {
        var city = m.pimgraphCity;
        var byEdition = anyIn(city.editions, onEditions);
        // A city in no network is kept by the network filter (it has no colour to filter by).
        var byNetwork = !city.networks.length || anyIn(city.networks, onNetworks);
        return byEdition && byNetwork && (!allowed || allowed[city.iri] === true);
      });
      group.clearLayers();
      group.addLayers(shown);
      element.dataset.markers = String(shown.length);
      count.textContent = (element.dataset.msgCount || "{n}").replace("{n}", shown.length);
    }
    form.addEventListener("change", update);
    document.addEventListener("pimgraph:facets", function (event) {
      allowed = event.detail.visible;
      update();
    });
    form.hidden = false;
    update();
    element.pimgraphMap = {map: map, group: group, markers: markers};
  }

  // A resource page's point: the Leaflet map takes the place of the static SVG map.
  function point(element) {
    element.hidden = false;
    var figure = document.querySelector("#map > svg"), caption = document.getElementById("map-caption");
    if (figure) { figure.style.display = "none"; }
    if (caption) { caption.hidden = true; }
    var map = baseMap(element);
    var m = marker({lat: Number(element.dataset.lat), lon: Number(element.dataset.lon),
      label: element.dataset.label, url: "", networks: [], editions: []}, 0);
    m.unbindPopup();
    m.addTo(map);
    element.pimgraphMap = {map: map, markers: [m]};
  }

  // The query page draws its result's points on the same base map.
  window.PimgraphMaps = {baseMap: baseMap};

  function init() {
    if (!window.L) { return; }
    var element = document.getElementById("cities-map");
    var source = document.getElementById("cities-data");
    if (element && source) { start(element, JSON.parse(source.textContent)); }
    var single = document.getElementById("city-map");
    if (single) { point(single); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
