/**
 * IAM statements CDK has no grant method for, each as narrow as the service allows.
 */
import { ArnFormat, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { FailoverConfig, SecretRef } from '../../lambdas/config';

/**
 * PutMetricData has no resource-level permissions (AWS requires `*`); the `cloudwatch:namespace`
 * condition confines it to the service's own namespace.
 */
export function putMetricDataStatement(namespace: string): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
  });
}

/** Route 53 record names are compared lower-case and without the trailing dot. */
export function normalizedRecordName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

/**
 * Change only the given record names in one hosted zone (`route53:ChangeResourceRecordSetsNormalizedRecordNames`),
 * list that zone's records, and poll the status of submitted changes.
 */
export function grantRoute53Records(role: IRole, hostedZoneId: string, recordNames: readonly string[]): void {
  for (const statement of route53RecordStatements(role, hostedZoneId, recordNames)) role.addToPrincipalPolicy(statement);
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:route53:::change/*]',
    reason: 'route53:GetChange polls the change id returned by ChangeResourceRecordSets; ids are issued per request and cannot be named in advance (read-only action)',
  });
}

export function route53RecordStatements(scope: Construct, hostedZoneId: string, recordNames: readonly string[]): PolicyStatement[] {
  const stack = Stack.of(scope);
  const zoneArn = stack.formatArn({ service: 'route53', region: '', account: '', resource: 'hostedzone', resourceName: hostedZoneId });
  return [
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['route53:ChangeResourceRecordSets'],
      resources: [zoneArn],
      conditions: {
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': recordNames.map(normalizedRecordName) },
      },
    }),
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['route53:ListResourceRecordSets', 'route53:GetHostedZone'],
      resources: [zoneArn],
    }),
    // Change ids are issued per request, so GetChange cannot name them in advance.
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['route53:GetChange'],
      resources: [stack.formatArn({ service: 'route53', region: '', account: '', resource: 'change', resourceName: '*' })],
    }),
  ];
}

/** Lets a role put metrics into one namespace only, acknowledging the `*` resource AWS mandates. */
export function grantPutMetricData(role: IRole, namespace: string): void {
  role.addToPrincipalPolicy(putMetricDataStatement(namespace));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `cloudwatch:PutMetricData supports no resource-level permissions; the statement is limited by the cloudwatch:namespace = ${namespace} condition`,
  });
}

/** Acknowledges the KMS action wildcard that `topic.grantPublish` adds for an encrypted topic. */
export function acknowledgeEncryptedPublish(role: IRole): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason: 'Publishing to the KMS-encrypted alert topic needs kms:GenerateDataKey* (with and without plaintext) on that one key only',
  });
}

/** Every secret header reference of the config, once each. */
export function secretRefsOf(config: Pick<FailoverConfig, 'appRegions'>): SecretRef[] {
  const seen = new Map<string, SecretRef>();
  for (const app of config.appRegions) for (const ref of Object.values(app.endpoint.secretHeaders ?? {})) seen.set(JSON.stringify(ref), ref);
  return [...seen.values()];
}

/**
 * Lets the checker read exactly the parameters and secrets its probe headers name, in its own
 * region. SecureString parameters under the AWS managed key `aws/ssm` need nothing more; a
 * customer managed key needs kms:Decrypt granted separately (docs/deploy.md).
 */
export function grantSecretHeaders(role: IRole, config: Pick<FailoverConfig, 'appRegions'>): void {
  const stack = Stack.of(role);
  const refs = secretRefsOf(config);
  const parameters = refs.flatMap((r) => ('ssmParameter' in r ? [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: r.ssmParameter.replace(/^\//, '') })] : []));
  const secrets = refs.flatMap((r) =>
    // Secrets Manager appends 6 random characters to a secret's ARN; `-??????` matches exactly those.
    'secretsManager' in r ? [stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${r.secretsManager}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })] : [],
  );
  if (parameters.length > 0) role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['ssm:GetParameter'], resources: parameters }));
  if (secrets.length > 0) {
    role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: secrets }));
    for (const ref of refs) {
      if (!('secretsManager' in ref)) continue;
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagArn(stack, 'secretsmanager', `secret:${ref.secretsManager}-??????`)}]`,
        reason: 'a secret ARN ends in 6 random characters Secrets Manager appends; -?????? matches exactly those of the one named secret',
      });
    }
  }
}

/** An ARN of this stack as cdk-nag writes it in a finding id (unresolved parts as <AWS::…>). */
function nagArn(stack: Stack, service: string, resource: string): string {
  const part = (value: string, pseudo: string): string => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  return `arn:<AWS::Partition>:${service}:${part(stack.region, 'Region')}:${part(stack.account, 'AccountId')}:${resource}`;
}
