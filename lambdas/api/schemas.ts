/**
 * The API's wire format, defined once with zod: request validation, the response types the
 * service ports return, and `GET /openapi.json` all come from these schemas.
 */
import * as z from 'zod';
import { regionName } from '../config/schema';
import { CURSOR_PATTERN } from './history-cursor';

export { regionName };

const epochMs = z.number().int().nonnegative().describe('milliseconds since the epoch');

/** Longest reason recorded in the audit trail. */
export const MAX_REASON_LENGTH = 500;
/**
 * Limited as sent (the published schema says exactly this: at most 500 characters, at least one
 * that is not white space), then trimmed before it is recorded.
 */
export const reason = z.string().max(MAX_REASON_LENGTH).regex(/\S/, { message: 'expected a non-empty reason' }).trim();
const force = z.boolean().default(false).describe('move traffic even into a region without an UP quorum verdict (the readiness gate); never into nothing');

/* ----------------------------------------------------------------------------------------------
 * Requests
 * -------------------------------------------------------------------------------------------- */

export const failoverRequest = z
  .object({
    to: regionName.describe('app region that should take traffic'),
    reason: reason.describe('why; recorded in the audit trail'),
    force,
  })
  .strict();

export const failbackRequest = z.object({ reason, force }).strict();

export const pinRequest = z
  .object({
    region: regionName.describe('app region to pin traffic to; the controller will not flip away from it'),
    reason,
    force,
  })
  .strict();

export const unpinQuery = z.object({ reason: reason.optional() }).strict();

export const lockName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, { message: 'expected 1–128 letters, digits, ".", "_", ":" or "-"' });

export const acquireLockRequest = z
  .object({
    owner: z
      .string()
      .max(200)
      .regex(/\S/, { message: 'expected a non-empty owner' })
      // eslint-disable-next-line no-control-regex -- exactly what is refused
      .regex(/^[^\u0000-\u001f\u007f]*$/, { message: 'expected no control characters' })
      .trim()
      .describe('who holds the lock; shown to others (at most 200 characters, no control characters)'),
    leaseMs: z.number().int().min(1000).max(300_000).describe('lease length; renew before it runs out'),
    waitMs: z.number().int().min(0).max(8_000).default(0).describe('how long to wait for a held lock (the API function times out after 10 s)'),
  })
  .strict();

const fencingToken = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('fencing token returned by acquire');
const leaseSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, { message: 'expected the 43-character lease secret returned by acquire' })
  .describe('lease secret returned (once) by acquire; proves you are the holder');

export const renewLockRequest = z
  .object({
    token: fencingToken,
    secret: leaseSecret,
    leaseMs: z.number().int().min(1000).max(300_000).optional().describe('new lease length; default: the one acquired with'),
  })
  .strict();

/** In the body only: a secret in a query string would end up in access logs. */
export const releaseLockRequest = z.object({ token: fencingToken, secret: leaseSecret }).strict();

export const routeQuery = z.object({ op: z.enum(['read', 'write']).default('read') }).strict();

export const routeKeyParam = z.string().min(1).max(1024);

export const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(new RegExp(CURSOR_PATTERN), { message: 'expected the nextCursor of a previous page, unchanged' })
      .optional()
      .describe('nextCursor of the previous page, unchanged (opaque; one the API did not hand out is a 400)'),
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
  streaks: z
    .array(z.object({ checker: z.string(), count: z.number().int().positive(), threshold: z.number().int().positive() }))
    .describe('checkers still counting: consecutive failures (toward DOWN) or successes (toward UP) of the threshold'),
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

/** A leader term's number for people (`term #7`), next to its fencing token `term`. */
const termNumber = z
  .number()
  .int()
  .nonnegative()
  .describe(
    'the term’s number for people: 1 for the first controller leadership, +1 per change of leader, no gaps (0: a leader record older than term numbers); the fencing token `term` is what fences writes',
  );

export const flipView = z.object({
  at: epochMs,
  from: z.array(z.string()),
  to: z.array(z.string()),
  reason: z.string(),
  term: z.number().int().optional(),
  termNumber: termNumber.optional(),
  actor: z.string().optional(),
});

export const pinView = z.object({
  region: z.string(),
  reason: z.string(),
  actor: z.string().optional(),
  at: epochMs,
  expiresAt: epochMs.optional(),
});

export const dnsAnswerView = z
  .object({
    name: z.string().describe('the service record, as configured (dns.recordName)'),
    type: z.enum(['A', 'AAAA', 'CNAME']),
    values: z.array(z.string()).describe('what the name server answers now (weighted records: every value a query may get); empty when it answers no record of this type'),
    since: z.iso.datetime().describe('when the answer last changed (or was first read)'),
    source: z.enum(['local-dns']).describe("who answered: local mode's emulated Route 53 data plane"),
  })
  .describe('what DNS answers for the service record now');

