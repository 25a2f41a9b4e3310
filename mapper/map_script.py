"""The JavaScript and CSS of the HTML map (``window.IncidentMap``), inlined into the page.

The script draws the incidents from the JSON blob built by :mod:`mapper.map_data`: point
markers in one ``L.markerClusterGroup``, uncertainty circles, road segments and areas in
their own panes, the governorate choropleth, the date filter and the popups. Switchable
layers are empty ``L.featureGroup``\\ s in the layer control; the script shows an incident
when its governorate/zone layer AND its event-type layer are on AND its dates meet the date
filter (undated incidents always stay).

Safety: every text taken from a report goes through ``esc()`` (HTML escaping) before it
becomes HTML; data reaches the script as JSON in a ``<script type="application/json">``
element whose ``<``, ``>``, ``&`` are ``\\u003c`` escapes, so no report text can end a script
element or run code.
"""

from __future__ import annotations

MAP_CSS = """
.leaflet-container { background: #dfe7ec; font: 13px/1.35 system-ui, -apple-system,
  "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif; }
.im-gov-label span, .im-town-label span, .im-zone-label span { position: absolute;
  white-space: nowrap; pointer-events: none; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
.im-gov-label span { transform: translate(-50%, -50%); font-size: 12px; font-weight: 600;
  letter-spacing: .04em; color: #444; text-transform: uppercase; }
.im-zone-label span { transform: translate(-50%, -50%); font-size: 11px; font-style: italic;
  color: #7a5a1e; }
.im-town-label span { left: 6px; top: -8px; font-size: 11px; color: #222; }
.im-title { position: absolute; z-index: 1000; top: 10px; left: 50%;
  transform: translateX(-50%); background: rgba(255,255,255,.92); padding: 4px 12px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); font-weight: 600;
  font-size: 15px; max-width: 50%; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.im-legend { background: rgba(255,255,255,.94); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 12px; max-height: 34vh;
  overflow-y: auto; max-width: 260px; }
.im-legend h4 { margin: 6px 0 3px; font-size: 12px; }
.im-legend h4:first-child { margin-top: 0; }
.im-legend .row { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
.im-legend svg { flex: none; }
.im-dates { background: rgba(255,255,255,.94); padding: 6px 8px; font-size: 12px;
  border-radius: 4px; }
.im-dates input { font-size: 12px; width: 8.5em; }
.im-dates button { font-size: 12px; margin-left: 4px; }
.im-dates .im-stats { margin-top: 3px; color: #333; }
.im-popup { max-height: 300px; overflow-y: auto; }
.im-popup table { border-collapse: collapse; margin: 2px 0; }
.im-popup th { text-align: left; vertical-align: top; padding: 1px 8px 1px 0;
  color: #555; font-weight: 600; white-space: nowrap; }
.im-popup td { padding: 1px 0; }
.im-popup .im-h { font-weight: 700; font-size: 14px; margin-bottom: 2px; }
.im-popup blockquote { margin: 6px 0 2px; padding: 3px 8px; border-left: 3px solid #999;
  background: #f6f6f6; white-space: pre-wrap; }
.im-popup .im-id { color: #888; font-size: 11px; }
.im-popup hr { border: 0; border-top: 1px solid #ccc; margin: 8px 0; }
body { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "Noto Sans Arabic", sans-serif; }
.leaflet-control-layers { font-size: 12px; }
.leaflet-control-layers-list { max-height: 46vh; overflow-y: auto; }
.leaflet-control-layers-overlays label { white-space: nowrap; }
.im-lc-group { color: #777; font-size: 11px; }
.im-lc-head { margin: 6px 0 1px; font-weight: 700; color: #444; font-size: 11px;
  text-transform: uppercase; letter-spacing: .03em; }
"""

