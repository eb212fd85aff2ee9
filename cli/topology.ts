/**
 * `failover topology [config.json]`: the region-loss matrix of a config, computed locally (no API):
 * for each region, what its loss leaves of the checker quorum, the controllers, the DNS signals and
 * Route 53's control plane, and whether failover away from it still works.
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfigFile } from '../lambdas/config';
import { analyzeRegionLoss, describeAccess, type RegionLoss, type RegionLossAnalysis } from '../lambdas/platform/topology';
import { CliError, EXIT } from './errors';
import { table } from './format';

export interface OfflineContext {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** Short names so the matrix fits a terminal; --json has the full roles. */
function rolesCell(loss: RegionLoss): string {
  const short: Record<string, string> = { controller: 'controller+api', api: '', 'route53-control-plane': 'route53' };
  return loss.roles
    .map((r) => short[r] ?? r)
    .filter((r) => r !== '')
    .join(' ');
}

function checkersCell(loss: RegionLoss): string {
  return `${loss.checkers.voting.length} vote, need ${loss.checkers.quorum}`;
}

function controllersCell(loss: RegionLoss): string {
  const { candidates, streamTriggered } = loss.controllers;
  if (!loss.coordination.available) return `none (${loss.coordination.replicasAlive.length}/${loss.coordination.needed} replicas)`;
  if (candidates.length === 0) return 'none';
  // A candidate without a local replica stream reacts on its one-minute schedule only.
  return candidates.map((c) => (streamTriggered.includes(c.region) ? c.region : `${c.region}(1/min)`)).join(' ');
}

function dnsCell(loss: RegionLoss): string {
  const { dns } = loss;
  if (dns.flipMode === 'dns-update') return `UPSERT; control plane ${dns.controlPlaneAvailable ? 'up' : 'LOST'}`;
  const threshold = dns.signals?.threshold ?? 0;
  return dns.records.map((r) => `${r.region} ${r.answering.length}/${threshold}${r.healthy ? '' : ' UNHEALTHY'}`).join(', ') || '-';
}

function controlPlaneCell(loss: RegionLoss): string {
  return `${loss.dns.controlPlaneNeeded ? 'needed' : 'not needed'}${loss.dns.controlPlaneAvailable ? '' : ', lost'}`;
}

export function formatRegionLoss(analysis: RegionLossAnalysis): string {
  const signals = analysis.signals
    ? `health-signal DNS, ${analysis.signals.threshold} of ${analysis.signals.endpoints.length} signal endpoints (${analysis.signals.endpoints.join(', ')})`
    : 'dns-update DNS';
  const head = `region-loss matrix of ${analysis.service}: ${analysis.coordinationMode} coordination, ${signals}`;
  const rows = analysis.losses.map((l) => [l.lost, rolesCell(l), l.failoverNeeded ? 'yes' : 'no', checkersCell(l), controllersCell(l), dnsCell(l), controlPlaneCell(l), l.outcome.toUpperCase()]);
  const matrix = table(['LOST', 'RUNS THERE', 'FAILOVER', 'CHECKERS', 'CAN LEAD', 'DNS RECORDS (answering/needed)', 'ROUTE 53 CONTROL PLANE', 'OUTCOME'], rows);
  const replicas = Object.entries(analysis.replicaOrders).map(([region, order]) => `  ${region}: ${order.join(' → ')}`);
  const fallbacks = analysis.losses.flatMap((l) =>
    l.checkers.voting
      .concat(l.controllers.candidates)
      .filter((a) => a.fallback)
      .map((a) => `losing ${l.lost}: ${describeAccess(a)}`),
  );
  const reasons = analysis.losses.filter((l) => l.reasons.length > 0).map((l) => `  ${l.lost} (${l.outcome}): ${l.reasons.join('; ')}`);
  return [
    head,
    '',
    matrix,
    '',
    '(1/min): a controller without a local replica stream reacts on its one-minute schedule only, not within a second',
    '',
    'replicas each region tries, in order:',
    ...replicas,
    ...(fallbacks.length > 0 ? ['', 'moves to a later replica:', ...[...new Set(fallbacks)].map((f) => `  ${f}`)] : []),
    ...(reasons.length > 0 ? ['', 'why:', ...reasons] : ['', 'every single-region loss is survivable']),
  ].join('\n');
}

export function topologyCommand(ctx: OfflineContext): { json: unknown; text: string } {
  if (ctx.args.length > 1) throw new CliError(EXIT.usage, 'usage: failover topology [config.json]');
  const file = resolve(ctx.args[0] ?? ctx.env.FAILOVER_CONFIG ?? 'failover.config.json');
  let analysis: RegionLossAnalysis;
  try {
    analysis = analyzeRegionLoss(loadConfigFile(file));
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(EXIT.usage, err.message);
    throw err;
  }
  return { json: analysis, text: formatRegionLoss(analysis) };
}
