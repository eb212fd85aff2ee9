import * as z from 'zod';
import { drillParams, drillResponse, incidentsQuery, incidentsResponse, reportQuery, reportResponse } from '../../lambdas/history/schemas';
import { windowLength } from '../../lambdas/history/window';

describe('history query schemas', () => {
  it('reads a window length in days, hours or minutes, 30 days by default', () => {
    expect(reportQuery.parse({})).toEqual({ window: 30 * 86_400_000, format: 'json' });
    expect(reportQuery.parse({ window: '12h', format: 'markdown' })).toEqual({ window: 12 * 3_600_000, format: 'markdown' });
    expect(incidentsQuery.parse({ window: '90m', region: 'us-east-1' })).toEqual({ window: 90 * 60_000, region: 'us-east-1' });
  });

  it('reads the window’s end as an ISO time', () => {
    expect(reportQuery.parse({ end: '2025-02-01T00:00:00Z' }).end).toBe(Date.UTC(2025, 1, 1));
  });

  it.each([
    [{ window: '0d' }, /window: expected a length such as 30d/],
    [{ window: '401d' }, /window: expected a length such as 30d, 12h or 90m, at most 400 days/],
    [{ window: 'last month' }, /window: expected a length/],
    [{ end: 'yesterday' }, /end: /],
    [{ colour: 'blue' }, /colour/],
  ])('refuses %j with a message naming the field', (query, message) => {
    const result = reportQuery.safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.') || i.code}: ${i.message} ${JSON.stringify(i)}`).join('\n')).toMatch(message);
  });

  it('accepts drill ids of letters, digits and . _ : - only', () => {
    expect(drillParams.safeParse({ id: 'drill-2025-01-01T00:00:00Z' }).success).toBe(true);
    expect(drillParams.safeParse({ id: '../etc' }).success).toBe(false);
  });
});

describe('OpenAPI', () => {
  it('every request and response schema converts to JSON Schema, as the API’s OpenAPI document needs', () => {
    for (const [schema, io] of [
      [reportQuery, 'input'],
      [incidentsQuery, 'input'],
      [drillParams, 'input'],
      [reportResponse, 'output'],
      [incidentsResponse, 'output'],
      [drillResponse, 'output'],
    ] as const) {
      expect(z.toJSONSchema(schema, { io, unrepresentable: 'any' })).toMatchObject({ type: 'object' });
    }
    const query = z.toJSONSchema(reportQuery, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, { type?: string; default?: unknown }> };
    expect(query.properties.window).toMatchObject({ type: 'string', default: '30d' });
  });
});

describe('window lengths', () => {
  it('accepts exactly 1 minute to 400 days in each unit, and the pattern says so', () => {
    const ok = ['1m', '576000m', '575999m', '1h', '9600h', '9599h', '1d', '99d', '399d', '400d', '30d'];
    const bad = ['0d', '401d', '999d', '9601h', '576001m', '580000m', '30', 'd', '01d', '1.5d', '30 d', '283379d'];
    for (const w of ok) expect(windowLength.safeParse(w).success).toBe(true);
    for (const w of bad) expect(windowLength.safeParse(w).success).toBe(false);
    const pattern = new RegExp((windowLength.toJSONSchema({ io: 'input' }) as { pattern: string }).pattern);
    for (const w of ok) expect(pattern.test(w)).toBe(true);
    for (const w of bad) expect(pattern.test(w)).toBe(false);
  });
});
