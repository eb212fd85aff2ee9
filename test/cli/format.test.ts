/** `failover status` text: every hold explained, a pending flip, the fence term, the flap budget, checkers counting. */
import { formatAutomation, formatCounting, formatPendingFlip, formatStatus } from '../../cli/format';
import type { StatusBody } from '../../lambdas/api/schemas';

const AT = Date.UTC(2027, 0, 2, 12, 0, 0);

const status: StatusBody = {
  service: 'shop-api',
  generatedAt: AT,
  policy: 'active-passive',
  flipMode: 'dns-update',
  regions: [
    { region: 'us-east-1', verdict: 'DOWN', active: false, weight: 0, checkers: [], counting: [{ toward: 'UP', checkers: 1, quorum: 2, streaks: [{ checker: 'eu-west-1', count: 2, threshold: 3 }] }] },
    { region: 'us-west-2', verdict: 'UP', active: true, weight: 1, checkers: [] },
  ],
  active: ['us-west-2'],
  weights: { 'us-west-2': 1 },
  leader: { holder: 'us-east-1', term: 7 },
  routingTableVersion: 3,
  pin: null,
  lastFlip: null,
  automation: { action: 'hold', code: 'hold-down', detail: 'failback to us-east-1 suppressed', until: AT + 42_000, secondsLeft: 42 },
  pendingFlip: { id: 'i9', cause: 'manual-failover', to: ['us-east-1'], actor: 'alice', since: AT - 30_000, ageSeconds: 30, lastError: { at: AT - 5000, message: 'Throttling', attempts: 2 } },
  fenceTerm: 7,
  flapWindow: { flips: 1, max: 2, windowSeconds: 3600 },
};

describe('failover status explains holds', () => {
  it('shows what automation would do, with when a hold lifts', () => {
    expect(formatAutomation(status.automation!)).toBe('hold (hold-down): failback to us-east-1 suppressed — lifts at 2027-01-02T12:00:42Z (42 s)');
    expect(formatAutomation({ action: 'hold', code: 'fail-static', detail: 'us-east-1 is DOWN but no other region is UP (us-west-2 DOWN)' })).toBe(
      'hold (fail-static): us-east-1 is DOWN but no other region is UP (us-west-2 DOWN)',
    );
  });

  it('shows a pending flip with its age and last apply error', () => {
    expect(formatPendingFlip(status.pendingFlip!)).toBe('i9 manual-failover -> us-east-1 by alice, 30 s old; last apply failed at 2027-01-02T11:59:55Z (2×): Throttling');
  });

  it('shows n of q checkers counting toward a verdict, per region', () => {
    expect(formatCounting(status.regions[0]!)).toBe('1/2 toward UP (eu-west-1 2/3)');
    expect(formatCounting(status.regions[1]!)).toBe('-');
  });

  it('puts it all in the status text', () => {
    const text = formatStatus(status);
    expect(text).toMatch(/^automation {5}hold \(hold-down\)/m);
    expect(text).toMatch(/^pending flip {3}i9 /m);
    expect(text).toMatch(/^fence term {5}7$/m);
    expect(text).toMatch(/^flap window {4}1 of 2 flips used in 3600 s$/m);
    expect(text).toMatch(/us-east-1 +DOWN +no +0% +1\/2 toward UP/);
  });
});

describe('failover status shows terms by number', () => {
  const TOKEN = Date.UTC(2027, 0, 2, 11, 0, 0);
  const numbered: StatusBody = {
    ...status,
    leader: { holder: 'us-west-2', term: TOKEN, termNumber: 7 },
    fenceTerm: TOKEN,
    fenceTermNumber: 7,
    lastFlip: { at: AT - 60_000, from: ['us-east-1'], to: ['us-west-2'], reason: 'us-east-1 is DOWN', term: TOKEN, termNumber: 7, actor: 'controller@us-west-2' },
  };

  it('prints term #n for the leader (with when it began), the fence term (with its token) and the last flip', () => {
    const text = formatStatus(numbered);
    expect(text).toMatch(/^leader {9}us-west-2, term #7 \(began 2027-01-02 11:00:00Z\)$/m);
    expect(text).toMatch(new RegExp(`^fence term {5}#7 \\(token ${TOKEN}\\)$`, 'm'));
    expect(text).toMatch(/^last flip {6}us-east-1 -> us-west-2 at 2027-01-02T11:59:00Z \(term #7\): us-east-1 is DOWN$/m);
  });

  it('falls back to the token, read as a time, for terms from before term numbers', () => {
    const text = formatStatus({ ...numbered, leader: { holder: 'us-west-2', term: TOKEN }, fenceTermNumber: undefined, lastFlip: { ...numbered.lastFlip!, termNumber: undefined } });
    expect(text).toMatch(/^leader {9}us-west-2, term 2027-01-02 11:00:00Z$/m);
    expect(text).toMatch(new RegExp(`^fence term {5}${TOKEN}$`, 'm'));
    expect(text).toMatch(/\(term 2027-01-02 11:00:00Z\): us-east-1 is DOWN$/m);
  });
});
