/**
 * Wire format of the history's API routes, in zod (the API mounts these and documents them in
 * OpenAPI): `GET /incidents`, `GET /report?window=…`, `GET /drills/{id}`. The response schemas are
 * typed against the builders' own types, so the two cannot drift.
 */
import * as z from 'zod';
import type { HistoryReport } from './report';
import type { Incident } from './rules/incidents';
import type { AvailabilityFigures } from './rules/availability';
import type { ModelFigures } from './rules/model';
import type { FlipRecord } from './rules/flips';
import type { DrillReport } from './rules/drill-report';
import { drillStepName, flipCause } from './rules/events';
import { windowLength } from './window';
import { regionName } from '../config/schema';

const epochMs = z.number().int().describe('milliseconds since the epoch');
const seconds = z.number().describe('seconds');
const fraction = z.number().min(0).max(1);
const traffic = z.record(z.string(), z.number());
const flipMode = z.enum(['health-signal', 'dns-update']);

/* ----------------------------------------------------------------------------------------------
 * Requests
 * -------------------------------------------------------------------------------------------- */

export const windowEnd = z.iso
  .datetime({ offset: true })
  .transform((s) => Date.parse(s))
  .describe('end of the window (ISO 8601); default now');

export const reportQuery = z
  .object({
    window: windowLength.prefault('30d'),
    end: windowEnd.optional(),
    format: z.enum(['json', 'markdown']).default('json').describe('markdown: the report rendered for people'),
  })
  .strict();

export const incidentsQuery = z
  .object({
    window: windowLength.prefault('30d'),
    end: windowEnd.optional(),
    region: regionName.optional().describe('only this app region’s incidents'),
  })
  .strict();

export const drillParams = z.object({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'expected a drill id' }) }).strict();

/* ----------------------------------------------------------------------------------------------
 * Responses
 * -------------------------------------------------------------------------------------------- */

const windowSchema = z.object({ start: epochMs, end: epochMs }).strict();

export const incidentSchema: z.ZodType<Incident> = z
  .object({
    id: z.string(),
    region: z.string(),
    startedAt: epochMs.describe('first failed probe'),
    startEstimated: z.boolean().describe('no checker recorded its first failed probe; estimated from the detection time'),
    firstChecker: z.string().optional(),
    detectedAt: epochMs.describe('quorum DOWN'),
    decidedAt: epochMs.optional().describe('intent of the first flip that took the region out of service'),
    completedAt: epochMs.optional(),
    movedAt: epochMs.optional().describe('traffic moved (see movedMeans)'),
    endedAt: epochMs.optional().describe('quorum UP again'),
    open: z.boolean(),
    serving: z.boolean().describe('the region served traffic when the outage began'),
    detect_s: seconds,
    decide_s: seconds.nullable(),
    flip_s: seconds.nullable(),
    rto_s: seconds.nullable().describe('first failed probe → traffic moved'),
    movedMeans: z.string().nullable(),
    flipMode: flipMode.nullable(),
    downtime_s: seconds.describe('time within the incident when no serving region was available'),
    duration_s: seconds,
    flips: z.array(z.string()),
  })
  .strict();

const budgetSchema = z.object({ slo: fraction, allowed_s: seconds, used_s: seconds, remaining_s: seconds, remaining_fraction: z.number() }).strict();

export const availabilitySchema: z.ZodType<AvailabilityFigures> = z
  .object({
    window_s: seconds,
    downtime_s: seconds,
    uptime_s: seconds,
    failures: z.number().int().nonnegative(),
    openAtEnd: z.boolean(),
    mtbf_s: seconds.nullable().describe('null: no failure in the window'),
    mttr_s: seconds.nullable(),
    availability: fraction.describe('MTBF / (MTBF + MTTR)'),
    measured_uptime: fraction,
    nines: z.number().nullable().describe('−log10(1 − availability); null: unbounded'),
    budget: budgetSchema,
  })
  .strict();

const expectedSchema = z.object({ availability: fraction, nines: z.number().nullable(), downtime_s_per_30d: seconds }).strict();

export const modelSchema: z.ZodType<ModelFigures> = z
  .object({
    regionCount: z.number().int(),
    failures: z.number().int(),
    failureRatePerDay: z.number().nullable(),
    mttr_s: seconds.nullable(),
    rto_s: seconds,
    rtoSource: z.enum(['measured', 'configured']),
    singleRegion: expectedSchema,
    withFailover: expectedSchema,
    downtimeReduction: z.number().nullable(),
  })
  .strict();

export const flipRecordSchema: z.ZodType<FlipRecord> = z
  .object({
    flipId: z.string(),
    cause: flipCause,
    from: traffic,
    to: traffic,
    actor: z.string(),
    trigger: z.string().optional(),
    drillId: z.string().optional(),
    mode: flipMode.optional(),
    intentAt: epochMs,
    appliedAt: epochMs.optional(),
    completedAt: epochMs.optional(),
    movedAt: epochMs.optional(),
    state: z.enum(['completed', 'pending']),
  })
  .strict();

export const reportResponse: z.ZodType<HistoryReport> = z
  .object({
    service: z.string(),
    generatedAt: epochMs,
    slo: fraction,
    policy: z.enum(['active-passive', 'active-active']),
    flipMode,
    window: windowSchema,
    incidents: z.array(incidentSchema),
    flips: z.array(flipRecordSchema),
    availability: z.object({ service: availabilitySchema, regions: z.record(z.string(), availabilitySchema) }).strict(),
    model: modelSchema,
    data: z.object({ events: z.number().int(), skipped: z.number().int(), since: epochMs }).strict(),
  })
  .strict();

export const incidentsResponse = z
  .object({
    service: z.string(),
    window: windowSchema,
    incidents: z.array(incidentSchema).describe('newest first'),
  })
  .strict();

export type IncidentsResponse = z.infer<typeof incidentsResponse>;

const drillLegSchema = z
  .object({
    decidedAt: epochMs.describe('the drill decided to move'),
    flipId: z.string().optional(),
    intentAt: epochMs.optional(),
    completedAt: epochMs.optional(),
    movedAt: epochMs.optional().describe('traffic moved (per flip mode)'),
    mode: flipMode.optional(),
  })
  .strict();

export const drillReportSchema: z.ZodType<DrillReport> = z
  .object({
    id: z.string(),
    target: z.string(),
    home: traffic,
    reason: z.string(),
    actor: z.string(),
    duration_s: seconds,
    requestedAt: epochMs,
    finishedAt: epochMs.optional(),
    outcome: z.enum(['refused', 'returned', 'stayed', 'failed', 'running']),
    aborted: z.boolean().describe('returned before its time was up'),
    code: z.string(),
    detail: z.string(),
    steps: z.array(z.object({ seq: z.number().int(), step: drillStepName, at: epochMs, code: z.string(), detail: z.string(), flipId: z.string().optional() }).strict()),
    rto: z.object({ out_s: seconds.nullable(), back_s: seconds.nullable() }).strict().describe('decision → traffic moved, each way'),
    legs: z.object({ out: drillLegSchema.nullable(), back: drillLegSchema.nullable() }).strict().describe('each leg: decided → intent → committed → traffic moved'),
    onTarget_s: seconds.nullable(),
    problems: z.array(z.string()),
  })
  .strict();

/** `GET /drills/{id}` (404 when unknown). */
export const drillResponse = drillReportSchema;
