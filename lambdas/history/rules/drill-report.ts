/**
 * The report of one drill from its recorded steps: each step's time, the RTO both ways (decision
 * → traffic moved, with "moved" as for incidents, per flip mode), how long traffic was on the
 * target, and anything that went wrong.
 */
import type { DrillStepEvent, FlipMode } from './events';
import type { SignalCheckSettings } from '../../platform/dns-setup';
import { movedAt } from './flips';
import type { DrillOutcome } from './drill';
import type { TrafficSplit } from '../../failover/rules';

export interface DrillReportStep {
  readonly seq: number;
  readonly step: DrillStepEvent['step'];
  readonly at: number;
  readonly code: string;
  readonly detail: string;
  readonly flipId?: string;
}

/** One leg's timeline: decided → intent recorded → committed → traffic moved. */
export interface DrillLegTimes {
  /** The drill decided to move (pre-checks passed; time up, target DOWN or abort). */
  readonly decidedAt: number;
  readonly flipId?: string;
  readonly intentAt?: number;
  readonly completedAt?: number;
  /** Traffic moved ("moved" per flip mode, as for incidents). */
  readonly movedAt?: number;
  readonly mode?: FlipMode;
}

export interface DrillReport {
  readonly id: string;
  readonly target: string;
  readonly home: TrafficSplit;
  readonly reason: string;
  readonly actor: string;
  readonly duration_s: number;
  readonly requestedAt: number;
  /** Absent while the drill runs. */
  readonly finishedAt?: number;
  readonly outcome: DrillOutcome | 'running';
  /** Returned before its time was up (target DOWN, operator abort). */
  readonly aborted: boolean;
  /** Code and line of the latest step: why the drill is where it is. */
  readonly code: string;
  readonly detail: string;
  readonly steps: readonly DrillReportStep[];
  /** Decision → traffic moved, each way; null where that flip did not complete. */
  readonly rto: { readonly out_s: number | null; readonly back_s: number | null };
  /** Each leg's timeline; null where the drill never decided to make it. */
  readonly legs: { readonly out: DrillLegTimes | null; readonly back: DrillLegTimes | null };
  /** Traffic on the target: moved out → moved back. */
  readonly onTarget_s: number | null;
  readonly problems: readonly string[];
}

const FINAL: Partial<Record<DrillStepEvent['step'], DrillOutcome>> = { refused: 'refused', returned: 'returned', stayed: 'stayed', failed: 'failed' };

function moved(step: DrillStepEvent | undefined, timing: SignalCheckSettings): number | undefined {
  const flip = step?.flip;
  if (flip?.completedAt === undefined || flip.mode === undefined) return undefined;
  return movedAt(flip.mode, flip.appliedAt, flip.completedAt, timing);
}

const seconds = (ms: number | undefined): number | null => (ms === undefined ? null : ms / 1000);

function legTimes(decided: DrillStepEvent | undefined, done: DrillStepEvent | undefined, timing: SignalCheckSettings): DrillLegTimes | null {
  if (decided === undefined) return null;
  const flip = done?.flip;
  const movedTo = moved(done, timing);
  return {
    decidedAt: decided.at,
    ...(flip ? { flipId: flip.flipId, intentAt: flip.intentAt } : {}),
    ...(flip?.completedAt !== undefined ? { completedAt: flip.completedAt } : {}),
    ...(movedTo !== undefined ? { movedAt: movedTo } : {}),
    ...(flip?.mode ? { mode: flip.mode } : {}),
  };
}

/** undefined when no `requested` step was recorded (an unknown drill). */
export function buildDrillReport(events: readonly DrillStepEvent[], timing: SignalCheckSettings): DrillReport | undefined {
  const steps = [...events].sort((a, b) => a.seq - b.seq);
  const requested = steps.find((s) => s.step === 'requested');
  const plan = requested?.plan;
  if (requested === undefined || plan === undefined) return undefined;
  const first = (name: DrillStepEvent['step']) => steps.find((s) => s.step === name);
  const last = steps[steps.length - 1] ?? requested;
  const outcome = FINAL[last.step] ?? 'running';
  const outDecided = first('moving-out')?.at;
  const outMoved = moved(first('moved-out'), timing);
  const backDecided = first('returning');
  const backMoved = moved(first('returned'), timing);

  const problems: string[] = [];
  const present = new Set(steps.map((s) => s.seq));
  const missing = Array.from({ length: last.seq }, (_, i) => i).filter((seq) => !present.has(seq));
  if (missing.length > 0) problems.push(`step${missing.length === 1 ? '' : 's'} ${missing.join(', ')} missing from the record`);
  if (outcome === 'refused') problems.push(`refused (${last.code}): ${last.detail}`);
  if (outcome === 'failed') problems.push(last.detail);
  if (outcome === 'stayed') problems.push(`did not return (${last.code}): ${last.detail}`);
  if (backDecided && backDecided.code !== 'duration-elapsed') problems.push(`returned early (${backDecided.code}): ${backDecided.detail}`);

  return {
    id: requested.drillId,
    target: plan.target,
    home: plan.home,
    reason: plan.reason,
    actor: plan.actor,
    duration_s: plan.durationMs / 1000,
    requestedAt: requested.at,
    ...(outcome === 'running' ? {} : { finishedAt: last.at }),
    outcome,
    aborted: backDecided !== undefined && backDecided.code !== 'duration-elapsed',
    code: last.code,
    detail: last.detail,
    steps: steps.map((s) => ({ seq: s.seq, step: s.step, at: s.at, code: s.code, detail: s.detail, ...(s.flip ? { flipId: s.flip.flipId } : {}) })),
    rto: {
      out_s: outDecided !== undefined && outMoved !== undefined ? seconds(outMoved - outDecided) : null,
      back_s: backDecided !== undefined && backMoved !== undefined ? seconds(backMoved - backDecided.at) : null,
    },
    legs: {
      out: legTimes(first('moving-out'), first('moved-out') ?? (first('returning') ? undefined : first('failed')), timing),
      back: legTimes(backDecided, first('returned') ?? first('failed'), timing),
    },
    onTarget_s: outMoved !== undefined && backMoved !== undefined ? seconds(backMoved - outMoved) : null,
    problems,
  };
}
