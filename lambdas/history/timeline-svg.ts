/**
 * The swimlane as one self-contained SVG (no scripts, no external references, colours as
 * attributes): per region a quorum lane and a lane per checker, state bands coloured UP / DOWN /
 * UNKNOWN, flips and drills as vertical markers, a time axis labelled in UTC and in the viewer's
 * zone, and a "now" line. Every band and marker carries a <title> (the browser's hover text) with
 * its times and recorded cause; all text goes through `svg`, which escapes it.
 */
import { duration, trafficText } from './markdown';
import type { Band, Lane, RegionLanes, Timeline, TimelineMarker } from './rules/timeline';
import { axisTicks, clockLabel, zoneLabel, zoneOffset } from './time-axis';
import { px, svg, type Markup } from './svg-markup';

export interface SwimlaneOptions {
  /** IANA zone of the viewer; the axis shows UTC and this. */
  readonly timeZone: string;
  /** Where the "now" line goes. @default the window's end */
  readonly now?: number;
  /** @default 1000 (the SVG scales to its container; this is the viewBox width) */
  readonly width?: number;
}

/** Geometry in viewBox units. */
export const LAYOUT = {
  labelWidth: 150,
  rightMargin: 12,
  markerRow: 18,
  regionHeader: 18,
  laneHeight: 14,
  laneGap: 3,
  regionGap: 8,
  axisHeight: 34,
} as const;

export const COLOURS = {
  UP: '#1a7f37',
  DOWN: '#cf222e',
  UNKNOWN: '#9a6700',
  empty: '#eaeef2',
  flip: '#0969da',
  drill: '#8250df',
  now: '#24292f',
  grid: '#d0d7de',
  text: '#1f2328',
  muted: '#57606a',
} as const;

interface Frame {
  readonly timeline: Timeline;
  readonly timeZone: string;
  readonly x: (ms: number) => number;
  readonly plotRight: number;
  readonly withDay: boolean;
}

function laneName(lane: Lane): string {
  return lane.kind === 'verdict' ? 'quorum' : `from ${lane.checker ?? '?'}`;
}

/** `14:02:11 UTC` or `14:02:11 UTC / 15:02:11 Europe/Berlin (GMT+1)`. */
function instant(frame: Frame, ms: number): string {
  const utc = `${clockLabel(ms, 'UTC', 'seconds')} UTC`;
  return frame.timeZone === 'UTC' ? utc : `${utc} / ${clockLabel(ms, frame.timeZone, 'seconds')} ${zoneLabel(frame.timeZone, ms)}`;
}

function bandTitle(frame: Frame, region: string, lane: Lane, band: Band): string {
  const since = band.since < band.start ? ` (since ${instant(frame, band.since)})` : '';
  const why = band.reason === undefined || band.reason === '' ? '' : ` — ${band.reason}`;
  return `${region} ${laneName(lane)}: ${band.state} from ${instant(frame, band.start)}${since} to ${instant(frame, band.end)}, ${duration((band.end - band.start) / 1000)}${why}`;
}

function renderLane(frame: Frame, region: string, lane: Lane, y: number): Markup {
  const { x } = frame;
  const left = x(frame.timeline.window.start);
  const bands = lane.bands.map(
    (band) =>
      svg`<rect class="band" data-state="${band.state}" x="${px(x(band.start))}" y="${px(y)}" width="${px(Math.max(x(band.end) - x(band.start), 0.5))}" height="${LAYOUT.laneHeight}" fill="${COLOURS[band.state]}"><title>${bandTitle(frame, region, lane, band)}</title></rect>`,
  );
  const note = lane.source === 'none' ? ' (nothing recorded)' : lane.source === 'live' ? ' (no change recorded)' : '';
  return svg`<g class="lane" data-region="${region}" data-lane="${lane.kind === 'verdict' ? 'quorum' : (lane.checker ?? '')}" data-source="${lane.source}"><text x="${LAYOUT.labelWidth - 6}" y="${px(y + LAYOUT.laneHeight - 3)}" text-anchor="end" font-size="11" fill="${COLOURS.muted}">${laneName(lane)}${note}</text><rect x="${px(left)}" y="${px(y)}" width="${px(frame.plotRight - left)}" height="${LAYOUT.laneHeight}" fill="${COLOURS.empty}"/>${bands}</g>`;
}

function regionHeight(region: RegionLanes): number {
  return LAYOUT.regionHeader + region.lanes.length * (LAYOUT.laneHeight + LAYOUT.laneGap);
}

function renderRegion(frame: Frame, region: RegionLanes, top: number): Markup {
  const lanes = region.lanes.map((lane, i) => renderLane(frame, region.region, lane, top + LAYOUT.regionHeader + i * (LAYOUT.laneHeight + LAYOUT.laneGap)));
  return svg`<g class="region" data-region="${region.region}"><text x="4" y="${px(top + 13)}" font-size="13" font-weight="600" fill="${COLOURS.text}">${region.region}</text>${lanes}</g>`;
}

