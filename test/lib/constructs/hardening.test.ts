/**
 * Deployed-service hardening, checked on the synthesized templates: reserved concurrency for the
 * controller and signal functions (configurable, on by default), Powertools Tracer (X-Ray), off by
 * default, and secret probe headers that reach the template only as references.
 */
import type { Stack } from 'aws-cdk-lib';
import { ENV } from '../../../lib/constructs/handler-env';
import type { SecretRef } from '../../../lambdas/config';
import { example, resourcesOf, synthWithoutBundling, templateOf, variant } from '../support/apps';

type FunctionProps = { FunctionName: string; ReservedConcurrentExecutions?: number; TracingConfig?: { Mode: string }; Environment: { Variables: Record<string, string> } };

function functionsOf(stacks: readonly Stack[]): FunctionProps[] {
  return resourcesOf(stacks, 'AWS::Lambda::Function')
    .filter(({ id }) => id.startsWith('Failover'))
    .map(({ resource }) => resource.Properties as FunctionProps);
}

describe('reserved concurrency and tracing', () => {
  test('by default the controller reserves 5 and the signal function 10 concurrent executions; checker and API none; no tracing', () => {
    const built = synthWithoutBundling(example);
    const fns = functionsOf(Object.values(built.regional));
    expect(fns).toHaveLength(12);
    for (const fn of fns) {
      const expected = fn.FunctionName === 'shop-api-controller' ? 5 : fn.FunctionName === 'shop-api-signal' ? 10 : undefined;
      expect([fn.FunctionName, fn.ReservedConcurrentExecutions]).toEqual([fn.FunctionName, expected]);
      expect(fn.TracingConfig).toBeUndefined();
      expect(fn.Environment.Variables[ENV.powertoolsTraceEnabled]).toBe('false');
    }
    expect(built.findings).toEqual([]);
  });

  test('the reservations follow the config; null reserves none', () => {
    const fns = functionsOf(Object.values(synthWithoutBundling(variant({ functions: { reservedConcurrency: { controller: 20, signal: null } } })).regional));
    expect(fns.filter((f) => f.FunctionName === 'shop-api-controller').map((f) => f.ReservedConcurrentExecutions)).toEqual([20, 20, 20]);
    expect(fns.filter((f) => f.FunctionName === 'shop-api-signal').map((f) => f.ReservedConcurrentExecutions)).toEqual([undefined, undefined, undefined]);
  });

  test('functions.tracing turns on active X-Ray tracing and Powertools Tracer on every handler, with cdk-nag satisfied', () => {
    const built = synthWithoutBundling(variant({ functions: { tracing: true } }));
    const fns = functionsOf(Object.values(built.regional));
    for (const fn of fns) {
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Environment.Variables[ENV.powertoolsTraceEnabled]).toBe('true');
    }
    expect(built.findings).toEqual([]);
  });
});

describe('secret probe headers', () => {
  const SECRET_VALUE = 'Bearer s3cr3t-value-never-in-a-template';
  const withSecrets = () =>
    variant({
      appRegions: example.appRegions.map((a, i) => ({
        ...a,
        endpoint: {
          ...a.endpoint,
          secretHeaders: (i === 0 ? { authorization: { ssmParameter: '/shop/health-token' } } : { 'x-api-key': { secretsManager: 'shop/health', jsonKey: 'key' } }) as Record<string, SecretRef>,
        },
      })),
    });

  test('reach the template and the environment only as references; the checker may read exactly those, nag satisfied', () => {
    const built = synthWithoutBundling(withSecrets());
    const stacks = Object.values(built.regional);
    const json = JSON.stringify(stacks.map((s) => templateOf(s).toJSON()));
    expect(json).not.toContain(SECRET_VALUE);
    expect(json).toContain('/shop/health-token');
    const statements = resourcesOf(stacks, 'AWS::IAM::Policy')
      .filter(({ id }) => id.startsWith('FailoverChecker'))
      .flatMap(({ resource }) => (resource.Properties?.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement);
    const ssm = statements.find((s) => s.Action === 'ssm:GetParameter');
    const sm = statements.find((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(JSON.stringify(ssm?.Resource)).toMatch(/:ssm:(us-east-1|us-west-2|eu-west-1):123456789012:parameter\/shop\/health-token/);
    expect(JSON.stringify(sm?.Resource)).toMatch(/:secretsmanager:(us-east-1|us-west-2|eu-west-1):123456789012:secret:shop\/health-\?{6}/);
    // Only checkers read them.
    const others = resourcesOf(stacks, 'AWS::IAM::Policy')
      .filter(({ id }) => !id.startsWith('FailoverChecker'))
      .map(({ resource }) => resource);
    expect(JSON.stringify(others)).not.toMatch(/ssm:GetParameter|secretsmanager:GetSecretValue/);
    expect(built.findings).toEqual([]);
  });
});
