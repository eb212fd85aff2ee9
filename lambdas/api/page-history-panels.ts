/**
 * The status page's history panels (see page-panel.ts for the contract):
 *  - the swimlane: `GET timeline/svg` (drawn on the server by lambdas/history/timeline-svg.ts,
 *    escaped there) parsed as SVG and adopted into the page, so its <title> hovers work; window
 *    selector 15 min – 24 h; times in UTC and the browser's zone;
 *  - the availability card: `GET report` (30 days): availability, nines, MTTR, budget left, per
 *    region and for the service, and the model's "what failover buys";
 *  - the incident list: `GET incidents` (30 days) with detect / decide / flip / RTO / downtime.
 * Each reloads on its schedule and at once when the core page sees a verdict or a flip change.
 */
import type { PagePanel } from './page-panel';

/** Windows the swimlane offers (GET /timeline's `window`). */
export const SWIMLANE_WINDOWS = [
  ['15m', '15 min'],
  ['1h', '1 h'],
  ['6h', '6 h'],
  ['24h', '24 h'],
] as const;

export const swimlanePanel: PagePanel = {
  id: 'swimlane-card',
  placement: 'top',
  html: `<section class="card wide" id="swimlane-card">
    <h2>Health over time <span class="muted" id="swimlane-zone"></span></h2>
    <div class="toolbar">
      <span role="group" aria-label="window">${SWIMLANE_WINDOWS.map(([value, label]) => `<button type="button" data-window="${value}" aria-pressed="${value === '1h'}">${label}</button>`).join('')}</span>
      <span class="legend"><i class="UP"></i>UP <i class="DOWN"></i>DOWN <i class="UNKNOWN"></i>UNKNOWN <i class="none"></i>no record <b class="flipkey">▼</b>flip <b class="drillkey">◆</b>drill — hover a band or a marker for its cause</span>
    </div>
    <div id="swimlane" aria-live="polite"></div>
    <p class="muted" id="swimlane-note"></p>
  </section>`,
  style: `
  .toolbar { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
  .toolbar button { font: inherit; font-size: 12px; padding: 2px 10px; border: 1px solid var(--line); background: var(--card); border-radius: 6px; cursor: pointer; }
  .toolbar button[aria-pressed="true"] { background: #24292f; color: #fff; border-color: #24292f; }
  .legend { font-size: 12px; color: var(--muted); }
  .legend i { display: inline-block; width: 12px; height: 10px; border-radius: 2px; margin: 0 4px 0 8px; vertical-align: middle; }
  .legend i.none { background: #eaeef2; }
  .legend b { margin: 0 3px 0 8px; } .legend .flipkey { color: #0969da; } .legend .drillkey { color: #8250df; }
  #swimlane svg { display: block; max-width: 100%; height: auto; }`,
  script: `
  (function () {
    var zone = 'UTC';
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { zone = 'UTC'; }
    var chosen = '1h';
    var box = document.getElementById('swimlane');
    var note = document.getElementById('swimlane-note');
    var buttons = Array.prototype.slice.call(document.querySelectorAll('#swimlane-card button[data-window]'));
    function showZone() { document.getElementById('swimlane-zone').textContent = 'times in UTC' + (zone === 'UTC' ? '' : ' and ' + zone); }
    function load() {
      return getText('timeline/svg?window=' + chosen + '&tz=' + encodeURIComponent(zone)).then(function (text) {
        var svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
        if (!(svg instanceof SVGSVGElement)) throw new Error('timeline: the answer is not an SVG drawing');
        box.replaceChildren(document.importNode(svg, true));
        box.setAttribute('data-window', chosen);
        note.textContent = '';
      }).catch(function (e) {
        // A zone the server does not know: fall back to UTC alone rather than show nothing.
        if (e.status === 400 && zone !== 'UTC') { zone = 'UTC'; showZone(); return load(); }
        note.textContent = e.status === 404 ? 'no event history is recorded by this deployment' : 'swimlane unavailable: ' + e.message;
      });
    }
    buttons.forEach(function (b) {
      b.addEventListener('click', function () {
        chosen = b.getAttribute('data-window');
        buttons.forEach(function (x) { x.setAttribute('aria-pressed', String(x === b)); });
        load();
      });
    });
    showZone();
    poll(load, 5000);
    on('change', load);
  })();`,
};

