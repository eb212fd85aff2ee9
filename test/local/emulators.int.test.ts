/** Round trips through the real SDK v3 clients against DynamoDB Local and moto server. */
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import { provisionHostedZone } from '../../local/provision';
import { useEmulators } from '../support/emulators';

const ctx = useEmulators();

describe('DynamoDB Local', () => {
  it('applies a conditional put once and rejects the second with ConditionalCheckFailedException', async () => {
    const tables = await ctx.provisionTables('rt-svc');
    const put = () =>
      ctx.clients.dynamodb.send(
        new PutItemCommand({
          TableName: tables.coordination,
          Item: { pk: { S: 'lock#a' }, owner: { S: 'one' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const got = await ctx.clients.dynamodb.send(new GetItemCommand({ TableName: tables.coordination, Key: { pk: { S: 'lock#a' } }, ConsistentRead: true }));
    expect(got.Item?.owner?.S).toBe('one');
  });
});

describe('moto Route 53', () => {
  it('creates a hosted zone, UPSERTs a record and lists it back', async () => {
    const zoneId = await provisionHostedZone(ctx.clients.route53, 'rt.example.com');
    expect(await provisionHostedZone(ctx.clients.route53, 'rt.example.com')).toBe(zoneId);
    await ctx.clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'api.rt.example.com.', Type: 'CNAME', TTL: 30, ResourceRecords: [{ Value: 'use1.rt.example.com' }] } }],
        },
      }),
    );
    const listed = await ctx.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    const record = listed.ResourceRecordSets?.find((r) => r.Name === 'api.rt.example.com.' && r.Type === 'CNAME');
    expect(record?.ResourceRecords?.[0]?.Value).toBe('use1.rt.example.com');
  });
});

describe('moto CloudWatch', () => {
  it('stores PutMetricData values that GetMetricData returns', async () => {
    const now = new Date();
    await ctx.clients.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'RegionFailover/RoundTrip',
        MetricData: [
          { MetricName: 'ProbeLatency', Dimensions: [{ Name: 'Region', Value: 'us-east-1' }], Value: 42, Unit: 'Milliseconds', Timestamp: now },
          { MetricName: 'ProbeLatency', Dimensions: [{ Name: 'Region', Value: 'us-east-1' }], Value: 58, Unit: 'Milliseconds', Timestamp: now },
        ],
      }),
    );
    const data = await ctx.clients.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 60_000),
        EndTime: new Date(now.getTime() + 60_000),
        MetricDataQueries: [
          {
            Id: 'latency',
            MetricStat: {
              Metric: { Namespace: 'RegionFailover/RoundTrip', MetricName: 'ProbeLatency', Dimensions: [{ Name: 'Region', Value: 'us-east-1' }] },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    const values = data.MetricDataResults?.[0]?.Values ?? [];
    expect(values.reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('moto SNS', () => {
  it('creates a topic that is then listed', async () => {
    const created = await ctx.clients.sns.send(new CreateTopicCommand({ Name: 'rt-flips' }));
    const listed = await ctx.clients.sns.send(new ListTopicsCommand({}));
    expect(listed.Topics?.map((t) => t.TopicArn)).toContain(created.TopicArn);
  });
});
