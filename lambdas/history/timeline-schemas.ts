/**
 * Wire format of `GET /timeline` (the status page's swimlane as JSON, typed against the builder's
 * own types so the two cannot drift) and `GET /timeline/svg` (the same, drawn).
 */
import * as z from 'zod';
import { windowEnd } from './schemas';
import { MAX_TIMELINE_WINDOW_MS, type TimelineAnswer } from './timeline';
import { isTimeZone } from './time-axis';
import { windowLength } from './window';
import { flipCause } from './rules/events';

const epochMs = z.number().int().describe('milliseconds since the epoch');
const state = z.enum(['UP', 'DOWN', 'UNKNOWN']);
const traffic = z.record(z.string(), z.number());

/** Up to 7 days exactly, as a pattern, so the published schema admits no window the API refuses: ≤ 9999m, ≤ 168h, ≤ 7d. */
const UP_TO_7_DAYS = /^(?:[1-9]\d{0,3}m|(?:[1-9]\d?|1[0-5]\d|16[0-8])h|[1-7]d)$/;

const windowQuery = {
  window: z
    .string()
    .regex(UP_TO_7_DAYS, { message: 'expected a length of at most 7 days such as 15m, 6h or 7d' })
    .pipe(windowLength)
    .refine((ms) => ms <= MAX_TIMELINE_WINDOW_MS)
    .prefault('1h')
    .describe('window length, at most 7 days: <n>m, <n>h or <n>d'),
  end: windowEnd.optional(),
};

/** `GET /timeline` */
export const timelineQuery = z.object(windowQuery).strict();

/** `GET /timeline/svg` */
export const timelineSvgQuery = z
  .object({
    ...windowQuery,
    tz: z.string().max(64).refine(isTimeZone, { message: 'expected an IANA time zone such as UTC or Europe/Berlin' }).default('UTC').describe('the viewer’s time zone, labelled beside UTC'),
  })
  .strict();

const bandSchema = z
  .object({
    start: epochMs,
    end: epochMs,
    state,
    since: epochMs.describe('when this state began (before start when before the window)'),
    reason: z.string().optional(),
  })
  .strict();

const laneSchema = z
  .object({
    kind: z.enum(['verdict', 'checker']),
    checker: z.string().optional(),
    source: z.enum(['events', 'live', 'none']).describe('events: recorded changes; live: no change recorded, the live state throughout; none: nothing known'),
    truncated: z.boolean(),
    bands: z.array(bandSchema).describe('oldest first; they never overlap'),
  })
  .strict();

const markerSchema = z
  .object({
    at: epochMs.describe('commit, or intent while pending'),
    kind: z.enum(['flip', 'drill']),
    flipId: z.string(),
    cause: flipCause,
    from: traffic,
    to: traffic,
    actor: z.string(),
    reason: z.string().optional(),
    drillId: z.string().optional(),
    intentAt: epochMs,
    completedAt: epochMs.optional(),
    movedAt: epochMs.optional(),
    state: z.enum(['completed', 'pending']),
  })
  .strict();

export const timelineResponse: z.ZodType<TimelineAnswer> = z
  .object({
    window: z.object({ start: epochMs, end: epochMs }).strict(),
    generatedAt: epochMs,
    regions: z.array(z.object({ region: z.string(), lanes: z.array(laneSchema).describe('quorum first, then one per checker region') }).strict()),
    markers: z.array(markerSchema),
    truncated: z.boolean().describe('bands or markers were left out to bound the answer'),
    data: z.object({ events: z.number().int(), skipped: z.number().int(), since: epochMs }).strict(),
  })
  .strict();
