/**
 * A section of the status page, self-contained: its markup, its CSS, and its script. status-page.ts
 * puts each panel's markup where its `placement` says, its CSS in the page's <style>, and its
 * script inside the page's one inline script (hashed into the Content-Security-Policy), after the
 * shared helpers below, which every panel script may call:
 *
 *   base                       the page's directory URL (works under an API Gateway stage path)
 *   el(tag, attrs?, text?)     a new element; text via textContent only (never markup from data)
 *   get(path) / getText(path)  GET a relative URL as JSON / text; rejects with e.status on non-2xx
 *   time(ms) / ago(ms)         local clock time / "1.2 s ago"
 *   durationText(s)            "30.8 s", "12 min 5 s", "3 h 4 min", "2 d 3 h"; "—" for none
 *   percentText(f) / sloText(f)  "99.9988 %" (floored, to tell nines apart) / "99.95 %"
 *   poll(load, everyMs)        run `load` (returns a promise) now and again `everyMs` after it settles
 *   on(name, fn) / emit(name, detail)
 *       'status' (every GET /status the page shows, detail = the status body) and 'change' (a
 *       region's verdict, the active set or the last flip changed) are emitted by the core page.
 *
 * To add a panel: write one (see page-history-panels.ts), add it to PANELS in status-page.ts.
 */
export interface PagePanel {
  /** Id of its outermost element; unique on the page. */
  readonly id: string;
  /** `top`: full width, after the automation card; `bottom`: after the regions and the event list. */
  readonly placement: 'top' | 'bottom';
  readonly html: string;
  readonly style: string;
  /** Runs once, in the page's closure (see the helpers above). Plain ES5-ish JavaScript. */
  readonly script: string;
}

/** The shared helpers of every panel script (see above). */
export const PANEL_HELPERS = `
  var base = location.pathname.replace(/[^/]*$/, '');
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function time(ms) { return new Date(ms).toLocaleTimeString(); }
  function ago(ms) { return ms === undefined ? '' : (ms / 1000).toFixed(1) + ' s ago'; }
  // The page's figures read as the reports' Markdown does (lambdas/history/markdown.ts).
  function durationText(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) return '—';
    var sign = seconds < 0 ? '−' : '', s = Math.abs(seconds);
    if (s < 60) return sign + Number(s.toFixed(s < 10 ? 2 : 1)) + ' s';
    var w = Math.round(s), d = Math.floor(w / 86400), h = Math.floor((w % 86400) / 3600), m = Math.floor((w % 3600) / 60);
    if (d > 0) return sign + d + ' d ' + h + ' h';
    if (h > 0) return sign + h + ' h ' + m + ' min';
    return sign + m + ' min ' + (w % 60) + ' s';
  }
  function percentText(f) { return f >= 1 ? '100 %' : (Math.floor(f * 1e6) / 1e4).toFixed(4) + ' %'; }
  function sloText(f) { return Number((f * 100).toPrecision(6)) + ' %'; }
  function fetchOk(path) {
    return fetch(base + path, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { var e = new Error(path.replace(/\\?.*$/, '') + ': HTTP ' + r.status); e.status = r.status; throw e; }
      return r;
    });
  }
  function get(path) { return fetchOk(path).then(function (r) { return r.json(); }); }
  function getText(path) { return fetchOk(path).then(function (r) { return r.text(); }); }
  function poll(load, everyMs) {
    function run() { Promise.resolve().then(load).catch(function () {}).then(function () { setTimeout(run, everyMs); }); }
    run();
  }
  function on(name, fn) { document.addEventListener('page:' + name, function (e) { fn(e.detail); }); }
  function emit(name, detail) { document.dispatchEvent(new CustomEvent('page:' + name, { detail: detail })); }
`;
