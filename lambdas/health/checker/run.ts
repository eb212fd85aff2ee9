/**
 * The checker service: a config, a checker region and a store become a running probe loop. The
 * Lambda handler gives it a deadline; local mode gives it a stop signal.
 */
import type { FailoverConfig } from '../../config/schema';
import { createProber } from '../probe';
import { createPowertoolsTelemetry } from './powertools-telemetry';
import { systemClock, type Clock } from '../../platform/clock';
import type { ObservationStore } from '../observation-store';
import type { Prober } from '../probe/prober';
import { runProbeLoop, type CheckerTarget, type ProbeLoopReport, type ProbeSettings } from './loop';
import type { CheckerTelemetry } from './telemetry';

export function checkerTargets(config: Pick<FailoverConfig, 'appRegions'>): CheckerTarget[] {
  return config.appRegions.map((r) => ({ name: r.region, spec: r.endpoint }));
}

export function probeSettings(config: Pick<FailoverConfig, 'probe'>): ProbeSettings {
  const { intervalSeconds, failureThreshold, recoveryThreshold, staleAfterIntervals, concurrency } = config.probe;
  return { intervalMs: intervalSeconds * 1000, failureThreshold, recoveryThreshold, staleAfterIntervals, concurrency };
}

export interface CheckerOptions {
  readonly config: FailoverConfig;
  readonly checkerRegion: string;
  readonly store: ObservationStore;
  /** @default createProber() */
  readonly prober?: Prober;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Powertools metrics (EMF on stdout) and logger */
  readonly telemetry?: CheckerTelemetry;
  /** Monotonic ms on `clock` by which the loop returns (Lambda). */
  readonly deadline?: number;
  /** Stops the loop between rounds (local mode). */
  readonly signal?: AbortSignal;
  readonly writer?: string;
  readonly writeBudgetMs?: number;
}

/** Runs the probe loop of `checkerRegion` until the deadline or the stop signal. */
export function runChecker(options: CheckerOptions): Promise<ProbeLoopReport> {
  const { config, checkerRegion } = options;
  return runProbeLoop({
    checker: checkerRegion,
    targets: checkerTargets(config),
    settings: probeSettings(config),
    prober: options.prober ?? createProber(),
    store: options.store,
    clock: options.clock ?? systemClock,
    telemetry: options.telemetry ?? createPowertoolsTelemetry({ service: config.service, checker: checkerRegion }),
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.writer === undefined ? {} : { writer: options.writer }),
    ...(options.writeBudgetMs === undefined ? {} : { writeBudgetMs: options.writeBudgetMs }),
  });
}
