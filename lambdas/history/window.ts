/**
 * Report windows as people write them: `30d`, `12h`, `90m`, ending now or at a given instant.
 * Used by the API's query schemas (schemas.ts) and the CLI.
 */
import * as z from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The longest window a report reads at once (one Query per day). */
export const MAX_WINDOW_DAYS = 400;

export const windowLength = z
  .string()
  .regex(/^[1-9]\d{0,5}[mhd]$/, { message: 'expected a length such as 30d, 12h or 90m' })
  .transform((text) => Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1) as keyof typeof UNIT_MS])
  .refine((ms) => ms <= MAX_WINDOW_DAYS * UNIT_MS.d, { message: `expected at most ${MAX_WINDOW_DAYS} days` })
  .describe('window length: <n>d, <n>h or <n>m');
