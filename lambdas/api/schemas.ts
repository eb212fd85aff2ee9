/**
 * The API's wire format, defined once with zod: request validation, the response types the
 * service ports return, and `GET /openapi.json` all come from these schemas.
 */
import * as z from 'zod';
import { regionName } from '../config/schema';

export { regionName };

const epochMs = z.number().int().nonnegative().describe('milliseconds since the epoch');
const reason = z.string().trim().min(1, { message: 'expected a non-empty reason' }).max(500);

/* ----------------------------------------------------------------------------------------------
 * Requests
 * -------------------------------------------------------------------------------------------- */

export const failoverRequest = z
  .object({
    to: regionName.describe('app region that should take traffic'),
    reason: reason.describe('why; recorded in the audit trail'),
  })
  .strict();

export const failbackRequest = z.object({ reason }).strict();

export const pinRequest = z
  .object({
    region: regionName.describe('app region to pin traffic to; the controller will not flip away from it'),
    reason,
  })
  .strict();

export const unpinQuery = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();

export const lockName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, { message: 'expected 1–128 letters, digits, ".", "_", ":" or "-"' });

export const acquireLockRequest = z
  .object({
    owner: z.string().trim().min(1).max(200).describe('who holds the lock; shown to others'),
    leaseMs: z.number().int().min(1000).max(300_000).describe('lease length; renew before it runs out'),
    waitMs: z.number().int().min(0).max(8_000).default(0).describe('how long to wait for a held lock (the API function times out after 10 s)'),
  })
  .strict();

const fencingToken = z.number().int().positive().describe('fencing token returned by acquire');

export const renewLockRequest = z
  .object({
    token: fencingToken,
    leaseMs: z.number().int().min(1000).max(300_000).optional().describe('new lease length; default: the one acquired with'),
  })
  .strict();

export const releaseLockRequest = z.object({ token: fencingToken }).strict();

/** Query strings arrive as text; `token` may be passed as `?token=` instead of a DELETE body. */
export const releaseLockQuery = z.object({ token: z.coerce.number().int().positive().optional() }).strict();

export const routeQuery = z.object({ op: z.enum(['read', 'write']).default('read') }).strict();

export const routeKeyParam = z.string().min(1).max(1024);

export const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2048).optional().describe('nextCursor of the previous page'),
  })
  .strict();

export const demoModes = ['healthy', 'down', 'slow', 'flapping'] as const;
export const demoMode = z.enum(demoModes);

/* ----------------------------------------------------------------------------------------------
 * Responses
 * -------------------------------------------------------------------------------------------- */

export const healthStatus = z.enum(['UP', 'DOWN', 'UNKNOWN']);

export const recentProbe = z.object({
  at: epochMs,
  ok: z.boolean(),
  ms: z.number().nonnegative(),
  reason: z.string().optional(),
  status: z.number().int().optional(),
});

export const checkerView = z.object({
  checker: z.string(),
  state: healthStatus.optional().describe('absent when this checker has not reported'),
  freshness: z.enum(['fresh', 'stale', 'missing', 'future']),
  ageMs: z.number().optional(),
  recent: z.array(recentProbe).describe('last few probes, newest last'),
});

export const hysteresisView = z.object({
  toward: z.enum(['DOWN', 'UP']),
  checkers: z.number().int().nonnegative().describe('fresh checker regions already there or counting toward it'),
  quorum: z.number().int().positive().describe('checker regions that must agree for the verdict to change'),
  streaks: z.array(z.object({ checker: z.string(), count: z.number().int().positive(), threshold: z.number().int().positive() })).describe('checkers still counting: consecutive failures (toward DOWN) or successes (toward UP) of the threshold'),
});

export const regionView = z.object({
  region: z.string(),
  verdict: healthStatus.describe('quorum verdict over the checker regions'),
  active: z.boolean(),
  weight: z.number().nonnegative().describe('share of traffic (0 when inactive)'),
  checkers: z.array(checkerView),
  counting: z.array(hysteresisView).optional().describe('while hysteresis is counting: n of the quorum of checkers toward DOWN or UP'),
});

export const automationView = z.object({
  action: z.enum(['flip', 'hold', 'roll-forward', 'supersede']).describe('what the next leader tick would do'),
  code: z
    .string()
    .describe('hold: steady, pinned, unknown-verdict, fail-static, hold-down, flap-damping, failback-manual, failback-dwell; flip: its cause; roll-forward/supersede: the pending intent id'),
  detail: z.string().describe('why, in one sentence, with the numbers'),
  until: epochMs.optional().describe('when this hold lifts by itself (hold-down, flap damping, failback dwell)'),
  secondsLeft: z.number().int().nonnegative().optional(),
  waiting: z.array(z.string()).optional().describe('failback: the recovered regions waiting to take traffic again'),
  pinnedBy: z.string().optional(),
  regions: z.record(z.string(), healthStatus).optional().describe('fail-static / unknown-verdict: the verdicts that keep traffic where it is'),
});

