/**
 * The region-loss check synth and local start run before building anything: a config in which
 * losing one region blocks failing over away from it is refused, with one line per such region
 * saying why. Losses accepted by choice (single-region coordination's table region, or regions
 * listed in `acceptRegionLoss`) pass, and are reported as warnings.
 */
import type { FailoverConfig } from '../../config';
import { analyzeRegionLoss, type RegionLoss, type RegionLossAnalysis, type RegionLossOptions } from './region-loss';

export class RegionLossError extends Error {
  override readonly name = 'RegionLossError';
  constructor(
    readonly blocked: readonly RegionLoss[],
    service: string,
  ) {
    super(
      [
        `${service}: losing ${blocked.length === 1 ? 'this region' : 'these regions'} would block failing over away from ${blocked.length === 1 ? 'it' : 'them'}:`,
        ...blocked.map((loss) => `  - ${loss.lost}: ${loss.reasons.join('; ')}`),
        `Change the topology (see \`npx failover topology\` and docs/deploy.md, "Region loss"), or accept ${blocked.length === 1 ? 'this loss' : 'these losses'} explicitly in the config: "acceptRegionLoss": [${blocked.map((l) => JSON.stringify(l.lost)).join(', ')}]`,
      ].join('\n'),
    );
  }
}

/** Sentences for losses the config accepts (printed at synth and local start). */
export function regionLossWarnings(analysis: RegionLossAnalysis): string[] {
  return analysis.losses.filter((l) => l.outcome === 'accepted').map((l) => `losing ${l.lost} is accepted: ${l.reasons.join('; ')}`);
}

/** Throws RegionLossError when some loss is blocked; returns the analysis otherwise. */
export function assertSurvivesRegionLoss(
  config: Pick<FailoverConfig, 'service' | 'coordination' | 'appRegions' | 'checkerRegions' | 'dns' | 'acceptRegionLoss'>,
  options: RegionLossOptions = {},
): RegionLossAnalysis {
  const analysis = analyzeRegionLoss(config, options);
  const blocked = analysis.losses.filter((l) => l.outcome === 'blocked');
  if (blocked.length > 0) throw new RegionLossError(blocked, config.service);
  return analysis;
}