RUNTIME_JS = r"""
(function () {
  'use strict';
  var ESC = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};
  function esc(v) {
    if (v === null || v === undefined) { return ''; }
    return String(v).replace(/[&<>"']/g, function (c) { return ESC[c]; });
  }
  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }
  function pane(map, name, z) {
    if (!map.getPane(name)) { map.createPane(name).style.zIndex = z; }
    return name;
  }
  function label(cls, text) {
    return L.divIcon({className: cls, html: '<span>' + esc(text) + '</span>', iconSize: null});
  }
  var IM = window.IncidentMap = {esc: esc, readJson: readJson, state: {ready: false}};

  // ---------------------------------------------------------------- basemap builders
  var lands = [];
  // Layer control: a heading above each group of layers (names carry their group in a
  // <span class="im-lc-group">, hidden once the heading is there).
  var layersUpdate = L.Control.Layers.prototype._update;
  L.Control.Layers.prototype._update = function () {
    var out = layersUpdate.apply(this, arguments), last = null;
    if (!this._overlaysList) { return out; }
    var labels = this._overlaysList.querySelectorAll('label');
    for (var i = 0; i < labels.length; i++) {
      var g = labels[i].querySelector('.im-lc-group');
      if (!g) { continue; }
      if (g.textContent !== last) {
        last = g.textContent;
        var h = document.createElement('div');
        h.className = 'im-lc-head';
        h.textContent = last;
        labels[i].parentNode.insertBefore(h, labels[i]);
      }
      g.style.display = 'none';
    }
    return out;
  };
  IM.setup = function (map) {
    pane(map, 'im-land', 250); pane(map, 'im-choro', 300); pane(map, 'im-base', 350);
    pane(map, 'im-towns', 395); pane(map, 'im-areas', 410); pane(map, 'im-lines', 420);
    pane(map, 'im-circles', 430); pane(map, 'im-points', 450);
    map.on('baselayerchange', function (e) {
      IM.state.offlineBase = /Offline/.test(e.name);
      lands.forEach(function (l) { l.setStyle({fillOpacity: IM.state.offlineBase ? 1 : 0}); });
    });
    IM.state.offlineBase = true;
  };
  IM.areas = function (group, id, o) {
    var data = readJson(id);
    var layer = L.geoJSON(data, {
      style: function () { return o.style; },
      interactive: !!o.tooltip,
      pane: o.pane || 'overlayPane',
      onEachFeature: function (f, l) {
        if (o.tooltip) { l.bindTooltip(esc(f.properties.name), {sticky: true}); }
      }
    });
    layer.addTo(group);
    if (o.land) { lands.push(layer); }
    if (o.labels) {
      data.features.forEach(function (f) {
        var p = f.properties;
        if (p.lat === null || p.lat === undefined) { return; }
        L.marker([p.lat, p.lon], {icon: label(o.labels, p.name), interactive: false,
                                  keyboard: false}).addTo(group);
      });
    }
    return layer;
  };
  IM.towns = function (group, id, o) {
    readJson(id).forEach(function (t) {
      L.circleMarker([t.lat, t.lon], {radius: t.capital ? 4 : 3, color: '#222', weight: 1.2,
                                      fillColor: t.capital ? '#222' : '#fff', fillOpacity: 1,
                                      pane: o.pane})
        .bindTooltip(esc(t.name)).addTo(group);
      L.marker([t.lat, t.lon], {icon: label('im-town-label', t.name), interactive: false,
                                keyboard: false}).addTo(group);
    });
  };

  // ---------------------------------------------------------------- choropleth
  var choropleths = [];
  IM.choropleth = function (group, id, o) {
    var data = readJson(id);
    var c = {metric: o.metric, breaks: o.breaks, colors: o.colors, values: {}, name: o.name};
    function color(v) {
      if (!v) { return null; }
      var k = 0;
      for (var i = 0; i < c.breaks.length; i++) { if (v >= c.breaks[i]) { k = i; } }
      return c.colors[Math.min(k, c.colors.length - 1)];
    }
    function style(f) {
      var v = c.values[f.properties.pcode] || 0, col = color(v);
      return {color: '#555', weight: 0.6, fillColor: col || '#ffffff',
              fillOpacity: col ? 0.55 : 0.0, pane: o.pane};
    }
    c.layer = L.geoJSON(data, {style: style, pane: o.pane,
      onEachFeature: function (f, l) {
        l.bindTooltip(function () {
          var s = c.stats[f.properties.pcode] || {incidents: 0, fatalities: 0};
          return '<b>' + esc(f.properties.name) + '</b><br>' + esc(s.incidents) +
            ' incident(s), ' + esc(s.fatalities) + ' killed' +
            (IM.state.filtered ? ' (current filter)' : '');
        }, {sticky: true});
      }}).addTo(group);
    c.update = function (stats) {
      c.stats = stats;
      c.values = {};
      Object.keys(stats).forEach(function (k) { c.values[k] = stats[k][c.metric]; });
      c.layer.setStyle(style);
    };
    choropleths.push(c);
  };

  // ---------------------------------------------------------------- popups
  function row(th, td) {
    return td === '' ? '' : '<tr><th>' + th + '</th><td>' + td + '</td></tr>';
  }
  function val(v) { return (v === null || v === undefined || v === '') ? '' : esc(v); }
  function popupHtml(r, F) {
    var g = function (k) { return r[F[k]]; };
    var head = g('record_type') === 'tally' ? 'Tally' : (g('event_type') || 'Incident');
    if (g('sub_event_type')) { head += ' — ' + g('sub_event_type'); }
    var date = val(g('date'));
    if (g('date_end') && g('date_end') !== g('date')) { date += ' – ' + val(g('date_end')); }
    if (!date) { date = 'undated'; }
    if (g('date_precision')) {
      date += ' <span class="im-id">(' + val(g('date_precision')) + ')</span>';
    }
    var cas = [];
    if (g('fatalities') !== null) { cas.push(esc(g('fatalities')) + ' killed'); }
    if (g('injured') !== null) { cas.push(esc(g('injured')) + ' injured'); }
    if (g('captured') !== null) { cas.push(esc(g('captured')) + ' captured'); }
    var place = g('place') ? '“' + esc(g('place')) + '”' : '';
    if (g('location')) {
      place += (place ? ' → ' : '') + esc(g('location')) +
        (g('feature_type') ? ' <span class="im-id">(' + esc(g('feature_type')) + ')</span>' : '');
    }
    if (g('kind') === 'x') { place += (place ? ' ' : '') + '<i>not located</i>'; }
    var area = [g('governorate'), g('district'), g('desert_zone')].filter(Boolean)
      .map(esc).join(' · ');
    var prec = [];
    if (g('geo_precision') !== null) { prec.push('geo_precision ' + esc(g('geo_precision'))); }
    if (g('where_prec') !== null) { prec.push('where_prec ' + esc(g('where_prec'))); }
    if (g('uncertainty_km') !== null) { prec.push('± ' + esc(g('uncertainty_km')) + ' km'); }
    if (g('confidence') !== null) { prec.push('confidence ' + esc(g('confidence'))); }
    return '<div class="im-h">' + esc(head) + '</div><table>' +
      row('Date', date) +
      row('Actors', val(g('actors'))) +
      row('Casualties', cas.join(', ')) +
      row('Count', val(g('count'))) +
      row('Place', place) +
      row('Area', area) +
      row('Precision', prec.join(' · ')) +
      row('Source', val(g('source'))) +
      row('Warnings', val(g('warnings'))) +
      '</table>' +
      (g('text') ? '<blockquote class="im-quote">' + esc(g('text')) + '</blockquote>' : '') +
      '<div class="im-id">' + esc(g('id')) + '</div>';
  }
  IM.popupHtml = popupHtml;
  var MAX_IN_POPUP = 25;
  function listPopup(idx, rows, F) {
    var n = idx.length, parts = [];
    for (var i = 0; i < Math.min(n, MAX_IN_POPUP); i++) { parts.push(popupHtml(rows[idx[i]], F)); }
    var head = n > 1 ? '<div class="im-id">' + n + ' records here' +
      (n > MAX_IN_POPUP ? ' (first ' + MAX_IN_POPUP + ' shown)' : '') + '</div>' : '';
    return '<div class="im-popup">' + head + parts.join('<hr>') + '</div>';
  }

  // ---------------------------------------------------------------- incidents
  IM.init = function (map, dataId, layers, opts) {
    var t0 = performance.now(), state = IM.state;
    var started = false, inRefilter = false, pendingCluster = false;
    if (opts.bounds) { map.fitBounds(opts.bounds, {animate: false}); }
    var data = readJson(dataId), F = {};
    data.fields.forEach(function (n, i) { F[n] = i; });
    var rows = data.rows, geoms = data.geoms, colors = data.typeColors;
    var cluster = L.markerClusterGroup({
      chunkedLoading: true, chunkInterval: 150, showCoverageOnHover: false,
      maxClusterRadius: 45, spiderfyOnMaxZoom: true,
      chunkProgress: function (done, total) { if (done >= total) { markReady(); } }
    });
    var shapes = L.featureGroup().addTo(map);
    var circleLayer = L.featureGroup().addTo(map);
    cluster.addTo(map);
    var markers = new Array(rows.length), shapeOf = {}, circleOf = {};
    state.total = rows.length;
    state.from = null; state.to = null;

    function openList(latlng, idx) {
      L.popup({maxWidth: 420, minWidth: 260}).setLatLng(latlng)
        .setContent(listPopup(idx, rows, F)).openOn(map);
    }
    function group(store, key, make) {
      var g = store[key];
      if (!g) { g = store[key] = {idx: [], shown: [], layer: null, make: make}; }
      return g;
    }
    rows.forEach(function (r, i) {
      var kind = r[F.kind], col = colors[r[F.tk]] || '#6b6b6b';
      var tally = r[F.record_type] === 'tally';
      if (kind === 'p' || kind === 'n') {
        var m = L.circleMarker([r[F.lat], r[F.lon]], kind === 'p'
          ? {pane: 'im-points', radius: 6, color: '#ffffff', weight: 1.5, fillColor: col,
             fillOpacity: 0.95}
          : {pane: 'im-points', radius: 5.5, color: col, weight: 2.5, fillColor: '#ffffff',
             fillOpacity: 0.85});
        m._imIdx = i;
        markers[i] = m;
        if (kind === 'n') {
          var key = r[F.lat] + ',' + r[F.lon] + ',' + r[F.radius];
          group(circleOf, key, function () {
            return L.circle([r[F.lat], r[F.lon]], {radius: r[F.radius] * 1000, pane: 'im-circles',
              color: col, weight: 1.2, dashArray: '4 4', fillColor: col, fillOpacity: 0.08,
              interactive: false});
          }).idx.push(i);
        }
      } else if (kind === 'l' || kind === 'a') {
        var gi = r[F.gi], line = kind === 'l';
        group(shapeOf, gi + (tally ? 't' : ''), function (g) {
          var st = line
            ? {pane: 'im-lines', color: col, weight: 7, opacity: 0.85, lineCap: 'round'}
            : {pane: 'im-areas', color: tally ? '#6a3d9a' : col, weight: 2, dashArray: '8 6',
               fillColor: tally ? '#6a3d9a' : col, fillOpacity: 0.14};
          var l = L.geoJSON(geoms[gi], {pane: st.pane, style: function () { return st; }});
          l.on('click', function (e) {
            L.DomEvent.stopPropagation(e);
            openList(e.latlng, g.shown);
          });
          l.bindTooltip(function () {
            var first = rows[g.shown[0]];
            var name = first ? (first[F.location] || first[F.place] || '') : '';
            return esc(name) + (g.shown.length > 1 ? ' — ' + g.shown.length + ' records' : '');
          }, {sticky: true});
          return l;
        }).idx.push(i);
      }
    });
    cluster.on('click', function (e) {
      var m = e.layer;
      openList(m.getLatLng(), [m._imIdx]);
    });
    cluster.on('mouseover', function (e) {
      var m = e.layer;
      if (!m._imTip) {
        var r = rows[m._imIdx];
        m._imTip = true;
        m.bindTooltip(esc(r[F.location] || r[F.place] || '') +
          (r[F.date] ? ' · ' + esc(r[F.date]) : ''));
        m.openTooltip();
      }
    });

    // state.ready / state.busy: tests and the benchmark wait on them. The cluster adds
    // big marker sets in chunks (asynchronously), so "done" is when both the synchronous
    // part of refilter() and the last chunk have finished.
    function finish() {
      if (!state.ready) { state.loadMs = performance.now() - t0; }
      state.ready = true;
      state.busy = false;
    }
    function markReady() {
      if (!started) { return; }
      pendingCluster = false;
      if (!inRefilter) { finish(); }
    }
    function dateOk(r) {
      var d0 = r[F.d0];
      if (d0 === null) { return true; }
      if (state.from && r[F.d1] < state.from) { return false; }
      if (state.to && d0 > state.to) { return false; }
      return true;
    }
    function applyGroups(store, target) {
      Object.keys(store).forEach(function (k) {
        var g = store[k];
        if (g.shown.length) {
          if (!g.layer) { g.layer = g.make(g); }
          if (!target.hasLayer(g.layer)) { target.addLayer(g.layer); }
        } else if (g.layer && target.hasLayer(g.layer)) { target.removeLayer(g.layer); }
      });
    }
    function refilter() {
      var placeOn = layers.place.map(function (l) { return map.hasLayer(l); });
      var typeOn = layers.type.map(function (l) { return map.hasLayer(l); });
      var vis = [], shown = 0, stats = {};
      var stores = [shapeOf, circleOf];
      stores.forEach(function (s) { Object.keys(s).forEach(function (k) { s[k].shown = []; }); });
      state.filtered = !!(state.from || state.to) || placeOn.indexOf(false) >= 0 ||
        typeOn.indexOf(false) >= 0;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        if (!(placeOn[r[F.pk]] && typeOn[r[F.tk]] && dateOk(r))) { continue; }
        shown++;
        var kind = r[F.kind];
        if (markers[i]) { vis.push(markers[i]); }
        if (kind === 'n') {
          circleOf[r[F.lat] + ',' + r[F.lon] + ',' + r[F.radius]].shown.push(i);
        } else if (kind === 'l' || kind === 'a') {
          shapeOf[r[F.gi] + (r[F.record_type] === 'tally' ? 't' : '')].shown.push(i);
        }
        var gp = r[F.gp];
        if (gp && kind !== 'x' && r[F.record_type] !== 'tally') {
          var s = stats[gp] || (stats[gp] = {incidents: 0, fatalities: 0});
          s.incidents++;
          s.fatalities += r[F.fatalities] || 0;
        }
      }
      cluster.clearLayers();
      started = inRefilter = pendingCluster = true;
      state.busy = true;
      if (vis.length === 0) { pendingCluster = false; }
      cluster.addLayers(vis);
      applyGroups(shapeOf, shapes);
      applyGroups(circleOf, circleLayer);
      choropleths.forEach(function (c) { c.update(stats); });
      state.shown = shown;
      state.markers = vis.length;
      state.refilters = (state.refilters || 0) + 1;
      inRefilter = false;
      if (!pendingCluster) { finish(); }
      if (statsEl) {
        statsEl.textContent = 'Showing ' + shown + ' of ' + rows.length + ' records · ' +
          data.undated + ' undated (always shown) · ' + data.unlocated + ' not located';
      }
    }
    IM.refilter = refilter;
    // The drawn layer of an incident (marker, or the shared shape of a line/area), by id.
    IM.layerFor = function (id) {
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        if (r[F.id] !== id) { continue; }
        if (markers[i]) { return markers[i]; }
        var g = shapeOf[r[F.gi] + (r[F.record_type] === 'tally' ? 't' : '')];
        return g ? g.layer : null;
      }
      return null;
    };
    var facetLayers = layers.place.concat(layers.type);
    map.on('overlayadd overlayremove', function (e) {
      if (facetLayers.indexOf(e.layer) >= 0) { refilter(); }
    });

    // date filter control
    var statsEl = null;
    var ctl = L.control({position: 'bottomleft'});
    ctl.onAdd = function () {
      var div = L.DomUtil.create('div', 'im-dates leaflet-control');
      function input(text, id) {
        var lab = L.DomUtil.create('label', '', div);
        lab.appendChild(document.createTextNode(text + ' '));
        var inp = L.DomUtil.create('input', '', lab);
        inp.type = 'date'; inp.id = id;
        if (data.dateMin) { inp.min = data.dateMin; inp.max = data.dateMax; }
        L.DomEvent.on(inp, 'change', function () {
          state.from = document.getElementById('im-date-from').value || null;
          state.to = document.getElementById('im-date-to').value || null;
          refilter();
        });
        div.appendChild(document.createTextNode(' '));
        return inp;
      }
      input('From', 'im-date-from');
      input('to', 'im-date-to');
      var btn = L.DomUtil.create('button', '', div);
      btn.type = 'button'; btn.textContent = 'All dates';
      L.DomEvent.on(btn, 'click', function () {
        document.getElementById('im-date-from').value = '';
        document.getElementById('im-date-to').value = '';
        state.from = state.to = null;
        refilter();
      });
      statsEl = L.DomUtil.create('div', 'im-stats', div);
      if (data.dateMin) {
        var span = L.DomUtil.create('div', 'im-stats', div);
        span.textContent = 'Reports dated ' + data.dateMin + ' to ' + data.dateMax;
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    ctl.addTo(map);
    var legend = document.getElementById('im-legend');
    if (legend) {
      var lc = L.control({position: 'bottomright'});
      lc.onAdd = function () {
        legend.classList.add('leaflet-control');
        L.DomEvent.disableClickPropagation(legend);
        L.DomEvent.disableScrollPropagation(legend);
        return legend;
      };
      lc.addTo(map);
    }
    refilter();
    state.initMs = performance.now() - t0;
  };
})();
"""
