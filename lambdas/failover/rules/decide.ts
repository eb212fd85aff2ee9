/**
 * The automatic decision: quorum verdicts + controller state + policy + time → a flip plan or a
 * reason to hold (with the numbers behind it). Deterministic and total: the same input always
 * gives the same answer.
 *
 * Rule order (first match wins):
 *  1. a pin wins: traffic goes to (or stays on) the pinned region;
 *  2. UNKNOWN never moves traffic out of a region; only DOWN does;
 *  3. traffic only moves into regions whose own verdict is UP (readiness gate), and a region that
 *     is not UP never gains share (active-active: a DOWN region's weight goes to UP regions only);
 *  4. if no serving region would be UP afterwards, nothing changes (fail-static);
 *  5. failback happens only with `failback: auto` after the preferred region was UP for the dwell;
 *  6. hold-down and flap damping block automatic failback and re-entry — never the evacuation of a
 *     DOWN region onto an UP one, which happens at once.
 */
import { automaticFlipBlocked, shareOf } from './safety';
import { describeTraffic, distribute, isServing, policyRegions, sameTraffic, servingRegions, singleActive } from './traffic';
import type { Decision, DecisionInput, FlipCause, HoldCode, HoldFacts, RegionVerdict, TrafficSplit } from './types';

const UNKNOWN_VERDICT: RegionVerdict = { status: 'UNKNOWN', reason: 'no verdict' };

function verdictOf(input: DecisionInput, region: string): RegionVerdict {
  return input.verdicts[region] ?? UNKNOWN_VERDICT;
}

function hold(code: HoldCode, detail: string, facts: HoldFacts = {}): Decision {
  return { kind: 'hold', code, detail, facts };
}

function statusesOf(input: DecisionInput, regions: readonly string[]): HoldFacts['regions'] {
  return Object.fromEntries(regions.map((r) => [r, verdictOf(input, r).status]));
}

/** True when the region has been UP for at least the failback dwell. */
function dwelled(input: DecisionInput, region: string): boolean {
  const v = verdictOf(input, region);
  return v.status === 'UP' && v.since !== undefined && input.now - v.since >= input.settings.failbackDwellSeconds * 1000;
}

/** The failback-dwell hold: when the earliest waiting region will have dwelled (unknown for an undated UP). */
function dwellHold(input: DecisionInput, waiting: readonly string[], detail: string): Decision {
  const dwellMs = input.settings.failbackDwellSeconds * 1000;
  const ends = waiting
    .map((r) => verdictOf(input, r).since)
    .filter((t): t is number => t !== undefined)
    .map((t) => t + dwellMs);
  const until = ends.length > 0 ? Math.min(...ends) : undefined;
  return hold('failback-dwell', until === undefined ? `${detail}; waiting for a dated UP verdict` : detail, {
    waiting,
    ...(until === undefined ? {} : { until, secondsLeft: Math.max(0, Math.ceil((until - input.now) / 1000)) }),
  });
}

/** An automatic flip that hold-down and flap damping may suppress (failback, re-entry, rebalancing). */
function dampedFlip(input: DecisionInput, cause: FlipCause, to: TrafficSplit, why: string): Decision {
  const blocked = automaticFlipBlocked(input.state.flipTimes, input.settings, input.now);
  if (blocked) return hold(blocked.code, `${cause} to ${describeTraffic(to)} suppressed (${why}): ${blocked.detail}`, blocked.facts);
  return { kind: 'flip', plan: { cause, from: input.state.traffic, to, reason: why } };
}

/** Taking traffic off a DOWN region onto an UP one: never damped. */
function evacuation(input: DecisionInput, to: TrafficSplit, why: string): Decision {
  return { kind: 'flip', plan: { cause: 'failover', from: input.state.traffic, to, reason: why } };
}

function decidePinned(input: DecisionInput): Decision | undefined {
  const pin = input.state.pin;
  if (pin === undefined) return undefined;
  const target = input.policy.mode === 'active-passive' ? singleActive(input.policy, pin.region) : distribute(input.policy.weights, [pin.region]);
  if (sameTraffic(target, input.state.traffic)) return hold('pinned', `pinned to ${pin.region} by ${pin.actor}: ${pin.reason}`, { pin });
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
      return hold('fail-static', `${active} is DOWN but no other region is UP (${others.join(', ')}); keeping traffic where it is`, { regions: statusesOf(input, priority) });
    }
    return evacuation(input, singleActive(input.policy, target), `${active} is DOWN (${current.reason}); ${target} is UP`);
  }
  if (current.status === 'UNKNOWN') return hold('unknown-verdict', `${active} verdict is UNKNOWN (${current.reason}); UNKNOWN never moves traffic`, { regions: statusesOf(input, [active]) });
  const better = priority.slice(0, priority.indexOf(active)).filter((r) => verdictOf(input, r).status === 'UP');
  const preferred = better[0];
  if (preferred === undefined) return hold('steady', `${active} is UP and the most preferred UP region`);
  if (input.settings.failback === 'manual') return hold('failback-manual', `${preferred} is UP again; failback is manual (POST /failback)`, { waiting: better });
  const ready = better.find((r) => dwelled(input, r));
  if (ready === undefined) return dwellHold(input, better, `${preferred} is UP but not yet for the failback dwell of ${input.settings.failbackDwellSeconds} s`);
  return dampedFlip(input, 'failback', singleActive(input.policy, ready), `${ready} has been UP for the failback dwell (${input.settings.failbackDwellSeconds} s)`);
}

