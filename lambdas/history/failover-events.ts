/**
 * The controller's observer port (`FailoverEvents`, lambdas/failover) implemented by the recorder:
 * what the controller notes becomes verdict and flip events. Nothing here can throw into the
 * controller: the recorder validates and queues, and anything that does not fit (a flip mode the
 * history does not know) is dropped and counted by the recorder, never raised.
 */
import type { FailoverEvents, FlipAppliedNotice } from '../failover';
import type { FlipMode } from './rules/events';
import type { HistoryRecorder, RecorderLog } from './recorder';
import { verdictObservation } from './verdict-observation';

const FLIP_MODES: readonly string[] = ['health-signal', 'dns-update'] satisfies readonly FlipMode[];

export function recordingFailoverEvents(recorder: HistoryRecorder, options: { readonly flushTimeoutMs?: number; readonly log?: RecorderLog } = {}): FailoverEvents {
  const guard = (what: string, note: () => void): void => {
    try {
      note();
    } catch (err) {
      options.log?.warn('history note dropped', { what, error: (err as Error).message });
    }
  };
  return {
    verdictsObserved: (snapshot, by, now) => guard('verdicts', () => recorder.verdictsObserved(verdictObservation(snapshot, by, now))),
    // A drill's flips carry its id (the completion is tied to the intent by the flip id).
    flipIntent: (intent) => guard('flip-intent', () => recorder.flipIntent({ ...intent, ...(intent.plan.drillId === undefined ? {} : { drillId: intent.plan.drillId }) })),
    flipApplied: (notice: FlipAppliedNotice) =>
      guard('flip-applied', () => {
        const { mode, changed, changeId } = notice.applied;
        if (!FLIP_MODES.includes(mode)) throw new Error(`unknown flip mode ${mode}`);
        recorder.flipApplied({ ...notice, applied: { mode: mode as FlipMode, changed, ...(changeId === undefined ? {} : { changeId }) } });
      }),
    flipCompleted: (audit) => guard('flip-completed', () => recorder.flipCompleted(audit)),
    flush: async () => {
      await recorder.flush(options.flushTimeoutMs);
    },
  };
}
