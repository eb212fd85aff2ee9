/**
 * SVG as escaped markup: Hono's `html` tagged template escapes every interpolated string (`& < > " '`),
 * so a recorded reason or a region name can never become markup; nested `svg` fragments and arrays
 * of them are inserted as they are. Numbers are inserted as written (round them with `px`).
 */
import { html } from 'hono/html';

export type Markup = Exclude<ReturnType<typeof html>, Promise<unknown>>;
type Value = string | number | Markup | readonly Markup[] | undefined | false;

export function svg(strings: TemplateStringsArray, ...values: readonly Value[]): Markup {
  const out = html(strings, ...values);
  // Only promises make Hono's template asynchronous, and `Value` admits none.
  if (out instanceof Promise) throw new TypeError('svg markup got a promise');
  return out;
}

/** A coordinate to one decimal: enough for a screen, and small markup. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}
