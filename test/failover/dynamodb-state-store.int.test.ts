/**
 * The State/Audit store's conditional writes on DynamoDB Local — version and intent guards, the
 * leader's term fence, idempotent completion and audit, history paging, lost answers — with and
 * without TransactWriteItems: the shared store contract (support/state-store-contract.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoControllerStateStore } from '../../lambdas/failover/dynamodb-state-store';
import type { StoreWrite } from '../../lambdas/failover/memory-state-store';
import { useEmulators } from '../support/emulators';
import { describeStateStoreContract } from './support/state-store-contract';

const ctx = useEmulators();
let counter = 0;

type Command = { input: Record<string, unknown>; constructor: { name: string } };

/** Which DynamoDB request is the store's `write`. */
function isWrite(write: StoreWrite, c: Command, tables: { state: string; audit: string }): boolean {
  const update = c.constructor.name === 'UpdateCommand' ? String(c.input.UpdateExpression ?? '') : undefined;
  switch (write) {
    case 'initialize':
      return c.constructor.name === 'PutCommand' && c.input.TableName === tables.state;
    case 'putAudit':
      return c.constructor.name === 'PutCommand' && c.input.TableName === tables.audit;
    case 'recordIntent':
      return update?.includes('#intent = :intent') ?? false;
    case 'completeIntent':
      return c.constructor.name === 'TransactWriteCommand' || (update?.includes('REMOVE #intent') ?? false);
    case 'noteApplyFailure':
      return update?.includes('#lastError') ?? false;
    case 'claimOutbox':
      return update?.includes('#outbox.#claimant') ?? false;
    case 'clearOutbox':
      return update?.startsWith('REMOVE #outbox') ?? false;
    case 'claim':
      return update !== undefined && !update.includes('#version') && !update.includes('#outbox') && !update.includes('#intent');
  }
}

/** A DocumentClient that, when armed, sends one matching request twice and answers with the second: a lost answer and the SDK's retry. */
function losingDocuments(real: DynamoDBDocumentClient, tables: { state: string; audit: string }) {
  const armed: StoreWrite[] = [];
  const documents = {
    send: async (command: Command) => {
      const i = armed.findIndex((w) => isWrite(w, command, tables));
      const send = () => real.send(command as Parameters<DynamoDBDocumentClient['send']>[0]);
      if (i < 0) return send();
      armed.splice(i, 1);
      await send().catch(() => undefined);
      return send();
    },
  } as unknown as DynamoDBDocumentClient;
  return { documents, arm: (w: StoreWrite) => armed.push(w) };
}

describeStateStoreContract('DynamoDB', async ({ transactions }) => {
  counter += 1;
  const tables = await ctx.provisionTables(`css-${counter}`);
  const { documents, arm } = losingDocuments(ctx.clients.documents, tables);
  return { store: new DynamoControllerStateStore({ documents, stateTable: tables.state, auditTable: tables.audit, transactions }), loseNextAnswer: arm };
});
