import { Match, Template } from 'aws-cdk-lib/assertions';
import { allTables } from '../../../lambdas/platform/tables';
import type { FailoverApp } from '../../../lib/app';
import { example, synthWithoutBundling, variant } from '../support/apps';

// Synthesized once per layout: each build covers every stack of the app.
let mrsc: FailoverApp;
let single: FailoverApp;
beforeAll(() => {
  mrsc = synthWithoutBundling(example);
  single = synthWithoutBundling(variant({ coordination: { mode: 'single-region', regions: ['eu-west-1'] } }));
});

describe('DataStack', () => {
  it('builds every table from the shared definitions as an MRSC global table over 3 regions', () => {
    const template = Template.fromStack(mrsc.data);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', allTables.length);
    for (const def of allTables) {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: `shop-api-${def.suffix}`,
        MultiRegionConsistency: 'STRONG',
        KeySchema: Match.arrayWith([{ AttributeName: def.partitionKey.name, KeyType: 'HASH' }]),
        ...(def.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true } } : {}),
      });
    }
    for (const table of Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))) {
      const replicas = table.Properties.Replicas as { Region: string; PointInTimeRecoverySpecification: unknown }[];
      expect(replicas.map((r) => r.Region).sort()).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
      for (const r of replicas) expect(r.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('never builds an eventually consistent global table', () => {
    const tables = Template.fromStack(mrsc.data).findResources('AWS::DynamoDB::GlobalTable');
    for (const table of Object.values(tables)) {
      expect(table.Properties.MultiRegionConsistency).toBe('STRONG');
      expect(table.DeletionPolicy).toBe('Retain');
    }
  });

  it('builds single-region tables when configured', () => {
    const { data } = single;
    const template = Template.fromStack(data);
    expect(data.region).toBe('eu-west-1');
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(tables).toHaveLength(allTables.length);
    for (const table of tables) {
      expect(table.Properties.MultiRegionConsistency).toBeUndefined();
      expect(table.Properties.Replicas).toHaveLength(1);
    }
  });

  it('streams observation changes so the controller can react in under a second', () => {
    const template = Template.fromStack(mrsc.data);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'shop-api-observations',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });
});
