/**
 * The automatic decision: quorum verdicts + controller state + policy + time → a flip plan or a
 * reason to hold. Deterministic and total: the same input always gives the same answer.
 *
 * Rule order (first match wins):
 *  1. a pin wins: traffic goes to (or stays on) the pinned region;
 *  2. UNKNOWN never moves traffic out of a region; only DOWN does;
 *  3. traffic only moves into regions whose own verdict is UP (readiness gate);
 *  4. if no serving region would be UP afterwards, nothing changes (fail-static);
 *  5. failback happens only with `failback: auto` after the preferred region was UP for the dwell;
 *  6. hold-down and flap damping block automatic flips.
 */
import { automaticFlipBlocked } from './safety';
import { describeTraffic, distribute, isServing, policyRegions, sameTraffic, servingRegions, singleActive } from './traffic';
import type { Decision, DecisionInput, FlipCause, HoldCode, RegionVerdict, TrafficSplit } from './types';

const UNKNOWN_VERDICT: RegionVerdict = { status: 'UNKNOWN', reason: 'no verdict' };

function verdictOf(input: DecisionInput, region: string): RegionVerdict {
  return input.verdicts[region] ?? UNKNOWN_VERDICT;
}

function hold(code: HoldCode, detail: string): Decision {
  return { kind: 'hold', code, detail };
}

/** True when the region has been UP for at least the failback dwell. */
function dwelled(input: DecisionInput, region: string): boolean {
  const v = verdictOf(input, region);
  return v.status === 'UP' && v.since !== undefined && input.now - v.since >= input.settings.failbackDwellSeconds * 1000;
}

function flip(input: DecisionInput, cause: FlipCause, to: TrafficSplit, why: string): Decision {
  const blocked = automaticFlipBlocked(input.state.flipTimes, input.settings, input.now);
  if (blocked) return hold(blocked.code, `${cause} to ${describeTraffic(to)} suppressed (${why}): ${blocked.detail}`);
  return { kind: 'flip', plan: { cause, from: input.state.traffic, to, reason: why } };
}

function decidePinned(input: DecisionInput): Decision | undefined {
  const pin = input.state.pin;
  if (pin === undefined) return undefined;
  const target = input.policy.mode === 'active-passive' ? singleActive(input.policy, pin.region) : distribute(input.policy.weights, [pin.region]);
  if (sameTraffic(target, input.state.traffic)) return hold('pinned', `pinned to ${pin.region} by ${pin.actor}: ${pin.reason}`);
  // The pin was set but its flip did not complete (e.g. a conflicting write): converge to it.
  return { kind: 'flip', plan: { cause: 'pin', from: input.state.traffic, to: target, reason: `pinned to ${pin.region} by ${pin.actor}: ${pin.reason}` } };
}

function decideActivePassive(input: DecisionInput, priority: readonly string[]): Decision {
  const { traffic } = input.state;
  const active = priority.find((r) => isServing(traffic, r)) ?? priority[0] ?? '';
  const current = verdictOf(input, active);
  if (current.status === 'DOWN') {
    const target = priority.find((r) => r !== active && verdictOf(input, r).status === 'UP');
    if (target === undefined) {
      const others = priority.filter((r) => r !== active).map((r) => `${r} ${verdictOf(input, r).status}`);
      return hold('fail-static', `${active} is DOWN but no other region is UP (${others.join(', ')}); keeping traffic where it is`);
    }
    return flip(input, 'failover', singleActive(input.policy, target), `${active} is DOWN (${current.reason}); ${target} is UP`);
  }
  if (current.status === 'UNKNOWN') return hold('unknown-verdict', `${active} verdict is UNKNOWN (${current.reason}); UNKNOWN never moves traffic`);
  const better = priority.slice(0, priority.indexOf(active)).filter((r) => verdictOf(input, r).status === 'UP');
  const preferred = better[0];
  if (preferred === undefined) return hold('steady', `${active} is UP and the most preferred UP region`);
  if (input.settings.failback === 'manual') return hold('failback-manual', `${preferred} is UP again; failback is manual (POST /failback)`);
  const ready = better.find((r) => dwelled(input, r));
  if (ready === undefined) {
    return hold('failback-dwell', `${preferred} is UP but not yet for the failback dwell of ${input.settings.failbackDwellSeconds} s`);
  }
  return flip(input, 'failback', singleActive(input.policy, ready), `${ready} has been UP for the failback dwell (${input.settings.failbackDwellSeconds} s)`);
}

function decideActiveActive(input: DecisionInput, weights: Readonly<Record<string, number>>): Decision {
  const { traffic } = input.state;
  const regions = policyRegions(input.policy);
  const removed: string[] = [];
  const added: string[] = [];
  const waiting: string[] = [];
  const serving = regions.filter((r) => {
    const v = verdictOf(input, r);
    if (isServing(traffic, r)) {
      if (v.status !== 'DOWN') return true;
      removed.push(r);
      return false;
    }
    if (v.status !== 'UP') return false;
    if (input.settings.failback === 'auto' && dwelled(input, r)) {
      added.push(r);
      return true;
    }
    waiting.push(r);
    return false;
  });
  if (!serving.some((r) => verdictOf(input, r).status === 'UP')) {
    const all = regions.map((r) => `${r} ${verdictOf(input, r).status}`).join(', ');
    return hold('fail-static', `no region would be both serving and UP (${all}); keeping traffic where it is`);
  }
  const target = distribute(weights, serving);
  if (sameTraffic(target, traffic)) {
    if (waiting.length > 0) {
      return input.settings.failback === 'manual'
        ? hold('failback-manual', `${waiting.join(', ')} UP again; failback is manual (POST /failback)`)
        : hold('failback-dwell', `${waiting.join(', ')} UP but not yet for the failback dwell of ${input.settings.failbackDwellSeconds} s`);
    }
    const unknown = servingRegions(traffic).filter((r) => verdictOf(input, r).status === 'UNKNOWN');
    if (unknown.length > 0) return hold('unknown-verdict', `${unknown.join(', ')} UNKNOWN; UNKNOWN never moves traffic`);
    return hold('steady', `serving ${describeTraffic(traffic)}`);
  }
  const parts = [
    ...(removed.length > 0 ? [`${removed.join(', ')} DOWN`] : []),
    ...(added.length > 0 ? [`${added.join(', ')} UP for the failback dwell`] : []),
  ];
  return flip(input, removed.length > 0 ? 'failover' : 'failback', target, parts.length > 0 ? parts.join('; ') : 'weights restored to policy');
}

export function decide(input: DecisionInput): Decision {
  const pinned = decidePinned(input);
  if (pinned) return pinned;
  return input.policy.mode === 'active-passive' ? decideActivePassive(input, input.policy.priority) : decideActiveActive(input, input.policy.weights);
}