export const statusResponse = z.object({
  service: z.string(),
  generatedAt: epochMs,
  policy: z.enum(['active-passive', 'active-active']),
  flipMode: z.enum(['dns-update', 'health-signal']),
  regions: z.array(regionView),
  active: z.array(z.string()).describe('regions taking traffic'),
  weights: z.record(z.string(), z.number()),
  leader: z
    .object({ holder: z.string(), term: z.number().int().describe('fencing token of the leader’s term'), termNumber: termNumber.optional(), expiresAt: epochMs.optional() })
    .nullable()
    .describe('null while no controller holds the lease'),
  routingTableVersion: z.number().int().positive().nullable().describe('version of the routing table GET /routes answers from; null before the controller publishes the first one'),
  pin: pinView.nullable(),
  lastFlip: flipView.nullable(),
  automation: automationView.optional().describe('what automation would do now and why'),
  pendingFlip: pendingFlipView.nullable().optional().describe('a recorded intent not yet applied; null when none'),
  fenceTerm: z.number().int().nonnegative().optional().describe('the highest leader term that wrote the controller state'),
  fenceTermNumber: termNumber.optional(),
  flapWindow: z
    .object({ flips: z.number().int().nonnegative(), max: z.number().int().positive(), windowSeconds: z.number().int().positive() })
    .optional()
    .describe('flips used in the flap-damping window'),
  dnsAnswer: dnsAnswerView
    .nullable()
    .optional()
    .describe("sent by every API of this version; null when no DNS data plane is observable: in AWS the API cannot ask Route 53's resolvers what users get (ask one: dig)"),
});

export const flipTimings = z
  .object({
    firstFailedProbeAt: epochMs.optional().describe('earliest failed probe of the outage that led to the flip, when the checkers still had it'),
    quorumDownAt: epochMs.optional().describe('when a quorum of checker regions agreed the region was DOWN'),
    intentAt: epochMs.describe('phase 1: the flip was recorded'),
    appliedAt: epochMs.optional().describe('phase 2: DNS or the health signal was changed'),
    completedAt: epochMs.optional().describe('phase 3: the flip was completed and audited'),
  })
  .describe('flips only: what happened when, from the first failed probe to completion');

export const auditEntry = z.object({
  id: z.string(),
  at: epochMs,
  action: z.string().describe('flip, failover, failback, pin, unpin, …'),
  actor: z.string(),
  reason: z.string(),
  from: z.array(z.string()).optional(),
  to: z.array(z.string()).optional(),
  term: z.number().int().optional().describe('fencing token of the controller term the entry was written under'),
  termNumber: termNumber.optional(),
  outcome: z.string().optional(),
  timings: flipTimings.optional(),
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

export const regionReadiness = z.object({
  region: z.string(),
  verdict: healthStatus,
  serving: z.boolean().describe('takes traffic now'),
  checkersUp: z.number().int().nonnegative().describe('checker regions with a fresh UP observation'),
  quorum: z.number().int().positive().describe('checker regions needed for an UP verdict'),
  upInSeconds: z.number().int().nonnegative().nullable().describe('0 when UP; an estimate while its probes succeed again; null while they still fail'),
  detail: z.string(),
});

/** `details` of a 409 refusal because a region is not UP (`problem: not-ready` or `no-healthy-target`). */
export const notReadyDetails = z.object({
  problem: z.enum(['not-ready', 'no-healthy-target']),
  regions: z.array(regionReadiness).describe('every app region, in policy order'),
});

export const lockView = z.object({
  name: z.string(),
  held: z.boolean(),
  owner: z.string().optional(),
  token: z.number().int().optional(),
  expiresAt: epochMs.optional(),
});

const grantFields = {
  name: z.string(),
  owner: z.string(),
  token: z.number().int().describe('fencing token: public, carried by fenced writes'),
  leaseMs: z.number().int().describe('lease length: renew well before it runs out, counting from when you sent the request'),
  expiresAt: epochMs.describe('the lease holds until at least this time (server clock): the send time of the write plus the lease, less a clock-drift margin'),
};

export const lockAcquired = z.object({
  ...grantFields,
  leaseSecret: z.string().describe('shown only here: renew and release need it; GET shows only the fencing token'),
});

export const lockRenewed = z.object(grantFields);

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
export type FlipTimingsBody = z.output<typeof flipTimings>;
export type RegionReadinessBody = z.output<typeof regionReadiness>;
export type NotReadyDetailsBody = z.output<typeof notReadyDetails>;
export type HistoryBody = z.output<typeof historyResponse>;
export type RouteBody = z.output<typeof routeResponse>;
export type OperatorResultBody = z.output<typeof operatorResult>;
export type LockBody = z.output<typeof lockView>;
export type LockAcquiredBody = z.output<typeof lockAcquired>;
export type LockRenewedBody = z.output<typeof lockRenewed>;
export type SignalBody = z.output<typeof signalResponse>;
export type DnsAnswerBody = z.output<typeof dnsAnswerView>;
export type ErrorBody = z.output<typeof errorResponse>;
