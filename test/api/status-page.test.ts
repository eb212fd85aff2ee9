/** The status page is assembled from its panels: each in its place, one script that the CSP allows by hash. */
import { createHash } from 'node:crypto';
import { HISTORY_PANELS } from '../../lambdas/api/page-history-panels';
import { STATUS_PAGE_CSP, STATUS_PAGE_HTML } from '../../lambdas/api/status-page';

const script = /<script>([\s\S]*)<\/script>/.exec(STATUS_PAGE_HTML)?.[1] ?? '';

describe('status page', () => {
  it('has exactly one inline script, allowed by its hash and nothing else', () => {
    expect(STATUS_PAGE_HTML.match(/<script/g)).toHaveLength(1);
    const hash = createHash('sha256').update(script).digest('base64');
    expect(STATUS_PAGE_CSP).toContain(`script-src 'sha256-${hash}';`);
    expect(STATUS_PAGE_CSP).toMatch(/^default-src 'none';/);
    expect(() => new Function(script)).not.toThrow();
  });

  it('places every history panel once, the swimlane after the automation card and before the regions, the others after the event list', () => {
    for (const panel of HISTORY_PANELS) {
      expect(STATUS_PAGE_HTML.split(`id="${panel.id}"`)).toHaveLength(2);
      expect(script).toContain(panel.script);
    }
    const at = (marker: string) => STATUS_PAGE_HTML.indexOf(marker);
    expect(at('id="automation-card"')).toBeLessThan(at('id="swimlane-card"'));
    expect(at('id="swimlane-card"')).toBeLessThan(at('id="regions"'));
    expect(at('id="timeline"')).toBeLessThan(at('id="availability-card"'));
    expect(at('id="availability-card"')).toBeLessThan(at('id="incidents-card"'));
    expect(STATUS_PAGE_HTML).not.toMatch(/__[A-Z_]+__/);
  });

  it('offers the swimlane windows 15 min, 1 h, 6 h and 24 h, 1 h chosen', () => {
    expect([...STATUS_PAGE_HTML.matchAll(/data-window="(\w+)" aria-pressed="(\w+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['15m', 'false'],
      ['1h', 'true'],
      ['6h', 'false'],
      ['24h', 'false'],
    ]);
  });
});
