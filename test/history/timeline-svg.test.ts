/** The swimlane drawn: one rect per band, markers where their flips are, a "now" line, escaped text. */
import { buildTimeline } from '../../lambdas/history/rules/timeline';
import type { SignalCheckSettings } from '../../lambdas/platform/dns-setup';
import { COLOURS, LAYOUT, renderSwimlaneSvg } from '../../lambdas/history/timeline-svg';
import { A, B, CHECKERS, HOUR, MIN, ON_A, ON_B, S, T0, flipEvents, flipIntent, outageEvents, verdict } from './support/events';

const W = { start: T0, end: T0 + HOUR };
const setup = { regions: [A, B], checkers: [...CHECKERS], signalCheck: { requestIntervalSeconds: 10, failureThreshold: 2 } satisfies SignalCheckSettings };
const WIDTH = 1000;
const plotWidth = WIDTH - LAYOUT.labelWidth - LAYOUT.rightMargin;
const xOf = (ms: number) => Math.round((LAYOUT.labelWidth + ((ms - W.start) / (W.end - W.start)) * plotWidth) * 10) / 10;

function parse(svg: string) {
  const count = (re: RegExp) => [...svg.matchAll(re)].length;
  return {
    bands: count(/<rect class="band"/g),
    bandsOf: (state: string) => count(new RegExp(`<rect class="band" data-state="${state}"`, 'g')),
    markerX: [...svg.matchAll(/<g class="marker"[^>]*>.*?<line x1="([\d.]+)"/g)].map((m) => Number(m[1])),
    titles: [...svg.matchAll(/<title>(.*?)<\/title>/g)].map((m) => m[1]!),
  };
}

const history = [
  verdict(A, 'UP', T0 - HOUR),
  verdict(B, 'UP', T0 - HOUR),
  ...outageEvents(A, T0 + 15 * MIN, T0 + 15 * MIN + 10 * S, T0 + 45 * MIN),
  ...flipEvents('f1', T0 + 15 * MIN + 11 * S, T0 + 30 * MIN, ON_A, ON_B),
];

describe('renderSwimlaneSvg', () => {
  it('draws one rect per band, coloured by state', () => {
    const timeline = buildTimeline(history, W, setup);
    const svg = renderSwimlaneSvg(timeline, { timeZone: 'UTC' });
    const bandCount = timeline.regions.flatMap((r) => r.lanes.flatMap((l) => l.bands)).length;
    // A's quorum: UP, DOWN, UP; two of A's checkers: DOWN from their change on; B's quorum: UP. The rest recorded nothing.
    expect(bandCount).toBe(6);
    expect(parse(svg).bands).toBe(6);
    expect(parse(svg).bandsOf('DOWN')).toBe(3);
    expect(svg).toContain(`data-state="DOWN" x="${xOf(T0 + 15 * MIN + 10 * S)}"`);
    expect(svg).toContain(`fill="${COLOURS.DOWN}"`);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('puts each flip marker at its commit time on the time axis, and the "now" line where asked', () => {
    const svg = renderSwimlaneSvg(buildTimeline(history, W, setup), { timeZone: 'UTC', now: T0 + 50 * MIN });
    expect(parse(svg).markerX).toEqual([xOf(T0 + 30 * MIN)]);
    expect(svg).toContain(`<g class="now" data-at="${T0 + 50 * MIN}">`);
    expect(svg).toContain(`<line x1="${xOf(T0 + 50 * MIN)}" y1="0"`);
  });

  it('says on hover what each band and marker was, with its cause, in UTC and the viewer’s zone', () => {
    const svg = renderSwimlaneSvg(buildTimeline(history, W, setup), { timeZone: 'Asia/Kolkata' });
    const { titles } = parse(svg);
    expect(titles).toContain('us-east-1 quorum: DOWN from 00:15:10 UTC / 05:45:10 Asia/Kolkata (GMT+5:30) to 00:45:00 UTC / 06:15:00 Asia/Kolkata (GMT+5:30), 29 min 50 s — DOWN by test');
    expect(titles.find((t) => t.startsWith('failover: '))).toBe(
      'failover: us-east-1 → us-west-2, committed 00:30:00 UTC / 06:00:00 Asia/Kolkata (GMT+5:30); traffic moved 00:30:20 UTC / 06:00:20 Asia/Kolkata (GMT+5:30), by controller@us-west-2 — test flip',
    );
    // The second axis row is labelled with the zone's offset, its name on hover.
    expect(svg).toContain('<title>Asia/Kolkata (GMT+5:30)</title>GMT+5:30</text>');
  });

  it('escapes recorded text, so a reason can never become markup', () => {
    const hostile = [
      verdict(A, 'DOWN', T0 + MIN, { reason: '<script>alert("x")</script> & \'more\'' }),
      flipIntent('f<2>', T0 + 2 * MIN, ON_A, ON_B, { reason: '</title><image href="http://evil/"/>' }),
    ];
    const svg = renderSwimlaneSvg(buildTimeline(hostile, W, setup), { timeZone: 'UTC' });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<image');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;');
    expect(svg).toContain('data-flip-id="f&lt;2&gt;"');
    expect(svg).toContain('&lt;/title&gt;&lt;image href=&quot;http://evil/&quot;/&gt;');
  });

  it('draws an empty window as grey lanes with an axis and no bands or markers', () => {
    const svg = renderSwimlaneSvg(buildTimeline([], W, setup), { timeZone: 'UTC' });
    expect(parse(svg)).toMatchObject({ bands: 0, markerX: [] });
    expect([...svg.matchAll(/<g class="lane"/g)]).toHaveLength(8);
    expect([...svg.matchAll(/<g class="tick"/g)]).toHaveLength(7);
    expect(svg).toContain('(nothing recorded)');
  });
});
