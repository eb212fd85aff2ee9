#!/usr/bin/env node
/**
 * CDK entry point: `npx cdk synth` / `cdk deploy --all`. Reads FAILOVER_CONFIG (a file path;
 * default failover.config.json) and reports every config problem before anything is synthesized.
 */
import { resolve } from 'node:path';
import { loadConfigFile } from '../lambdas/config';
import { buildApp } from '../lib/app';
import { isDeploymentInputError } from '../lib/errors';
import { regionLossWarnings } from '../lambdas/platform/topology';

const file = resolve(process.env.FAILOVER_CONFIG ?? 'failover.config.json');
try {
  const { regionLoss } = buildApp(loadConfigFile(file));
  for (const warning of regionLossWarnings(regionLoss)) console.error(`warning: ${warning}`);
} catch (err) {
  if (isDeploymentInputError(err)) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
