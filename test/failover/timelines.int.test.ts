/**
 * Failure timelines where the DynamoDB store's own conditions matter, on DynamoDB Local: two
 * controller processes (separate DocumentClients) racing through the real store, paused at the
 * request the timeline names.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { useEmulators } from '../support/emulators';
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { scenario } from './harness';

const ctx = useEmulators();

type Command = { input: Record<string, unknown>; constructor: { name: string } };

/**
 * A DocumentClient whose first phase-3 write of a flip (the audit put or the completion, whichever
 * the store sends first) waits until the test opens the gate; `reached` resolves when it does.
 */
function pausingAtPhase3(real: DynamoDBDocumentClient, auditTable: string) {
  let open: () => void = () => undefined;
  let arrive: () => void = () => undefined;
  const opened = new Promise<void>((r) => (open = r));
  const reached = new Promise<void>((r) => (arrive = r));
  let paused = false;
  const isPhase3 = (c: Command): boolean =>
    (c.constructor.name === 'PutCommand' && c.input.TableName === auditTable) ||
    c.constructor.name === 'TransactWriteCommand' ||
    (c.constructor.name === 'UpdateCommand' && String(c.input.UpdateExpression ?? '').includes('REMOVE #intent'));
  const documents = {
    send: async (command: Command) => {
      if (!paused && isPhase3(command)) {
        paused = true;
        arrive();
        await opened;
      }
      return real.send(command as Parameters<DynamoDBDocumentClient['send']>[0]);
    },
  } as unknown as DynamoDBDocumentClient;
  return { documents, reached, open };
}

/** A DocumentClient that sends the first request matching `when` twice and answers with the second: its first answer was lost and the SDK retried. */
function losingFirstAnswer(real: DynamoDBDocumentClient, when: (c: Command) => boolean): DynamoDBDocumentClient {
  let lost = false;
  return {
    send: async (command: Command) => {
      const send = () => real.send(command as Parameters<DynamoDBDocumentClient['send']>[0]);
      if (lost || !when(command)) return send();
      lost = true;
      await send();
      return send();
    },
  } as unknown as DynamoDBDocumentClient;
}

const isUpdate = (marker: string) => (c: Command) => c.constructor.name === 'UpdateCommand' && String(c.input.UpdateExpression ?? '').includes(marker);

describe('lost answers on DynamoDB (the SDK re-sends a request that had landed)', () => {
  it.each(['single-region', 'mrsc'] as const)('timeline 6 (%s): a commit whose answer was lost is recognised as this writer’s own, and the flip is announced exactly once', async (mode) => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal', { coordination: { mode, regions: mode === 'mrsc' ? ['us-east-1', 'us-east-2', 'us-west-2'] : ['us-east-1'] } }));
    await s.observe(PRIMARY, 'DOWN');
    await s.observe(SECONDARY, 'UP');
    const leader = s.controller({ documents: losingFirstAnswer(ctx.clients.documents, (c) => c.constructor.name === 'TransactWriteCommand' || isUpdate('REMOVE #intent')(c)) });
    expect(await leader.service.tick('stream')).toMatchObject({ outcome: 'flipped' });
    expect(leader.notifier.events).toHaveLength(1);
    s.clock.advance(120_000);
    await leader.service.tick();
    expect(leader.notifier.events).toHaveLength(1);
    expect((await leader.service.history()).entries).toHaveLength(1);
  });

  it('an operator’s intent write whose answer was lost: the operator gets the flip, not a 409 about their own flip', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    const api = s.controller({ term: undefined, documents: losingFirstAnswer(ctx.clients.documents, isUpdate('#intent = :intent')) });
    expect(await api.service.failover(SECONDARY, { reason: 'drill', actor: 'alice' })).toMatchObject({ changed: true, traffic: { [PRIMARY]: 0, [SECONDARY]: 1 } });
    expect((await api.service.status()).pendingFlip).toBeUndefined();
  });
});

describe('timeline 7: in mrsc mode (no transactions) a deposed leader racing the new one on the same flip', () => {
  it('history and status agree on who flipped: the audit entry is the one of the writer whose completion succeeded', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal', { coordination: { mode: 'mrsc', regions: ['us-east-1', 'us-east-2', 'us-west-2'] } }));
    await s.observe(PRIMARY, 'DOWN');
    await s.observe(SECONDARY, 'UP');
    const seven = pausingAtPhase3(ctx.clients.documents, s.env.tables.audit);
    const eight = pausingAtPhase3(ctx.clients.documents, s.env.tables.audit);
    const term7 = s.controller({ term: 7, documents: seven.documents });
    const term8 = s.controller({ term: 8, documents: eight.documents });

    // Term 7 records the intent and applies it; it pauses at its first phase-3 write.
    const tick7 = term7.service.tick('stream');
    await seven.reached;
    // Term 8 claims the state, finds the intent pending and rolls it forward; it pauses there too.
    const tick8 = term8.service.tick('stream');
    await eight.reached;
    // Term 7, already fenced, goes on first; then term 8.
    seven.open();
    expect(await tick7).toMatchObject({ outcome: 'fenced' });
    eight.open();
    expect(await tick8).toMatchObject({ outcome: 'rolled-forward', flip: { term: 8 } });

    const status = await term8.service.status();
    const flips = (await term8.service.history()).entries.filter((e) => e.id === status.lastFlip?.id);
    expect(status.lastFlip).toMatchObject({ term: 8 });
    expect(flips).toHaveLength(1);
    expect(flips[0]).toMatchObject({ term: status.lastFlip?.term, actor: status.lastFlip?.actor });
    expect(term7.notifier.events.length + term8.notifier.events.length).toBe(1);
  });
});
