/** The controller-backed ports: error translation, audit mapping, status assembly, key routing. */
import {
  automationBody,
  ControllerStatusPort,
  TableRoutingPort,
  toAuditEntry,
  trafficShares,
  translateControllerErrors,
  ControllerHistoryPort,
  ControllerSignalPort,
} from '../../lambdas/api/adapters';
import { ServiceRejection } from '../../lambdas/api/errors';
import { statusResponse } from '../../lambdas/api/schemas';
import { ConcurrentChangeError, FlipInProgressError, UnknownRegionError } from '../../lambdas/failover/errors';
import { ManualActionError } from '../../lambdas/failover/rules';
import type { Observation } from '../../lambdas/health/rules';
import type { AuditEntry } from '../../lambdas/failover/state-store';
import { MemoryRouteTableStore, RouteTableReader, routeTableChangeFromActiveSet, updateRouteTable } from '../../lambdas/keyrouting';

const NOW = 1_700_000_100_000;
const policy = { mode: 'active-passive' as const, priority: ['us-east-1', 'us-west-2'] };
const config = {
  checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
  probe: { intervalSeconds: 5, failureThreshold: 3, recoveryThreshold: 3, staleAfterIntervals: 3, concurrency: 32 },
  policy,
  routing: { epsilon: 0.05 },
};

const flipEntry: AuditEntry = {
  id: 'f1',
  kind: 'flip',
  at: NOW - 1000,
  actor: 'controller@us-east-1',
  term: 7,
  reason: 'us-east-1 is DOWN',
  cause: 'failover',
  from: { 'us-east-1': 1, 'us-west-2': 0 },
  to: { 'us-east-1': 0, 'us-west-2': 1 },
  dns: { mode: 'dns-update', changed: true, attempts: 1 },
};

function controllerStatus(overrides: Record<string, unknown> = {}) {
  return {
    service: 'shop-api',
    flipMode: 'dns-update',
    policy: 'active-passive' as const,
    traffic: { 'us-east-1': 0, 'us-west-2': 1 },
    serving: ['us-west-2'],
    version: 4,
    fenceTerm: 7,
    lastFlip: { id: 'f1', cause: 'failover' as const, to: { 'us-east-1': 0, 'us-west-2': 1 }, actor: 'controller@us-east-1', term: 7, completedAt: NOW - 900 },
    verdicts: { 'us-east-1': { status: 'DOWN' as const, reason: 'quorum down' }, 'us-west-2': { status: 'UP' as const, reason: 'quorum up' } },
    decision: { kind: 'hold' as const, code: 'steady' as const, detail: '' },
    flipsInWindow: 1,
    ...overrides,
  };
}

/** A reader over an in-memory table store; `publish` stores the table for an active set (maxAgeMs 0: every call sees the latest). */
function routeTables() {
  const store = new MemoryRouteTableStore();
  const reader = new RouteTableReader({ store, maxAgeMs: 0 });
  const publish = async (weights: Record<string, number>, cfg: Parameters<typeof routeTableChangeFromActiveSet>[0] = config) =>
    (await updateRouteTable(store, routeTableChangeFromActiveSet(cfg, { weights, at: NOW, by: 'test', reason: 'test' }))).table.version;
  return { store, reader, publish };
}

function observation(target: string, checker: string, state: 'UP' | 'DOWN', ageMs: number): Observation {
  return {
    target,
    checker,
    state,
    consecutiveFailures: 0,
    consecutiveSuccesses: 3,
    observedAt: NOW - ageMs,
    seq: 1,
    intervalMs: 5000,
    recent: [{ at: NOW - ageMs, ok: state === 'UP', ms: 12, ...(state === 'DOWN' ? { reason: 'status' as const, status: 503 } : {}) }],
    expiresAt: 0,
  };
}

describe('translateControllerErrors', () => {
  test.each([
    [new ManualActionError('not-ready', 'us-west-2 is DOWN'), 'conflict'],
    [new FlipInProgressError('f9'), 'conflict'],
    [new ConcurrentChangeError('state changed'), 'conflict'],
    [new UnknownRegionError('eu-west-3', ['us-east-1']), 'not_found'],
  ])('%s becomes a %s rejection with the same message', async (err, kind) => {
    await expect(translateControllerErrors(() => Promise.reject(err))).rejects.toMatchObject({ kind, message: err.message });
  });

  test('other errors pass through (they are 5xx)', async () => {
    const boom = new Error('table missing');
    await expect(translateControllerErrors(() => Promise.reject(boom))).rejects.toBe(boom);
  });
});

