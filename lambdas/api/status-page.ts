/**
 * The status page, as strings so esbuild bundles it into the Lambda with no file to ship. The core
 * polls `status` and `history` (relative URLs, so it works under an API Gateway stage path); the
 * panels (page-panel.ts: the swimlane, availability and incidents of page-history-panels.ts) add
 * their own sections. It uses no external resources (works offline) and writes data with
 * textContent only (the swimlane's SVG is escaped where it is drawn). The one inline script is
 * allowed by its hash in the Content-Security-Policy.
 */
import { createHash } from 'node:crypto';
import { HISTORY_PANELS } from './page-history-panels';
import { PANEL_HELPERS, type PagePanel } from './page-panel';

/** Every panel, in page order within its placement. */
const PANELS: readonly PagePanel[] = [...HISTORY_PANELS];

const PAGE_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>region-failover status</title>
<link rel="icon" href="data:,">
<style>
  :root { --up:#1a7f37; --down:#cf222e; --unknown:#9a6700; --muted:#57606a; --bg:#f6f8fa; --card:#fff; --line:#d0d7de; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: #1f2328; }
  header { padding: 14px 20px; background: #24292f; color: #fff; display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0; }
  header .kv { color: #d0d7de; }
  header .kv b { color: #fff; }
  main { padding: 16px 20px; display: grid; gap: 16px; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
  .regions { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); align-content: start; }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
  .card.active { border: 2px solid var(--up); }
  .card h2 { font-size: 16px; margin: 0 0 6px; display: flex; gap: 8px; align-items: center; }
  .badge { font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; color: #fff; }
  .UP { background: var(--up); } .DOWN { background: var(--down); } .UNKNOWN { background: var(--unknown); }
  .ACTIVE { background: #0969da; } .STANDBY { background: var(--muted); }
  table { width: 100%; border-collapse: collapse; font-size: 13px; }
  td { padding: 3px 4px; border-top: 1px solid #eaeef2; vertical-align: middle; }
  .strip { display: flex; gap: 2px; }
  .strip i { width: 8px; height: 14px; border-radius: 2px; display: inline-block; }
  .strip i.ok { background: var(--up); } .strip i.fail { background: var(--down); }
  .muted { color: var(--muted); }
  #timeline { list-style: none; margin: 0; padding: 0; max-height: 70vh; overflow: auto; }
  #timeline li { padding: 5px 0; border-top: 1px solid #eaeef2; font-size: 13px; }
  #timeline li.flip { font-weight: 600; }
  #timeline time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 6px; }
  #error { color: var(--down); }
  .explain { grid-column: 1 / -1; }
  .explain p { margin: 4px 0; }
  .counting { font-size: 13px; color: var(--unknown); margin: 4px 0 0; }
  .wide { grid-column: 1 / -1; }
__PANEL_STYLES__
</style>
</head>
<body>
<header>
  <h1 id="service">region-failover</h1>
  <span class="kv">active <b id="active">…</b></span>
  <span class="kv">leader <b id="leader">…</b></span>
  <span class="kv">routing table <b id="routing">…</b></span>
  <span class="kv">pin <b id="pin">…</b></span>
  <span class="kv">last flip <b id="last-flip">…</b></span>
  <span class="kv">DNS answers now <b id="dns-answer">…</b></span>
  <span class="kv" id="error"></span>
</header>
<main>
  <section class="card explain" id="automation-card">
    <h2>Automation <span class="badge STANDBY" id="automation-code">…</span></h2>
    <p id="automation">…</p>
    <p class="muted" id="pending"></p>
    <p class="muted"><span id="fence"></span> <span id="flap"></span></p>
  </section>
__TOP_PANELS__
  <section>
    <div class="regions" id="regions"></div>
  </section>
  <section class="card">
    <h2>Timeline</h2>
    <ul id="timeline"></ul>
  </section>
__BOTTOM_PANELS__
</main>
<script>__SCRIPT__</script>
</body>
</html>
`;

const CORE_SCRIPT = `
  var POLL_MS = 1000;
  var seen = {};          // timeline keys already shown
  var lastStates = {};    // "region/checker" -> state, to report changes
  var lastVerdicts = {};
  var events = [];
  var lastSignature = null;

  function add(key, at, text, cls) {
    if (seen[key]) return;
    seen[key] = true;
    events.push({ at: at, text: text, cls: cls || '' });
  }
  function renderTimeline() {
    events.sort(function (a, b) { return b.at - a.at; });
    if (events.length > 200) events.length = 200;
    var ul = document.getElementById('timeline');
    ul.textContent = '';
    events.forEach(function (ev) {
      var li = el('li', { class: ev.cls });
      li.appendChild(el('time', null, time(ev.at)));
      li.appendChild(document.createTextNode(ev.text));
      ul.appendChild(li);
    });
  }
  function renderStatus(s) {
    document.getElementById('service').textContent = s.service + ' (' + s.policy + ', ' + s.flipMode + ')';
    document.getElementById('active').textContent = s.active.length ? s.active.map(function (r) {
      return s.active.length > 1 ? r + ' ' + Math.round((s.weights[r] || 0) * 100) + '%' : r;
    }).join(', ') : 'none';
    document.getElementById('leader').textContent = s.leader ? s.leader.holder + ' (term ' + termText(s.leader.term, s.leader.termNumber) + ')' : 'none';
    document.getElementById('leader').title = s.leader ? 'fencing token ' + s.leader.term : '';
    document.getElementById('routing').textContent = s.routingTableVersion === null ? 'none' : 'v' + s.routingTableVersion;
    document.getElementById('pin').textContent = s.pin ? s.pin.region + ' — ' + s.pin.reason : 'none';
    document.getElementById('last-flip').textContent = s.lastFlip ? s.lastFlip.from.join('+') + ' → ' + s.lastFlip.to.join('+') + ' at ' + time(s.lastFlip.at) : 'never';
    renderAutomation(s);
    renderDnsAnswer(s);
    var box = document.getElementById('regions');
    box.textContent = '';
    s.regions.forEach(function (r) {
      var card = el('div', { class: 'card' + (r.active ? ' active' : ''), 'data-region': r.region, 'data-verdict': r.verdict, 'data-active': String(r.active) });
      var h = el('h2', null, r.region);
      h.appendChild(el('span', { class: 'badge verdict ' + r.verdict }, r.verdict));
      h.appendChild(el('span', { class: 'badge ' + (r.active ? 'ACTIVE' : 'STANDBY') }, r.active ? 'ACTIVE ' + Math.round(r.weight * 100) + '%' : 'standby'));
      card.appendChild(h);
      var table = el('table');
      r.checkers.forEach(function (c) {
        var tr = el('tr', { 'data-checker': c.checker });
        tr.appendChild(el('td', null, 'from ' + c.checker));
        var st = el('td');
        st.appendChild(el('span', { class: 'badge ' + (c.state || 'UNKNOWN') }, c.state || 'no report'));
        tr.appendChild(st);
        tr.appendChild(el('td', { class: 'muted' }, c.freshness === 'fresh' ? ago(c.ageMs) : c.freshness));
        var strip = el('td');
        var bar = el('span', { class: 'strip' });
        c.recent.forEach(function (p) {
          bar.appendChild(el('i', { class: p.ok ? 'ok' : 'fail', title: time(p.at) + ' ' + (p.ok ? 'ok' : (p.reason || 'failed')) + ' ' + Math.round(p.ms) + ' ms' }));
        });
        strip.appendChild(bar);
        tr.appendChild(strip);
        table.appendChild(tr);
        var key = r.region + '/' + c.checker;
        if (c.state && lastStates[key] !== undefined && lastStates[key] !== c.state) {
          add('probe:' + key + ':' + s.generatedAt, s.generatedAt, c.checker + ' now sees ' + r.region + ' ' + c.state, 'probe');
        }
        if (c.state) lastStates[key] = c.state;
        var prev = null;
        c.recent.forEach(function (p) {
          if (prev !== null && prev !== p.ok) {
            add('edge:' + key + ':' + p.at, p.at, 'probe ' + c.checker + ' → ' + r.region + ': ' + (p.ok ? 'ok again' : 'failed (' + (p.reason || 'error') + ')'), 'probe');
          }
          prev = p.ok;
        });
      });
      card.appendChild(table);
      (r.counting || []).forEach(function (c) {
        card.appendChild(el('p', { class: 'counting', 'data-toward': c.toward }, c.checkers + ' of ' + c.quorum + ' checkers toward ' + c.toward + ': ' + c.streaks.map(function (x) {
          return x.checker + ' ' + x.count + '/' + x.threshold;
        }).join(', ')));
      });
      box.appendChild(card);
      if (lastVerdicts[r.region] !== undefined && lastVerdicts[r.region] !== r.verdict) {
        add('verdict:' + r.region + ':' + s.generatedAt, s.generatedAt, 'quorum verdict for ' + r.region + ': ' + r.verdict, 'verdict');
      }
      lastVerdicts[r.region] = r.verdict;
    });
  }
  /** A term for people: its number (#7) when the leader record counts terms, else its fencing token. */
  function termText(token, number) {
    return number ? '#' + number : String(token);
  }
  function renderAutomation(s) {
    var a = s.automation;
    document.getElementById('automation-code').textContent = a ? (a.action === 'hold' || a.action === 'flip' ? a.action + ': ' + a.code : a.action) : '…';
    document.getElementById('automation').textContent = a ? a.detail + (a.until !== undefined ? ' — lifts at ' + time(a.until) + (a.secondsLeft !== undefined ? ' (' + a.secondsLeft + ' s)' : '') : '') : '';
    var p = s.pendingFlip;
    document.getElementById('pending').textContent = p ? 'pending ' + p.cause + ' ' + p.id + ' → ' + p.to.join('+') + ' by ' + p.actor + ', ' + p.ageSeconds + ' s old' + (p.lastError ? '; last apply failed (' + p.lastError.attempts + '×): ' + p.lastError.message : '') : '';
    document.getElementById('fence').textContent = s.fenceTerm !== undefined ? 'fence term ' + termText(s.fenceTerm, s.fenceTermNumber) + ' ·' : '';
    document.getElementById('flap').textContent = s.flapWindow ? s.flapWindow.flips + ' of ' + s.flapWindow.max + ' flips used in ' + s.flapWindow.windowSeconds + ' s' : '';
  }
  function age(ms) {
    var sec = Math.max(0, Math.floor(ms / 1000));
    return sec < 60 ? sec + ' s ago' : sec < 3600 ? Math.floor(sec / 60) + ' min ago' : Math.floor(sec / 3600) + ' h ago';
  }
  function renderDnsAnswer(s) {
    var d = s.dnsAnswer, since = d ? Date.parse(d.since) : 0;
    document.getElementById('dns-answer').textContent = d ? d.name + ' ' + d.type + ' ' + (d.values.join(' ') || 'nothing') + ' (since ' + time(since) + ', ' + age(s.generatedAt - since) + ')' : 'not observable here (ask a resolver)';
  }
  function renderHistory(h) {
    h.items.forEach(function (e) {
      var what = e.action + (e.from && e.to ? ' ' + e.from.join('+') + ' → ' + e.to.join('+') : '') + (e.term ? ' (term ' + termText(e.term, e.termNumber) + ')' : '');
      add('audit:' + e.id, e.at, what + ' — ' + e.reason + ' [' + e.actor + ']', e.action === 'flip' || e.action === 'failover' || e.action === 'failback' ? 'flip' : 'audit');
    });
  }
  /** What the panels reload on: verdicts, the active set and the last flip. */
  function signature(s) {
    return JSON.stringify([s.regions.map(function (r) { return [r.region, r.verdict]; }), s.active, s.lastFlip ? s.lastFlip.at : null]);
  }
  function tick() {
    Promise.all([get('status'), get('history?limit=50')]).then(function (res) {
      renderStatus(res[0]);
      renderHistory(res[1]);
      renderTimeline();
      document.getElementById('error').textContent = '';
      emit('status', res[0]);
      var sig = signature(res[0]);
      if (lastSignature !== null && sig !== lastSignature) emit('change', res[0]);
      lastSignature = sig;
    }).catch(function (e) {
      document.getElementById('error').textContent = 'cannot reach the API: ' + e.message;
    }).then(function () { setTimeout(tick, POLL_MS); });
  }
  tick();
`;

const PAGE_SCRIPT = `'use strict';
(function () {
${PANEL_HELPERS}
${CORE_SCRIPT}
${PANELS.map((p) => p.script).join('\n')}
})();
`;

const panelsAt = (placement: PagePanel['placement']): string =>
  PANELS.filter((p) => p.placement === placement)
    .map((p) => p.html)
    .join('\n');

export const STATUS_PAGE_HTML = PAGE_TEMPLATE.replace('__PANEL_STYLES__', () => PANELS.map((p) => p.style).join('\n'))
  .replace('__TOP_PANELS__', () => panelsAt('top'))
  .replace('__BOTTOM_PANELS__', () => panelsAt('bottom'))
  .replace('__SCRIPT__', () => PAGE_SCRIPT);

const scriptHash = createHash('sha256').update(PAGE_SCRIPT).digest('base64');

/** Nothing from elsewhere: the page works offline and cannot be made to load foreign code. */
export const STATUS_PAGE_CSP = `default-src 'none'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
