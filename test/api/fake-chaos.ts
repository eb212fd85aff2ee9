/** An in-memory ChaosPort for contract and CLI tests: records commands, knows two regions. */
import { ServiceRejection } from '../../lambdas/api/errors';
import type { ChaosCommand, ChaosStateBody } from '../../lambdas/api/chaos-schemas';
import type { ChaosPort } from '../../lambdas/api/ports';

export function fakeChaos(): ChaosPort & { readonly commands: { command: ChaosCommand; actor: string }[] } {
  const commands: { command: ChaosCommand; actor: string }[] = [];
  const lost = new Set<string>();
  const state = (message?: string): ChaosStateBody => ({
    faults: [...lost].map((r) => ({ description: `${r} lost`, since: 1 })),
    regions: ['us-east-1', 'us-west-2'].map((region) => ({
      region,
      lost: lost.has(region),
      processes: [{ role: 'controller' as const, state: lost.has(region) ? ('crashed' as const) : ('running' as const) }],
    })),
    route53: 'up',
    ...(message ? { message } : {}),
  });
  return {
    commands,
    state: async () => state(),
    async apply(command, actor) {
      commands.push({ command, actor });
      if ('region' in command && !['us-east-1', 'us-west-2'].includes(command.region)) throw new ServiceRejection('not_found', `no region ${command.region}`);
      if (command.action === 'kill-region') lost.add(command.region);
      if (command.action === 'heal') lost.clear();
      return state(`${command.action} done`);
    },
  };
}