describe('mapping', () => {
  test('traffic shares sum to 1 over serving regions', () => {
    expect(trafficShares({ a: 3, b: 1, c: 0 })).toEqual({ a: 0.75, b: 0.25, c: 0 });
    expect(trafficShares({ a: 0 })).toEqual({ a: 0 });
  });

  test('audit entries become history items with serving regions', () => {
    expect(toAuditEntry(flipEntry)).toEqual({
      id: 'f1',
      at: NOW - 1000,
      action: 'failover',
      actor: 'controller@us-east-1',
      reason: 'us-east-1 is DOWN',
      term: 7,
      from: ['us-east-1'],
      to: ['us-west-2'],
      outcome: 'dns-update (records changed)',
    });
    expect(toAuditEntry({ id: 'p', kind: 'pin', at: 1, actor: 'ops', term: 7, reason: 'maint', region: 'us-west-2' })).toMatchObject({ action: 'pin', to: ['us-west-2'] });
    expect(toAuditEntry({ ...flipEntry, outcome: 'superseded', detail: 'us-west-2 is DOWN now' })).toMatchObject({ action: 'failover', outcome: 'superseded, not applied: us-west-2 is DOWN now' });
  });

  test('a flip carries its timeline: first failed probe and quorum DOWN of the region it left, then its three phases', () => {
    const entry: AuditEntry = {
      ...flipEntry,
      timings: { intentAt: NOW - 1000, appliedAt: NOW - 990, completedAt: NOW - 950 },
      verdicts: {
        'us-east-1': { status: 'DOWN', reason: 'quorum down', since: NOW - 1200, firstFailureAt: NOW - 11_000 },
        'us-west-2': { status: 'UP', reason: 'quorum up', since: NOW - 99_000 },
      },
    };
    expect(toAuditEntry(entry).timings).toEqual({ firstFailedProbeAt: NOW - 11_000, quorumDownAt: NOW - 1200, intentAt: NOW - 1000, appliedAt: NOW - 990, completedAt: NOW - 950 });
    // Recorded before the controller kept these times, or an operator flip away from an UP region: the phases only.
    expect(toAuditEntry({ ...entry, verdicts: { 'us-east-1': { status: 'UP', reason: 'quorum up' } } }).timings).toEqual({ intentAt: NOW - 1000, appliedAt: NOW - 990, completedAt: NOW - 950 });
    expect(toAuditEntry(flipEntry).timings).toBeUndefined();
  });
});

