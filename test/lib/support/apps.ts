/**
 * Shared fixtures for the CDK tests: the example config, variants of it, synthesis without bundling
 * (the handler bundles are irrelevant to most assertions and cost seconds), and a snapshot
 * serializer that hides asset hashes.
 */
import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigFile, parseConfig, type FailoverConfig, type FailoverConfigInput } from '../../../lambdas/config';
import { buildApp, type FailoverApp } from '../../../lib/app';

/**
 * CDK's built-in CloudFormation schema validation takes 20–30 s to load on first use, in every test
 * worker; the tests skip it (`npx cdk synth` runs it). cdk-nag still runs on every synthesis.
 */
process.env.CDK_VALIDATION = 'false';

export const REPO = resolve(__dirname, '../../..');
export const example: FailoverConfig = loadConfigFile(resolve(REPO, 'failover.config.json'));

/** The example config with some top-level sections replaced (validated again). */
export function variant(overrides: Partial<FailoverConfigInput>): FailoverConfig {
  return parseConfig({ ...example, ...overrides });
}

interface ValidationReport {
  pluginReports: { pluginName?: string; violations?: { ruleName: string; severity?: string }[] }[];
}

/**
 * Every finding a validation plugin (cdk-nag) reported and nobody acknowledged, as `plugin: rule
 * (severity)`. Errors already make `synth()` throw; warnings only show up here.
 */
export function unacknowledgedFindings(assembly: CloudAssembly): string[] {
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((r) => (r.violations ?? []).map((v) => `${r.pluginName}: ${v.ruleName} (${v.severity})`));
}

/** Builds and synthesizes an app without esbuild bundling (assets get a placeholder); cdk-nag still runs. */
export function synthWithoutBundling(config: FailoverConfig): FailoverApp & { findings: string[] } {
  const built = buildApp(config, { context: { 'aws:cdk:bundling-stacks': [] } }, { account: '123456789012' });
  return { ...built, findings: unacknowledgedFindings(built.app.synth()) };
}

export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}

type Resource = { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown };

/** Every resource of a type across stacks, with the stack it came from. */
export function resourcesOf(stacks: readonly Stack[], type: string): { stack: Stack; id: string; resource: Resource }[] {
  return stacks.flatMap((stack) => Object.entries(templateOf(stack).findResources(type) as Record<string, Resource>).map(([id, resource]) => ({ stack, id, resource })));
}

const ASSET_HASH = /[0-9a-f]{64}/g;

/** jest snapshot serializer: 64-hex asset hashes (and the S3 keys built from them) become `<asset>`. */
export const assetHashSerializer = {
  test: (value: unknown): boolean => typeof value === 'string' && /[0-9a-f]{64}/.test(value),
  serialize: (value: string): string => JSON.stringify(value.replace(ASSET_HASH, '<asset>')),
};