function markerTitle(frame: Frame, m: TimelineMarker): string {
  const what = m.kind === 'drill' ? `drill ${m.cause}${m.drillId === undefined ? '' : ` ${m.drillId}`}` : m.cause;
  const when = m.state === 'pending' ? `pending since ${instant(frame, m.intentAt)}` : `committed ${instant(frame, m.at)}`;
  const moved = m.movedAt === undefined ? '' : `; traffic moved ${instant(frame, m.movedAt)}`;
  const why = m.reason === undefined ? '' : ` — ${m.reason}`;
  return `${what}: ${trafficText(m.from)} → ${trafficText(m.to)}, ${when}${moved}, by ${m.actor}${why}`;
}

function renderMarker(frame: Frame, m: TimelineMarker, bottom: number): Markup {
  const cx = px(frame.x(m.at));
  const colour = m.kind === 'drill' ? COLOURS.drill : COLOURS.flip;
  const head = m.kind === 'drill' ? `M${cx} 3 L${px(cx + 6)} 9 L${cx} 15 L${px(cx - 6)} 9 Z` : `M${px(cx - 6)} 3 L${px(cx + 6)} 3 L${cx} 14 Z`;
  return svg`<g class="marker" data-kind="${m.kind}" data-flip-id="${m.flipId}" data-at="${m.at}"><title>${markerTitle(frame, m)}</title><line x1="${cx}" y1="14" x2="${cx}" y2="${px(bottom)}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="${m.state === 'pending' ? '3 2' : 'none'}"/><path d="${head}" fill="${colour}"/></g>`;
}

function renderAxis(frame: Frame, top: number, bottom: number): Markup {
  const { window } = frame.timeline;
  const detail = frame.withDay ? 'day' : 'minutes';
  const local = frame.timeZone !== 'UTC';
  const ticks = axisTicks(window).map((t) => {
    const tx = px(frame.x(t));
    const localLabel = local ? svg`<text x="${tx}" y="${px(bottom + 27)}" text-anchor="middle" font-size="10" fill="${COLOURS.muted}">${clockLabel(t, frame.timeZone, detail)}</text>` : '';
    return svg`<g class="tick" data-at="${t}"><line x1="${tx}" y1="${px(top)}" x2="${tx}" y2="${px(bottom + 3)}" stroke="${COLOURS.grid}" stroke-width="0.5"/><text x="${tx}" y="${px(bottom + 14)}" text-anchor="middle" font-size="10" fill="${COLOURS.text}">${clockLabel(t, 'UTC', detail)}</text>${localLabel}</g>`;
  });
  const zoneLine = local
    ? svg`<text class="zone" x="${LAYOUT.labelWidth - 6}" y="${px(bottom + 27)}" text-anchor="end" font-size="10" fill="${COLOURS.muted}"><title>${zoneLabel(frame.timeZone, window.end)}</title>${zoneOffset(frame.timeZone, window.end)}</text>`
    : '';
  return svg`<g class="axis"><text class="zone" x="${LAYOUT.labelWidth - 6}" y="${px(bottom + 14)}" text-anchor="end" font-size="10" fill="${COLOURS.text}">UTC</text>${zoneLine}${ticks}</g>`;
}

function renderNow(frame: Frame, now: number, bottom: number): Markup | '' {
  const { window } = frame.timeline;
  if (now < window.start || now > window.end) return '';
  const nx = px(frame.x(now));
  return svg`<g class="now" data-at="${now}"><title>now: ${instant(frame, now)}</title><line x1="${nx}" y1="0" x2="${nx}" y2="${px(bottom)}" stroke="${COLOURS.now}" stroke-width="1.5"/><text x="${px(nx - 3)}" y="12" text-anchor="end" font-size="10" fill="${COLOURS.now}">now</text></g>`;
}

export function renderSwimlaneSvg(timeline: Timeline, options: SwimlaneOptions): string {
  const width = options.width ?? 1000;
  const { start, end } = timeline.window;
  const plotLeft = LAYOUT.labelWidth;
  const plotRight = width - LAYOUT.rightMargin;
  const span = Math.max(end - start, 1);
  const frame: Frame = {
    timeline,
    timeZone: options.timeZone,
    x: (ms) => plotLeft + ((Math.min(Math.max(ms, start), end) - start) / span) * (plotRight - plotLeft),
    plotRight,
    withDay: span > 24 * 3_600_000,
  };
  let top = LAYOUT.markerRow;
  const regions = timeline.regions.map((region) => {
    const markup = renderRegion(frame, region, top);
    top += regionHeight(region) + LAYOUT.regionGap;
    return markup;
  });
  const bottom = top - LAYOUT.regionGap;
  const height = bottom + LAYOUT.axisHeight;
  const markers = timeline.markers.map((m) => renderMarker(frame, m, bottom));
  const label = `Swimlane from ${instant(frame, start)} to ${instant(frame, end)}: quorum verdict and each checker's state per region, flips as markers`;
  return String(
    svg`<svg xmlns="http://www.w3.org/2000/svg" class="swimlane" viewBox="0 0 ${width} ${px(height)}" width="100%" role="img" aria-label="${label}" font-family="system-ui, sans-serif" data-start="${start}" data-end="${end}"><text x="4" y="12" font-size="11" fill="${COLOURS.muted}">flips</text>${renderAxis(frame, LAYOUT.markerRow, bottom)}${regions}${markers}${renderNow(frame, options.now ?? end, bottom)}</svg>`,
  );
}