describe('ControllerStatusPort', () => {
  const statusPort = (routes: RouteTableReader, observations: Observation[] = []) =>
    new ControllerStatusPort({
      controller: { status: async () => controllerStatus() as never, history: async () => ({ entries: [flipEntry] }) },
      observations: { loadForTargets: async () => observations },
      leader: { current: async () => ({ candidate: 'host:1:abc', term: 7, payload: 'us-east-1' }) },
      routes,
      config,
      clock: { wallMs: () => NOW },
    });

  test('combines controller state, per-checker observations, the leader record and the routing table version', async () => {
    const observations = [observation('us-east-1', 'us-east-1', 'DOWN', 1000), observation('us-east-1', 'us-west-2', 'DOWN', 2000), observation('us-west-2', 'eu-west-1', 'UP', 60_000)];
    const tables = routeTables();
    await tables.publish({ 'us-east-1': 1, 'us-west-2': 0 });
    await tables.publish({ 'us-east-1': 0, 'us-west-2': 1 });
    const port = statusPort(tables.reader, observations);
    const s = await port.status();
    // The routing table's own version (2), not the controller state's (4).
    expect(s).toMatchObject({ active: ['us-west-2'], weights: { 'us-west-2': 1 }, leader: { holder: 'us-east-1', term: 7 }, routingTableVersion: 2, pin: null, flipMode: 'dns-update' });
    expect(s.lastFlip).toEqual({ at: NOW - 900, from: ['us-east-1'], to: ['us-west-2'], reason: 'us-east-1 is DOWN', term: 7, actor: 'controller@us-east-1' });
    const east = s.regions.find((r) => r.region === 'us-east-1')!;
    expect(east).toMatchObject({ verdict: 'DOWN', active: false, weight: 0 });
    expect(east.checkers.map((c) => [c.checker, c.state, c.freshness])).toEqual([
      ['us-east-1', 'DOWN', 'fresh'],
      ['us-west-2', 'DOWN', 'fresh'],
      ['eu-west-1', undefined, 'missing'],
    ]);
    expect(east.checkers[0]!.recent).toEqual([{ at: NOW - 1000, ok: false, ms: 12, reason: 'status', status: 503 }]);
    expect(s.regions.find((r) => r.region === 'us-west-2')!.checkers[2]).toMatchObject({ freshness: 'stale', state: 'UP' });
  });

  test('explains what automation would do and why: the hold with its numbers, a pending flip, the fence term, the flap budget, checkers counting', async () => {
    const tables = routeTables();
    await tables.publish({ 'us-east-1': 0, 'us-west-2': 1 });
    const status = controllerStatus({
      automation: { action: 'decide', decision: { kind: 'hold', code: 'hold-down', detail: 'failback suppressed: 42 s left', facts: { until: NOW + 42_000, secondsLeft: 42 } } },
      pendingFlip: {
        id: 'i9',
        cause: 'manual-failover',
        to: { 'us-east-1': 1, 'us-west-2': 0 },
        actor: 'alice',
        since: NOW - 30_000,
        ageSeconds: 30,
        lastError: { at: NOW - 5000, message: 'Throttling', attempts: 2 },
      },
      flapWindow: { flips: 1, max: 2, windowSeconds: 3600 },
      progress: { 'us-east-1': [{ toward: 'UP', checkers: 2, quorum: 2, streaks: [{ checker: 'us-east-1', count: 1, threshold: 3 }] }] },
    });
    const port = new ControllerStatusPort({
      controller: { status: () => Promise.resolve(status as never), history: () => Promise.resolve({ entries: [flipEntry] }) },
      observations: { loadForTargets: () => Promise.resolve([]) },
      leader: { current: () => Promise.resolve(undefined) },
      routes: tables.reader,
      config,
      clock: { wallMs: () => NOW },
    });
    const s = await port.status();
    expect(s).toMatchObject({
      automation: { action: 'hold', code: 'hold-down', detail: 'failback suppressed: 42 s left', until: NOW + 42_000, secondsLeft: 42 },
      pendingFlip: { id: 'i9', to: ['us-east-1'], ageSeconds: 30, lastError: { attempts: 2, message: 'Throttling' } },
      fenceTerm: 7,
      flapWindow: { flips: 1, max: 2, windowSeconds: 3600 },
    });
    expect(s.regions.find((r) => r.region === 'us-east-1')?.counting).toEqual([{ toward: 'UP', checkers: 2, quorum: 2, streaks: [{ checker: 'us-east-1', count: 1, threshold: 3 }] }]);
    expect(statusResponse.safeParse(s).success).toBe(true);
  });

  test('shows each term’s number next to its fencing token: leader, fence term, last flip (schema-valid); absent when unknown', async () => {
    const tables = routeTables();
    await tables.publish({ 'us-east-1': 0, 'us-west-2': 1 });
    const numbered = controllerStatus({ fenceTermNumber: 3, lastFlip: { ...controllerStatus().lastFlip, termNumber: 3 } });
    const port = new ControllerStatusPort({
      controller: { status: () => Promise.resolve(numbered as never), history: () => Promise.resolve({ entries: [flipEntry] }) },
      observations: { loadForTargets: () => Promise.resolve([]) },
      leader: { current: () => Promise.resolve({ candidate: 'host:1:abc', term: 9, termNumber: 4, payload: 'us-west-2' }) },
      routes: tables.reader,
      config,
      clock: { wallMs: () => NOW },
    });
    const s = await port.status();
    expect(s).toMatchObject({ leader: { holder: 'us-west-2', term: 9, termNumber: 4 }, fenceTerm: 7, fenceTermNumber: 3, lastFlip: { term: 7, termNumber: 3 } });
    expect(statusResponse.parse(s)).toEqual(s);
    const unnumbered = await statusPort(tables.reader).status();
    expect(unnumbered.leader).toEqual({ holder: 'us-east-1', term: 7 });
    expect(unnumbered).not.toHaveProperty('fenceTermNumber');
    expect(toAuditEntry({ ...flipEntry, termNumber: 3 })).toMatchObject({ term: 7, termNumber: 3 });
    expect(toAuditEntry(flipEntry)).not.toHaveProperty('termNumber');
  });

  test('automation bodies for a flip, a pin and a pending intent', () => {
    expect(automationBody({ action: 'decide', decision: { kind: 'flip', plan: { cause: 'failover', from: {}, to: {}, reason: 'us-east-1 is DOWN' } } })).toEqual({
      action: 'flip',
      code: 'failover',
      detail: 'us-east-1 is DOWN',
    });
    expect(
      automationBody({ action: 'decide', decision: { kind: 'hold', code: 'pinned', detail: 'pinned', facts: { pin: { region: 'us-west-2', reason: 'x', actor: 'alice', at: 0 } } } }),
    ).toMatchObject({ action: 'hold', code: 'pinned', pinnedBy: 'alice' });
    expect(automationBody({ action: 'supersede', intentId: 'i1', detail: 'no longer valid' })).toEqual({ action: 'supersede', code: 'i1', detail: 'no longer valid' });
  });

  test('routing table version is null before the first publish and while the stored table is corrupt', async () => {
    const tables = routeTables();
    expect((await statusPort(tables.reader).status()).routingTableVersion).toBeNull();
    tables.store.overwriteHead({ version: 3, members: 'nonsense' });
    expect((await statusPort(tables.reader).status()).routingTableVersion).toBeNull();
  });

  test('a routing store that cannot be reached fails the status (a 5xx, not a made-up version)', async () => {
    const routes = { get: () => Promise.reject(new Error('ECONNREFUSED')) } as unknown as RouteTableReader;
    await expect(statusPort(routes).status()).rejects.toThrow('ECONNREFUSED');
  });
});

