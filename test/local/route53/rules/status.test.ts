import * as fc from 'fast-check';
import { calculatedHealthy, reportedStatuses, type CalculatedCheck, type EndpointCheck } from '../../../../local/route53/rules';

const endpoint = (id: string, extra: Partial<EndpointCheck> = {}): EndpointCheck => ({
  id,
  type: 'HTTPS',
  host: 'api.example.com',
  port: 443,
  resourcePath: '/',
  requestIntervalSeconds: 10,
  failureThreshold: 3,
  enableSni: true,
  inverted: false,
  disabled: false,
  ...extra,
});
const calculated = (id: string, children: string[], healthThreshold: number, extra: Partial<CalculatedCheck> = {}): CalculatedCheck => ({
  id,
  type: 'CALCULATED',
  children,
  healthThreshold,
  inverted: false,
  disabled: false,
  ...extra,
});

describe('calculated health checks', () => {
  it('with threshold = number of children behaves as AND, with threshold 1 as OR', () => {
    expect(calculatedHealthy([true, true, true], 3)).toBe(true);
    expect(calculatedHealthy([true, false, true], 3)).toBe(false);
    expect(calculatedHealthy([false, false, true], 1)).toBe(true);
    expect(calculatedHealthy([false, false, false], 1)).toBe(false);
  });

  it('is healthy when at least 2 of 3 children are (the service’s majority of signal checks)', () => {
    expect(calculatedHealthy([true, true, false], 2)).toBe(true);
    expect(calculatedHealthy([true, false, false], 2)).toBe(false);
  });

  it('is always unhealthy when the threshold exceeds the number of children, and always healthy at 0', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 255 }), (children) => {
        expect(calculatedHealthy(children, children.length + 1)).toBe(false);
        expect(calculatedHealthy(children, 0)).toBe(true);
      }),
    );
  });

  it('never turns unhealthy when a child turns healthy', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), fc.nat(), fc.nat(21), (children, pick, threshold) => {
        const i = pick % children.length;
        const better = children.map((c, j) => (j === i ? true : c));
        if (calculatedHealthy(children, threshold)) expect(calculatedHealthy(better, threshold)).toBe(true);
      }),
    );
  });
});

describe('reported statuses', () => {
  it('follows the children’s reported (inverted) statuses and inverts calculated checks too', () => {
    const checks = [endpoint('a'), endpoint('b', { inverted: true }), calculated('and', ['a', 'b'], 2), calculated('not-and', ['a', 'b'], 2, { inverted: true })];
    const status = reportedStatuses(
      checks,
      new Map([
        ['a', true],
        ['b', false],
      ]),
    );
    expect(Object.fromEntries(status)).toEqual({ a: true, b: true, and: true, 'not-and': false });
  });

  it('reports a disabled check healthy, and an inverted disabled check unhealthy', () => {
    const status = reportedStatuses(
      [endpoint('off', { disabled: true }), endpoint('off-inverted', { disabled: true, inverted: true })],
      new Map([
        ['off', false],
        ['off-inverted', false],
      ]),
    );
    expect(Object.fromEntries(status)).toEqual({ off: true, 'off-inverted': false });
  });

  it('counts an endpoint check without results yet as healthy and a missing child as unhealthy', () => {
    const status = reportedStatuses([endpoint('new'), calculated('c', ['new', 'gone'], 2)], new Map());
    expect(status.get('new')).toBe(true);
    expect(status.get('c')).toBe(false);
  });
});
