/** In-memory ports for contract tests: just enough behaviour to exercise every route. */
import { ServiceRejection } from '../../lambdas/api/errors';
import { decodeCursor, encodeCursor } from '../../lambdas/api/history-cursor';
import type { ApiServices, DemoPort, LeaseProof, LockPort, OperatorPort } from '../../lambdas/api/ports';
import type { AuditEntryBody, DemoMode, LockAcquiredBody, NotReadyDetailsBody, StatusBody } from '../../lambdas/api/schemas';

export const REGIONS = ['us-east-1', 'us-west-2'] as const;

export interface FakeServices extends ApiServices {
  readonly calls: { method: string; args: unknown }[];
  readonly state: { active: string[]; audit: AuditEntryBody[]; down: Set<string> };
}

export function fakeServices(options: { demo?: boolean; failStatus?: Error } = {}): FakeServices {
  const calls: { method: string; args: unknown }[] = [];
  const state = { active: ['us-east-1'], audit: [] as AuditEntryBody[], down: new Set<string>() };
  let pin: StatusBody['pin'] = null;
  const record = (action: string, actor: string, reason: string, to?: string[]): void => {
    const at = 1_700_000_000_000 + state.audit.length;
    // Operator flips have a timeline from intent to completion (no probe or quorum steps).
    const timings = to ? { timings: { intentAt: at, appliedAt: at + 5, completedAt: at + 40 } } : {};
    state.audit.unshift({ id: String(state.audit.length + 1), at, action, actor, reason, term: 1_733_038_800_000, termNumber: 2, ...(to ? { to, from: [...state.active] } : {}), ...timings });
  };

  /** Readiness as the real operator port reports it with a not-ready refusal. */
  const notReady = (): NotReadyDetailsBody => ({
    problem: 'not-ready',
    regions: REGIONS.map((region) => {
      const down = state.down.has(region);
      return {
        region,
        verdict: down ? 'DOWN' : 'UP',
        serving: state.active.includes(region),
        checkersUp: down ? 1 : 3,
        quorum: 2,
        upInSeconds: down ? 10 : 0,
        detail: down ? 'DOWN; can be UP in about 10 s' : 'UP',
      };
    }),
  });

  const operator: OperatorPort = {
    async failover(req) {
      calls.push({ method: 'failover', args: req });
      if (state.down.has(req.to) && !req.force) throw new ServiceRejection('conflict', `${req.to} is DOWN by quorum; refusing to fail over to it`, notReady());
      record('failover', req.actor, req.reason, [req.to]);
      state.active = [req.to];
      return { accepted: true, message: `traffic moved to ${req.to}`, active: state.active };
    },
    async failback(req) {
      calls.push({ method: 'failback', args: req });
      if (state.down.has('us-east-1') && !req.force) throw new ServiceRejection('conflict', 'refused failback: us-east-1 is DOWN; traffic stays on us-west-2', notReady());
      record('failback', req.actor, req.reason, ['us-east-1']);
      state.active = ['us-east-1'];
      return { accepted: true, message: 'traffic back on us-east-1', active: state.active };
    },
    async pin(req) {
      calls.push({ method: 'pin', args: req });
      pin = { region: req.region, reason: req.reason, actor: req.actor, at: 1_700_000_000_000 };
      record('pin', req.actor, req.reason);
      return { accepted: true, message: `pinned to ${req.region}` };
    },
    async unpin(req) {
      calls.push({ method: 'unpin', args: req });
      if (!pin) throw new ServiceRejection('conflict', 'nothing is pinned');
      pin = null;
      record('unpin', req.actor, req.reason);
      return { accepted: true, message: 'unpinned' };
    },
  };

  const locks = new Map<string, LockAcquiredBody>();
  let nextToken = 1;
  const holds = (name: string, grant: LeaseProof): boolean => locks.get(name)?.token === grant.token && locks.get(name)?.leaseSecret === grant.secret;
  const lockPort: LockPort = {
    async acquire(name, req) {
      calls.push({ method: 'acquire', args: { name, ...req } });
      if (locks.has(name)) return undefined;
      const token = nextToken++;
      const grant = { name, owner: req.owner, token, leaseMs: req.leaseMs, expiresAt: 1_700_000_000_000 + req.leaseMs, leaseSecret: `secret-${String(token).padStart(36, '0')}` };
      locks.set(name, grant);
      return grant;
    },
    async renew(name, grant, leaseMs) {
      const held = locks.get(name);
      if (!held || !holds(name, grant)) throw new ServiceRejection('conflict', `token ${grant.token} with that secret does not hold lock ${name}`);
      const renewed = { ...held, leaseMs: leaseMs ?? held.leaseMs, expiresAt: held.expiresAt + (leaseMs ?? 1000) };
      locks.set(name, renewed);
      const { leaseSecret: _secret, ...view } = renewed;
      return view;
    },
    async release(name, grant) {
      if (!holds(name, grant)) throw new ServiceRejection('conflict', `token ${grant.token} with that secret does not hold lock ${name}`);
      locks.delete(name);
    },
    async inspect(name) {
      const held = locks.get(name);
      return held ? { name, held: true, owner: held.owner, token: held.token, expiresAt: held.expiresAt } : { name, held: false };
    },
  };

  const modes: Record<string, DemoMode> = { 'us-east-1': 'healthy', 'us-west-2': 'healthy' };
  const demo: DemoPort = {
    setMode: (region, mode) => {
      modes[region] = mode;
    },
    modes: () => ({ ...modes }),
  };

  return {
    calls,
    state,
    appRegions: REGIONS,
    status: {
      async status() {
        if (options.failStatus) throw options.failStatus;
        return {
          service: 'shop-api',
          generatedAt: 1_700_000_000_000,
          policy: 'active-passive',
          flipMode: 'health-signal',
          regions: REGIONS.map((region) => ({
            region,
            verdict: state.down.has(region) ? 'DOWN' : 'UP',
            active: state.active.includes(region),
            weight: state.active.includes(region) ? 1 : 0,
            checkers: [{ checker: 'eu-west-1', state: 'UP', freshness: 'fresh', ageMs: 100, recent: [{ at: 1_700_000_000_000, ok: true, ms: 12 }] }],
          })),
          active: state.active,
          weights: Object.fromEntries(state.active.map((r) => [r, 1])),
          leader: { holder: 'controller-us-east-1', term: 1_733_038_800_000, termNumber: 2 },
          routingTableVersion: 7,
          pin,
          lastFlip: null,
        };
      },
    },
    history: {
      async history({ limit, cursor }) {
        // Opaque cursors, checked as the real port checks them.
        const start = cursor === undefined ? 0 : Number(decodeCursor(cursor));
        const items = state.audit.slice(start, start + limit);
        const next = start + limit < state.audit.length ? encodeCursor(String(start + limit)) : undefined;
        return { items, ...(next ? { nextCursor: next } : {}) };
      },
    },
    routing: {
      async route(key, op) {
        const [target, ...fallbacks] = state.active;
        return { key, op, target: target!, fallbacks: op === 'write' ? [] : fallbacks, version: 7 };
      },
    },
    operator,
    locks: lockPort,
    signal: {
      async signalFor(region) {
        const healthy = state.active.includes(region);
        return { region, healthy, reason: healthy ? 'active' : 'standby' };
      },
    },
    ...(options.demo ? { demo } : {}),
  };
}