describe('TableRoutingPort', () => {
  test('writes go to the primary of the published table, with its version', async () => {
    const tables = routeTables();
    const version = await tables.publish({ 'us-east-1': 0, 'us-west-2': 1 });
    const port = new TableRoutingPort(tables.reader);
    expect(await port.route('user-1', 'write')).toEqual({ key: 'user-1', op: 'write', target: 'us-west-2', fallbacks: [], version });
    expect(await port.route('user-1', 'read')).toEqual({ key: 'user-1', op: 'read', target: 'us-west-2', fallbacks: [], version });
  });

  test('active-active reads spread over the healthy regions per key, deterministically, with the others as fallbacks', async () => {
    const activeActive = { ...config, policy: { mode: 'active-active' as const, weights: { 'us-east-1': 1, 'us-west-2': 1 } } };
    const tables = routeTables();
    await tables.publish({ 'us-east-1': 1, 'us-west-2': 1 }, activeActive);
    const port = new TableRoutingPort(tables.reader);
    const regions = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const r = await port.route(`key-${i}`, 'read');
      expect([r.target, ...r.fallbacks].sort()).toEqual(['us-east-1', 'us-west-2']);
      expect(await port.route(`key-${i}`, 'read')).toEqual(r);
      regions.add(r.target);
    }
    expect(regions.size).toBe(2);
  });

  test.each([
    ['no table published yet', async (_t: ReturnType<typeof routeTables>) => undefined, 'no-routing-table'],
    ['a corrupt table', async (t: ReturnType<typeof routeTables>) => t.store.overwriteHead({ version: 1 }), 'corrupt-routing-table'],
  ])('%s is a 503 rejection saying so', async (_name, prepare, problem) => {
    const tables = routeTables();
    await prepare(tables);
    await expect(new TableRoutingPort(tables.reader).route('k', 'write')).rejects.toMatchObject({ kind: 'unavailable', details: { problem } });
  });

  test('a read with no healthy region is a 503 rejection; other errors pass through', async () => {
    const tables = routeTables();
    await tables.publish({ 'us-east-1': 0, 'us-west-2': 0 });
    await expect(new TableRoutingPort(tables.reader).route('k', 'read')).rejects.toMatchObject({ kind: 'unavailable', details: { problem: 'no-healthy-region' } });
    const boom = new Error('throttled');
    await expect(new TableRoutingPort({ resolveRoute: () => Promise.reject(boom) }).route('k', 'read')).rejects.toBe(boom);
  });
});

describe('operator, history and signal ports', () => {
  test('history hands out opaque cursors and passes the boundary inside back as "before"; a made-up cursor never reaches the store', async () => {
    const calls: unknown[] = [];
    const h = new ControllerHistoryPort({ history: async (o) => (calls.push(o), { entries: [flipEntry], next: '2024-01-01T00:00:00.000Z#f1' }) });
    const first = await h.history({ limit: 5 });
    expect(first).toMatchObject({ items: [{ id: 'f1' }] });
    expect(first.nextCursor).not.toContain('2024');
    await h.history({ limit: 5, cursor: first.nextCursor! });
    expect(calls).toEqual([{ limit: 5 }, { limit: 5, before: '2024-01-01T00:00:00.000Z#f1' }]);
    await expect(h.history({ limit: 5, cursor: `${'x'.repeat(1100)}.AAAAAAAAAAA` })).rejects.toMatchObject({ status: 400 });
    expect(calls).toHaveLength(2);
  });

  test('signal answers healthy exactly when serving', async () => {
    const s = new ControllerSignalPort({ signalFor: async (region) => ({ region, serving: region === 'us-west-2', httpStatus: region === 'us-west-2' ? 200 : 503, version: 4 }) });
    expect(await s.signalFor('us-west-2')).toEqual({ region: 'us-west-2', healthy: true, reason: 'serving per routing table v4' });
    expect((await s.signalFor('us-east-1')).healthy).toBe(false);
  });

  test('ServiceRejection is what ports throw', () => {
    expect(new ServiceRejection('conflict', 'x')).toBeInstanceOf(Error);
  });
});
