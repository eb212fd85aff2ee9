/**
 * Builds the CDK app from a validated config. Kept apart from `bin/app.ts` so tests synthesize
 * exactly what `cdk synth` does.
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FailoverConfig } from '../lambdas/config';
import { DataStack } from './stacks/data-stack';

export interface FailoverApp {
  readonly app: App;
  readonly data: DataStack;
}

export function buildApp(config: FailoverConfig, appProps: AppProps = {}): FailoverApp {
  const app = new App(appProps);
  const primary = config.coordination.regions[0];
  const data = new DataStack(app, `${config.service}-data`, {
    config,
    env: { region: primary },
    description: `region-failover ${config.service}: coordination, observation, state and audit tables`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data };
}
