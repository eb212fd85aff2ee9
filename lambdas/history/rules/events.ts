/**
 * The event history's vocabulary: what is recorded, by whom, and the zod schemas that check an
 * event before it is written and again when it is read back (a malformed item is skipped and
 * counted, never allowed to break a report). Pure data: no I/O here.
 *
 * Every event is written once, by the component that observed it, under a deterministic key
 * (`rules/keys.ts`), so a retry, a roll-forward or a second observer writing the same fact is a
 * no-op:
 *
 * | kind             | written by                              | identity (key)                         |
 * |------------------|-----------------------------------------|----------------------------------------|
 * | `checker-state`  | the checker that changed state          | region, checker, new state, `at`       |
 * | `verdict`        | the leader controller (each tick)       | region, verdict, `at` (quorum's since) |
 * | `flip-intent`    | whoever records the intent (phase 1)    | flip id, phase, intent time            |
 * | `flip-applied`   | whoever applies it (phase 2)            | flip id, phase, intent time            |
 * | `flip-completed` | whoever completes it (phase 3)          | flip id, phase, intent time            |
 * | `drill-step`     | the drill runner                        | drill id, step number                  |
 */
import * as z from 'zod';

const epochMs = z.number().int().nonnegative().describe('milliseconds since the epoch');
const name = z.string().min(1).max(128);
const status = z.enum(['UP', 'DOWN', 'UNKNOWN']);
const traffic = z.record(z.string(), z.number().int().min(0).max(255)).describe('traffic weight per app region; > 0 serves');
const flipMode = z.enum(['health-signal', 'dns-update']);

/** One checker region's word at the moment of a verdict transition. */
export const checkerVoteSchema = z
  .object({
    checker: name,
    state: status.optional().describe('absent when the checker has never written'),
    freshness: z.enum(['fresh', 'stale', 'missing', 'future']).describe('only fresh observations vote'),
  })
  .strict();

/**
 * One checker region's hysteresis state for one app region changed. A change to DOWN carries the
 * first failed probe of the run that crossed the threshold: the first failed probe that began the
 * outage, as this checker saw it.
 */
export const checkerStateEventSchema = z
  .object({
    kind: z.literal('checker-state'),
    region: name,
    checker: name,
    from: status,
    to: status,
    /** The change (the checker's `stateSince`). */
    at: epochMs,
    /** Start of the probe run that crossed the threshold: for DOWN the first failed probe, for UP the first good one. */
    streakStartedAt: epochMs,
    /** True when the run began before this checker invocation and its start was computed from the count × interval. */
    streakStartEstimated: z.boolean(),
    /** Why the crossing probe failed (DOWN only), e.g. `status` / `status 503 (expected 200–299)`. */
    failure: z
      .object({ reason: z.string().max(64), detail: z.string().max(500) })
      .strict()
      .optional(),
  })
  .strict();

/** The quorum verdict about one app region changed, with each checker's vote at that moment. */
export const verdictEventSchema = z
  .object({
    kind: z.literal('verdict'),
    region: name,
    status,
    /**
     * Since when the verdict holds: for UP/DOWN the moment the quorum-th checker reached it (the
     * same value in every evaluator, so the key is deterministic); for UNKNOWN the evaluation time.
     */
    at: epochMs,
    /** When the evaluator saw it (≥ at); the votes are as of this moment. */
    evaluatedAt: epochMs,
    reason: z.string().max(1000),
    checkers: z.array(checkerVoteSchema).max(32),
    /** Who evaluated, e.g. `controller@us-east-1 (term 7)`. */
    by: z.string().max(200),
  })
  .strict();

const flipIdentity = {
  flipId: name,
  /** The intent's time: part of every phase's key, so a retried phase writes the same item. */
  intentAt: epochMs,
};

export const flipCause = z.enum(['failover', 'failback', 'pin', 'unpin', 'manual-failover', 'manual-failback', 'drill', 'drill-return']);

/** Phase 1 of a flip: the intent was recorded. */
export const flipIntentEventSchema = z
  .object({
    kind: z.literal('flip-intent'),
    ...flipIdentity,
    at: epochMs,
    cause: flipCause,
    from: traffic,
    to: traffic,
    actor: z.string().max(200),
    trigger: z.string().max(64),
    term: z.number().int().nonnegative(),
    /** The term's number for people (`term #7`), next to the fencing token `term`; absent in older events. */
    termNumber: z.number().int().nonnegative().optional(),
    reason: z.string().max(1000),
    drillId: name.optional(),
  })
  .strict();

/** Phase 2: the traffic split was applied (dns-update: Route 53 reported INSYNC; health-signal: nothing to do). */
export const flipAppliedEventSchema = z
  .object({
    kind: z.literal('flip-applied'),
    ...flipIdentity,
    at: epochMs,
    mode: flipMode,
    changed: z.boolean(),
    changeId: z.string().max(128).optional(),
  })
  .strict();

/** Phase 3: the flip was committed to the controller state. Self-contained, so reports need only this one. */
export const flipCompletedEventSchema = z
  .object({
    kind: z.literal('flip-completed'),
    ...flipIdentity,
    at: epochMs,
    appliedAt: epochMs,
    mode: flipMode,
    cause: flipCause,
    from: traffic,
    to: traffic,
    actor: z.string().max(200),
    drillId: name.optional(),
  })
  .strict();

export const drillStepName = z.enum(['requested', 'refused', 'moving-out', 'moved-out', 'watching', 'returning', 'returned', 'stayed', 'failed']);

/** One step of a practice failover; the runner numbers its steps, so a retried write is the same item. */
export const drillStepEventSchema = z
  .object({
    kind: z.literal('drill-step'),
    drillId: name,
    seq: z.number().int().min(0).max(999),
    step: drillStepName,
    at: epochMs,
    /** The hold/abort code of the decision that led to this step (e.g. `duration-elapsed`, `target-down`). */
    code: z.string().max(64),
    /** One line for people. */
    detail: z.string().max(1000),
    /** The flip this step started or finished, with its timings once completed. */
    flip: z.object({ flipId: name, intentAt: epochMs, appliedAt: epochMs.optional(), completedAt: epochMs.optional(), mode: flipMode.optional() }).strict().optional(),
    /** Set on `requested`: what the drill is. */
    plan: z
      .object({ target: name, home: traffic, durationMs: z.number().int().positive(), reason: z.string().max(500), actor: z.string().max(200) })
      .strict()
      .optional(),
  })
  .strict();

export const historyEventSchema = z.discriminatedUnion('kind', [
  checkerStateEventSchema,
  verdictEventSchema,
  flipIntentEventSchema,
  flipAppliedEventSchema,
  flipCompletedEventSchema,
  drillStepEventSchema,
]);

export type CheckerVote = z.infer<typeof checkerVoteSchema>;
export type CheckerStateEvent = z.infer<typeof checkerStateEventSchema>;
export type VerdictEvent = z.infer<typeof verdictEventSchema>;
export type FlipIntentEvent = z.infer<typeof flipIntentEventSchema>;
export type FlipAppliedEvent = z.infer<typeof flipAppliedEventSchema>;
export type FlipCompletedEvent = z.infer<typeof flipCompletedEventSchema>;
export type DrillStepEvent = z.infer<typeof drillStepEventSchema>;
export type DrillStepName = z.infer<typeof drillStepName>;
export type HistoryEvent = z.infer<typeof historyEventSchema>;
export type HistoryEventKind = HistoryEvent['kind'];
export type FlipMode = z.infer<typeof flipMode>;
export type FlipCauseName = z.infer<typeof flipCause>;
