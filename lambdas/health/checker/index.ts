/** The checker: probe loop, its wiring from config, and its environment. */
export { runProbeLoop, ProbeLoopError, DEFAULT_WRITE_BUDGET_MS, type CheckerTarget, type ProbeSettings, type ProbeLoopOptions, type ProbeLoopReport } from './loop';
export { runChecker, checkerTargets, probeSettings, type CheckerOptions } from './run';
export { silentTelemetry, type CheckerTelemetry, type StateChange, type CheckerProblem, type RoundSummary } from './telemetry';
