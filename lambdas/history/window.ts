/**
 * Report windows as people write them: `30d`, `12h`, `90m`, ending now or at a given instant.
 * Used by the API's query schemas (schemas.ts) and the CLI.
 */
import * as z from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The longest window a report reads at once (one Query per day). */
export const MAX_WINDOW_DAYS = 400;

/**
 * 1–400 days, 1–9600 hours or 1–576000 minutes, spelled out in the pattern itself so the published
 * schema (OpenAPI) says exactly what is accepted.
 */
const LENGTH = /^(?:(?:[1-9]\d?|[1-3]\d\d|400)d|(?:[1-9]\d{0,2}|[1-8]\d{3}|9[0-5]\d\d|9600)h|(?:[1-9]\d{0,4}|[1-4]\d{5}|5[0-6]\d{4}|57[0-5]\d{3}|576000)m)$/;

export const windowLength = z
  .string()
  .regex(LENGTH, { message: `expected a length such as 30d, 12h or 90m, at most ${MAX_WINDOW_DAYS} days` })
  .transform((text) => Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1) as keyof typeof UNIT_MS])
  .refine((ms) => ms <= MAX_WINDOW_DAYS * UNIT_MS.d, { message: `expected at most ${MAX_WINDOW_DAYS} days` })
  .describe('window length: <n>d, <n>h or <n>m');