export const availabilityPanel: PagePanel = {
  id: 'availability-card',
  placement: 'bottom',
  html: `<section class="card wide" id="availability-card">
    <h2>Availability <span class="muted">last 30 days · SLO <span id="slo">…</span></span></h2>
    <table class="figures"><thead><tr><th></th><th>availability</th><th>nines</th><th>MTTR</th><th>outages</th><th>budget left</th></tr></thead><tbody id="availability"></tbody></table>
    <p class="muted" id="availability-model"></p>
  </section>`,
  style: `
  table.figures th { text-align: right; font-weight: 600; color: var(--muted); padding: 3px 4px; font-size: 12px; }
  table.figures td { text-align: right; font-variant-numeric: tabular-nums; }
  table.figures th:first-child, table.figures td:first-child { text-align: left; }
  table.figures td.over { color: var(--down); font-weight: 600; }`,
  script: `
  (function () {
    var body = document.getElementById('availability');
    var model = document.getElementById('availability-model');
    function row(scope, label, a) {
      var tr = el('tr', { 'data-scope': scope });
      tr.appendChild(el('td', null, label));
      tr.appendChild(el('td', { 'data-figure': 'availability' }, percentText(a.availability)));
      tr.appendChild(el('td', { 'data-figure': 'nines' }, a.nines === null ? '∞' : a.nines.toFixed(2)));
      tr.appendChild(el('td', { 'data-figure': 'mttr' }, durationText(a.mttr_s)));
      tr.appendChild(el('td', { 'data-figure': 'failures' }, String(a.failures) + (a.openAtEnd ? ' (1 open)' : '')));
      var b = a.budget;
      tr.appendChild(el('td', { 'data-figure': 'budget', class: b.remaining_s < 0 ? 'over' : '' }, durationText(b.remaining_s) + ' (' + Math.round(b.remaining_fraction * 100) + ' %)'));
      return tr;
    }
    function load() {
      return get('report?window=30d').then(function (r) {
        document.getElementById('slo').textContent = sloText(r.slo);
        body.replaceChildren(row('service', 'service (as users saw it)', r.availability.service));
        Object.keys(r.availability.regions).forEach(function (region) { body.appendChild(row(region, region, r.availability.regions[region])); });
        var m = r.model;
        model.textContent = 'Model from these figures: ' + percentText(m.withFailover.availability) + ' with failover (' + durationText(m.withFailover.downtime_s_per_30d) + ' down per 30 days) vs ' +
          percentText(m.singleRegion.availability) + ' for one region alone (' + durationText(m.singleRegion.downtime_s_per_30d) + '); RTO ' + durationText(m.rto_s) + ' (' + m.rtoSource + ').';
      }).catch(function (e) {
        model.textContent = e.status === 404 || e.status === 503 ? 'no event history is recorded by this deployment' : 'availability unavailable: ' + e.message;
      });
    }
    poll(load, 15000);
    on('change', load);
  })();`,
};

export const incidentsPanel: PagePanel = {
  id: 'incidents-card',
  placement: 'bottom',
  html: `<section class="card wide" id="incidents-card">
    <h2>Incidents <span class="muted">last 30 days, newest first</span></h2>
    <table class="figures"><thead><tr><th>region</th><th>began</th><th title="first failed probe → quorum DOWN">detect</th><th title="quorum DOWN → flip intent">decide</th><th title="intent → flip committed">flip</th><th title="first failed probe → traffic moved">RTO</th><th title="no serving region available">users down</th><th>lasted</th></tr></thead><tbody id="incidents"></tbody></table>
    <p class="muted" id="incidents-note"></p>
  </section>`,
  style: `
  #incidents tr.open td:first-child::after { content: ' (open)'; color: var(--down); }`,
  script: `
  (function () {
    var body = document.getElementById('incidents');
    var note = document.getElementById('incidents-note');
    var SHOWN = 20;
    function load() {
      return get('incidents?window=30d').then(function (r) {
        body.replaceChildren();
        r.incidents.slice(0, SHOWN).forEach(function (i) {
          var tr = el('tr', { 'data-incident': i.id, 'data-region': i.region, class: i.open ? 'open' : '' });
          tr.appendChild(el('td', null, i.region));
          tr.appendChild(el('td', { title: new Date(i.startedAt).toISOString() + (i.startEstimated ? ' (estimated)' : '') }, new Date(i.startedAt).toLocaleString() + (i.startEstimated ? ' ≈' : '')));
          [['detect', i.detect_s], ['decide', i.decide_s], ['flip', i.flip_s], ['rto', i.rto_s], ['downtime', i.downtime_s], ['duration', i.duration_s]].forEach(function (f) {
            tr.appendChild(el('td', { 'data-figure': f[0], title: f[0] === 'rto' && i.movedMeans ? 'moved = ' + i.movedMeans : '' }, durationText(f[1])));
          });
          body.appendChild(tr);
        });
        note.textContent = r.incidents.length === 0 ? 'no incident in the last 30 days' : r.incidents.length > SHOWN ? SHOWN + ' of ' + r.incidents.length + ' shown' : '';
      }).catch(function (e) {
        note.textContent = e.status === 404 || e.status === 503 ? 'no event history is recorded by this deployment' : 'incidents unavailable: ' + e.message;
      });
    }
    poll(load, 15000);
    on('change', load);
  })();`,
};

export const HISTORY_PANELS: readonly PagePanel[] = [swimlanePanel, availabilityPanel, incidentsPanel];