/**
 * Active-active weights over `serving` in which no region that is not UP gains share: such a
 * region keeps the weight it has, and the regions that are UP share the rest of the current total
 * in proportion to their configured weights (rounded up, so the held regions' shares can only
 * shrink). Only if that needs a weight above 255 is everything scaled down to Route 53's range.
 */
export function weightsWithoutGain(weights: Readonly<Record<string, number>>, current: TrafficSplit, serving: readonly string[], isUp: (region: string) => boolean): TrafficSplit {
  const ideal = distribute(weights, serving);
  const held = serving.filter((r) => !isUp(r) && shareOf(ideal, r) > shareOf(current, r));
  const free = serving.filter((r) => !held.includes(r));
  if (held.length === 0 || free.length === 0) return ideal;
  const currentTotal = Object.values(current).reduce((sum, w) => sum + Math.max(0, w), 0);
  const rest = currentTotal - held.reduce((sum, r) => sum + (current[r] ?? 0), 0);
  const freeWeight = free.reduce((sum, r) => sum + (weights[r] ?? 0), 0);
  const exact = (r: string): number => (held.includes(r) ? (current[r] ?? 0) : free.includes(r) ? (rest * (weights[r] ?? 0)) / freeWeight : 0);
  const regions = Object.keys(weights);
  const scale = Math.min(1, 255 / Math.max(...regions.map((r) => Math.ceil(exact(r)))));
  return Object.fromEntries(
    regions.map((r) => {
      if (held.includes(r)) return [r, Math.max(1, Math.floor(exact(r) * scale))];
      if (free.includes(r)) return [r, Math.min(255, Math.max(1, Math.ceil(exact(r) * scale)))];
      return [r, 0];
    }),
  );
}

function decideActiveActive(input: DecisionInput, weights: Readonly<Record<string, number>>): Decision {
  const { traffic } = input.state;
  const regions = policyRegions(input.policy);
  const isUp = (r: string): boolean => verdictOf(input, r).status === 'UP';
  const removed = regions.filter((r) => isServing(traffic, r) && verdictOf(input, r).status === 'DOWN');
  const kept = regions.filter((r) => isServing(traffic, r) && !removed.includes(r));
  const recovered = regions.filter((r) => !isServing(traffic, r) && isUp(r));
  let added = input.settings.failback === 'auto' ? recovered.filter((r) => dwelled(input, r)) : [];
  let waiting = recovered.filter((r) => !added.includes(r));
  // Nothing that keeps serving is UP: evacuating a DOWN region may go to a recovered UP one at once.
  if (!kept.some(isUp) && removed.length > 0 && recovered.length > 0) {
    added = recovered;
    waiting = [];
  } else if (removed.length > 0 && added.length > 0 && automaticFlipBlocked(input.state.flipTimes, input.settings, input.now)) {
    // Evacuate now; the re-entry of a recovered region waits for the hold-down like any failback.
    waiting = [...waiting, ...added];
    added = [];
  }
  const serving = regions.filter((r) => kept.includes(r) || added.includes(r));
  if (!serving.some(isUp)) {
    return hold('fail-static', `no region would be both serving and UP (${regions.map((r) => `${r} ${verdictOf(input, r).status}`).join(', ')}); keeping traffic where it is`, {
      regions: statusesOf(input, regions),
    });
  }
  const target = weightsWithoutGain(weights, traffic, serving, isUp);
  if (sameTraffic(target, traffic)) {
    if (waiting.length > 0) {
      return input.settings.failback === 'manual'
        ? hold('failback-manual', `${waiting.join(', ')} UP again; failback is manual (POST /failback)`, { waiting })
        : dwellHold(input, waiting, `${waiting.join(', ')} UP but not yet for the failback dwell of ${input.settings.failbackDwellSeconds} s`);
    }
    const unknown = servingRegions(traffic).filter((r) => verdictOf(input, r).status === 'UNKNOWN');
    if (unknown.length > 0) return hold('unknown-verdict', `${unknown.join(', ')} UNKNOWN; UNKNOWN never moves traffic`, { regions: statusesOf(input, unknown) });
    return hold('steady', `serving ${describeTraffic(traffic)}`);
  }
  const parts = [
    ...(removed.length > 0 ? [`${removed.join(', ')} DOWN`] : []),
    ...(added.length > 0 ? [`${added.join(', ')} UP${removed.length > 0 && !kept.some(isUp) ? '' : ' for the failback dwell'}`] : []),
  ];
  const why = parts.length > 0 ? parts.join('; ') : 'weights restored to policy';
  return removed.length > 0 ? evacuation(input, target, why) : dampedFlip(input, 'failback', target, why);
}

export function decide(input: DecisionInput): Decision {
  const pinned = decidePinned(input);
  if (pinned) return pinned;
  return input.policy.mode === 'active-passive' ? decideActivePassive(input, input.policy.priority) : decideActiveActive(input, input.policy.weights);
}