export const pendingFlipView = z.object({
  id: z.string(),
  cause: z.string(),
  to: z.array(z.string()),
  actor: z.string(),
  since: epochMs,
  ageSeconds: z.number().int().nonnegative(),
  lastError: z.object({ at: epochMs, message: z.string(), attempts: z.number().int().positive() }).optional().describe('the last failed apply (e.g. Route 53 impaired); the intent stays pending'),
});

export const flipView = z.object({
  at: epochMs,
  from: z.array(z.string()),
  to: z.array(z.string()),
  reason: z.string(),
  term: z.number().int().optional(),
  actor: z.string().optional(),
});

export const pinView = z.object({
  region: z.string(),
  reason: z.string(),
  actor: z.string().optional(),
  at: epochMs,
  expiresAt: epochMs.optional(),
});

export const statusResponse = z.object({
  service: z.string(),
  generatedAt: epochMs,
  policy: z.enum(['active-passive', 'active-active']),
  flipMode: z.enum(['dns-update', 'health-signal']),
  regions: z.array(regionView),
  active: z.array(z.string()).describe('regions taking traffic'),
  weights: z.record(z.string(), z.number()),
  leader: z
    .object({ holder: z.string(), term: z.number().int(), expiresAt: epochMs.optional() })
    .nullable()
    .describe('null while no controller holds the lease'),
  routingTableVersion: z.number().int().positive().nullable().describe('version of the routing table GET /routes answers from; null before the controller publishes the first one'),
  pin: pinView.nullable(),
  lastFlip: flipView.nullable(),
  automation: automationView.optional().describe('what automation would do now and why'),
  pendingFlip: pendingFlipView.nullable().optional().describe('a recorded intent not yet applied; null when none'),
  fenceTerm: z.number().int().nonnegative().optional().describe('the highest leader term that wrote the controller state'),
  flapWindow: z.object({ flips: z.number().int().nonnegative(), max: z.number().int().positive(), windowSeconds: z.number().int().positive() }).optional().describe('flips used in the flap-damping window'),
});

export const auditEntry = z.object({
  id: z.string(),
  at: epochMs,
  action: z.string().describe('flip, failover, failback, pin, unpin, …'),
  actor: z.string(),
  reason: z.string(),
  from: z.array(z.string()).optional(),
  to: z.array(z.string()).optional(),
  term: z.number().int().optional(),
  outcome: z.string().optional(),
});

export const historyResponse = z.object({
  items: z.array(auditEntry).describe('newest first'),
  nextCursor: z.string().optional().describe('absent on the last page'),
});

export const routeResponse = z.object({
  key: z.string(),
  op: z.enum(['read', 'write']),
  target: z.string().describe('region that should serve this key: the primary for writes, the key’s first healthy region for reads'),
  fallbacks: z.array(z.string()).describe('healthy regions to try next, in order (always empty for writes)'),
  version: z.number().int().positive().describe('routing table version the answer came from'),
});

export const operatorResult = z.object({
  accepted: z.boolean(),
  message: z.string(),
  active: z.array(z.string()).optional(),
});

export const lockView = z.object({
  name: z.string(),
  held: z.boolean(),
  owner: z.string().optional(),
  token: z.number().int().optional(),
  expiresAt: epochMs.optional(),
});

export const lockGrant = z.object({
  name: z.string(),
  owner: z.string(),
  token: z.number().int(),
  expiresAt: epochMs,
});

export const signalResponse = z.object({
  region: z.string(),
  healthy: z.boolean(),
  reason: z.string(),
});

export const demoResponse = z.object({ modes: z.record(z.string(), demoMode) });

export const errorResponse = z.object({
  error: z.string().describe('machine-readable code, e.g. validation_failed'),
  message: z.string().describe('what was wrong, for humans'),
  details: z.unknown().describe('e.g. one entry per invalid field: {path, message}'),
});

export type FailoverRequest = z.output<typeof failoverRequest>;
export type PinRequest = z.output<typeof pinRequest>;
export type AcquireLockRequest = z.output<typeof acquireLockRequest>;
export type RenewLockRequest = z.output<typeof renewLockRequest>;
export type DemoMode = z.output<typeof demoMode>;
export type HealthVerdict = z.output<typeof healthStatus>;
export type StatusBody = z.output<typeof statusResponse>;
export type RegionBody = z.output<typeof regionView>;
export type AutomationBody = z.output<typeof automationView>;
export type PendingFlipBody = z.output<typeof pendingFlipView>;
export type CheckerBody = z.output<typeof checkerView>;
export type FlipBody = z.output<typeof flipView>;
export type PinBody = z.output<typeof pinView>;
export type AuditEntryBody = z.output<typeof auditEntry>;
export type HistoryBody = z.output<typeof historyResponse>;
export type RouteBody = z.output<typeof routeResponse>;
export type OperatorResultBody = z.output<typeof operatorResult>;
export type LockBody = z.output<typeof lockView>;
export type LockGrantBody = z.output<typeof lockGrant>;
export type SignalBody = z.output<typeof signalResponse>;
export type ErrorBody = z.output<typeof errorResponse>;
