/**
 * From recorded events to incidents, availability figures and the model, for one window. Pure: the
 * report builder reads the events (the window plus a look-back, so outages and traffic in force at
 * the window's start are known) and hands them here.
 */
import type { CheckerStateEvent, FlipMode, HistoryEvent, VerdictEvent } from './events';
import type { SignalCheckSettings } from '../../platform/dns-setup';
import { availabilityOf, type AvailabilityFigures } from './availability';
import { flipRecords, movedDefinition, type FlipRecord } from './flips';
import { incidentOf, type Incident } from './incidents';
import type { Interval } from './intervals';
import { availabilityModel, configuredRto, type ModelFigures } from './model';
import { regionOutages, type RegionOutage } from './outages';
import { trafficOverTime, serviceDown, unavailability } from './service';
import type { TrafficSplit } from '../../failover/rules';

export interface AnalysisSettings {
  /** App regions, in policy order. */
  readonly regions: readonly string[];
  readonly policy: 'active-passive' | 'active-active';
  readonly failureThreshold: number;
  readonly intervalSeconds: number;
  /** The configured flip mode (for the model's configured RTO; each flip records its own). */
  readonly flipMode: FlipMode;
  readonly signalCheck: SignalCheckSettings;
  /** `slo.availability`. */
  readonly slo: number;
  /** Traffic before the first recorded flip: the live traffic split, or the policy's initial one. */
  readonly fallbackTraffic: TrafficSplit;
}

export interface Analysis {
  readonly window: Interval;
  /** Incidents overlapping the window, oldest first. */
  readonly incidents: readonly Incident[];
  /** Flips whose intent falls in the window, oldest first. */
  readonly flips: readonly FlipRecord[];
  readonly availability: {
    readonly service: AvailabilityFigures;
    readonly regions: Readonly<Record<string, AvailabilityFigures>>;
  };
  readonly model: ModelFigures;
}

/**
 * @param events every event anchored in [since, window.end), any order
 * @param since how far back the events reach (≤ window.start)
 */
export function analyze(events: readonly HistoryEvent[], window: Interval, since: number, settings: AnalysisSettings): Analysis {
  const until = window.end;
  const observed = events.filter((e): e is VerdictEvent | CheckerStateEvent => e.kind === 'verdict' || e.kind === 'checker-state');
  const outageSettings = { failureThreshold: settings.failureThreshold, intervalMs: settings.intervalSeconds * 1000 };
  const outages = new Map<string, RegionOutage[]>(settings.regions.map((r) => [r, regionOutages(r, observed, outageSettings)]));
  const flips = flipRecords(events, settings.signalCheck);
  const traffic = trafficOverTime(flips, settings.fallbackTraffic, { start: Math.min(since, window.start), end: until });
  const unavailable = new Map([...outages].map(([r, list]) => [r, unavailability(list, until)]));
  const down = serviceDown(traffic, unavailable);

  const context = { flips, traffic, serviceDown: down, until, movedMeans: (mode: FlipMode) => movedDefinition(mode, settings.signalCheck) };
  const incidents = [...outages.values()]
    .flat()
    .filter((o) => o.start < until && (o.end ?? until) > window.start)
    .sort((a, b) => a.start - b.start || (a.region < b.region ? -1 : 1))
    .map((o) => incidentOf(o, context));

  const regions: Record<string, AvailabilityFigures> = {};
  for (const [r, list] of outages) regions[r] = availabilityOf(list, window, settings.slo);
  // A service outage still running at the window's end is open.
  const service = availabilityOf(
    down.map((d) => (d.end >= until ? { start: d.start } : d)),
    window,
    settings.slo,
  );

  const rtos = incidents.map((i) => i.rto_s).filter((r): r is number => r !== null);
  const model = availabilityModel({
    regions: Object.values(regions).map((f) => ({ failures: f.failures, uptime_s: f.uptime_s, repair_s: (f.mttr_s ?? 0) * f.failures })),
    policy: settings.policy,
    ...(rtos.length > 0 ? { measuredRto_s: rtos.reduce((s, r) => s + r, 0) / rtos.length } : {}),
    configuredRto_s: configuredRto({ failureThreshold: settings.failureThreshold, intervalSeconds: settings.intervalSeconds, flipMode: settings.flipMode, signalCheck: settings.signalCheck }),
  });

  return {
    window,
    incidents,
    flips: flips.filter((f) => f.intentAt >= window.start && f.intentAt < until),
    availability: { service, regions },
    model,
  };
}
