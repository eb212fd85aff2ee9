/** Wire format of the drill routes: `POST /drills`, `POST /drills/{id}/abort`, `GET /drills/{id}` (answers: the history's drill report). */
import * as z from 'zod';
import { historySchemas, type DrillReport } from '../history';
import { reason, regionName } from './schemas';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
export const MIN_DRILL_SECONDS = 10;
export const MAX_DRILL_SECONDS = 24 * 3600;

/** What the CLI accepts for `--duration` (the API takes whole seconds). */
export const drillDuration = z
  .string()
  .regex(/^[1-9]\d{0,5}[smh]$/, { message: 'expected a duration such as 20s, 10m or 1h' })
  .transform((text) => Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1) as keyof typeof UNIT_MS])
  .refine((ms) => ms >= MIN_DRILL_SECONDS * 1000 && ms <= MAX_DRILL_SECONDS * 1000, { message: 'expected between 10s and 24h' })
  .describe('how long traffic stays on the target: <n>s, <n>m or <n>h (10s–24h)');

export const startDrillRequest = z
  .object({
    to: regionName.describe('app region that takes all traffic during the drill'),
    durationSeconds: z.number().int().min(MIN_DRILL_SECONDS).max(MAX_DRILL_SECONDS).describe('how long traffic stays on the target, in seconds (10 s–24 h)'),
    reason: reason.describe('why; recorded in the audit trail and the drill report'),
  })
  .strict();

export const abortDrillRequest = z.object({ reason: reason.describe('why the drill stops early') }).strict();

export const drillQuery = z.object({ format: z.enum(['json', 'markdown']).default('json').describe('markdown: the report rendered for people') }).strict();

export const drillParams = historySchemas.drillParams;
export const drillReportResponse = historySchemas.drillResponse;

/** `details` of a 409 from `POST /drills`: the pre-check that refused and the refused drill's report. */
export const drillRefusalDetails = z.object({ code: z.string(), drill: drillReportResponse }).strict();

export type DrillReportBody = DrillReport;
