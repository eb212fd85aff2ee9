/**
 * DynamoDB clients that fail over between table replicas. A component has an ordered list of
 * replicas (its own first, see `replicaOrder`); each call goes to the first one that is not
 * cooling down, and moves on to the next when the replica does not answer (connection refused or
 * reset, a connect or request timeout) or answers with a server fault after its own retries.
 *
 * Why this is safe: every replica of an MRSC global table is strongly consistent and a single-region
 * table has one replica, so any replica gives the same answers and applies the same conditions.
 * Re-sending a write to another replica is exactly what the SDK's own retry does after a lost
 * answer — a conditional write that landed but whose answer was lost is refused the second time,
 * and the callers already recognise their own write in the refusal (lock grants by recordVersion,
 * flip intents by id, route tables by content, audit entries by key).
 *
 * Each replica is a plain SDK client for its region and endpoint (correct signing, its own retry of
 * throttling and 5xx). With more than one replica, a replica's SDK retry does not retry a dead
 * connection — the next replica is tried at once instead of waiting out the same dead endpoint.
 */
import type { DynamoDBClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { FinalizeHandler, FinalizeHandlerArguments } from '@smithy/types';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Node and smithy codes of a connection that failed or died (the replica did not answer). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

function shape(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? err : {};
}

/** The request never got an answer: refused, reset, unreachable, or a connect/request/socket timeout. */
export function isConnectionFailure(err: unknown): boolean {
  const s = shape(err);
  return s.name === 'TimeoutError' || (typeof s.code === 'string' && CONNECTION_CODES.has(s.code));
}

/**
 * A replica did not answer. Classified as a client error by the SDK's retry (no `$retryable`, no
 * `code`, no `cause`), so the replica's own retry gives up at once and the next replica is tried; the
 * original failure is kept in `failure`.
 */
export class ReplicaUnreachableError extends Error {
  override readonly name = 'ReplicaUnreachableError';
  /** For the project's own transient-error checks (lambdas/coordination/dynamodb/lock-errors.ts). */
  readonly $fault = 'server';
  constructor(
    readonly region: string,
    readonly failure: unknown,
  ) {
    super(`table replica in ${region} did not answer: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
}

/** Worth trying the next replica: it did not answer, or answered with a server fault after its retries. */
export function isReplicaFailure(err: unknown): boolean {
  if (err instanceof ReplicaUnreachableError || shape(err).name === 'ReplicaUnreachableError') return true;
  const s = shape(err);
  if (s.name === 'AbortError') return false;
  const status = s.$metadata?.httpStatusCode;
  return isConnectionFailure(err) || (status !== undefined && status >= 500) || s.name === 'InternalServerError' || s.name === 'ServiceUnavailable';
}

export interface ReplicaHealthOptions {
  /** A replica that failed is tried after the others for this long. @default 10000 */
  readonly cooldownMs?: number;
  /** Monotonic milliseconds. @default performance.now */
  readonly now?: () => number;
}

/**
 * Which replica to try first. Preference order, except that a replica that failed within the
 * cooldown goes after the others: a dead own replica costs one failed attempt per cooldown, not one
 * per call. After the cooldown it is first again (a healed replica is used again).
 */
export class ReplicaHealth {
  private readonly suspectUntil: number[];
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(
    readonly count: number,
    options: ReplicaHealthOptions = {},
  ) {
    this.suspectUntil = new Array<number>(count).fill(0);
    this.cooldownMs = options.cooldownMs ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Indexes to try, in order. */
  order(): number[] {
    const now = this.now();
    const all = [...this.suspectUntil.keys()];
    return [...all.filter((i) => (this.suspectUntil[i] ?? 0) <= now), ...all.filter((i) => (this.suspectUntil[i] ?? 0) > now)];
  }

  failed(index: number): void {
    this.suspectUntil[index] = this.now() + this.cooldownMs;
  }

  succeeded(index: number): void {
    this.suspectUntil[index] = 0;
  }
}

/** What the failover needs of a command: its class (to build a fresh one per replica) and its input. */
interface CommandLike {
  readonly input: unknown;
  readonly constructor: unknown;
}

interface Sender {
  send(command: object, options?: object): Promise<unknown>;
  destroy(): void;
}

export interface FailoverEvent {
  readonly from: string;
  readonly to?: string;
  readonly error: unknown;
}

export interface ReplicaSet {
  readonly regions: readonly string[];
  readonly health: ReplicaHealth;
  /** Start no further replica once a call has run this long (its attempts have their own timeouts). */
  readonly budgetMs: number;
  readonly now: () => number;
  readonly onFailover?: (event: FailoverEvent) => void;
}

/** A fresh command of the same class and input: a command instance keeps per-client middleware, so each replica gets its own. */
function fresh(command: CommandLike): object {
  const Command = command.constructor as new (input: unknown) => object;
  return new Command(command.input);
}

async function sendWithFailover(clients: readonly Sender[], set: ReplicaSet, command: CommandLike, options: object | undefined): Promise<unknown> {
  const started = set.now();
  const order = set.health.order();
  let last: { index: number; error: unknown } | undefined;
  for (const index of order) {
    const client = clients[index];
    if (client === undefined) continue;
    if (last !== undefined) {
      if (set.now() - started > set.budgetMs) break;
      set.onFailover?.({ from: set.regions[last.index] ?? '?', to: set.regions[index], error: last.error });
    }
    try {
      const output = await client.send(index === order[0] ? command : fresh(command), options);
      set.health.succeeded(index);
      return output;
    } catch (err) {
      if (!isReplicaFailure(err)) throw err;
      set.health.failed(index);
      last = { index, error: err };
    }
  }
  // Every replica failed: surface the plain failure, which the callers classify as transient.
  const error = last?.error;
  throw error instanceof ReplicaUnreachableError ? error.failure : error;
}

/**
 * `primary` with `send` replaced by the failover over `replicas` (the primary is `replicas[0]`) and
 * `destroy` releasing every replica. Everything else (config, middlewareStack) is the primary's.
 */
export function failoverClient<T extends DynamoDBClient | DynamoDBDocumentClient>(replicas: readonly T[], set: ReplicaSet): T {
  const [primary] = replicas;
  if (primary === undefined) throw new Error('failoverClient needs at least one replica');
  const senders = replicas as unknown as readonly Sender[];
  const send = (command: CommandLike, options?: object): Promise<unknown> => sendWithFailover(senders, set, command, options);
  const destroy = (): void => senders.forEach((s) => s.destroy());
  return new Proxy(primary, {
    get(target, property, receiver) {
      if (property === 'send') return send;
      if (property === 'destroy') return destroy;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/** Middleware for one replica's client: a dead connection ends the SDK's retries on that replica (see ReplicaUnreachableError). */
export function giveUpOnDeadConnections(client: DynamoDBClient, region: string): void {
  client.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<ServiceInputTypes, ServiceOutputTypes>) => async (args: FinalizeHandlerArguments<ServiceInputTypes>) => {
      try {
        return await next(args);
      } catch (err) {
        if (isConnectionFailure(err)) throw new ReplicaUnreachableError(region, err);
        throw err;
      }
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'replicaUnreachable', override: true },
  );
}
