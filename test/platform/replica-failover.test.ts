import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { isConnectionFailure, isReplicaFailure, ReplicaHealth, ReplicaUnreachableError } from '../../lambdas/platform/replica-failover';
import { endpointFor } from '../../lambdas/platform/aws-clients';

describe('ReplicaHealth', () => {
  it('tries replicas in preference order, a failed one last until its cooldown is over', () => {
    let now = 0;
    const health = new ReplicaHealth(3, { cooldownMs: 1000, now: () => now });
    expect(health.order()).toEqual([0, 1, 2]);
    health.failed(0);
    expect(health.order()).toEqual([1, 2, 0]);
    now = 500;
    health.failed(1);
    expect(health.order()).toEqual([2, 0, 1]);
    now = 1000;
    expect(health.order()).toEqual([0, 2, 1]);
    health.succeeded(1);
    expect(health.order()).toEqual([0, 1, 2]);
  });
});

describe('which errors move on to the next replica', () => {
  it('a replica that did not answer, or answered with a server fault', () => {
    expect(isReplicaFailure(new ReplicaUnreachableError('us-east-1', new Error('connect ECONNREFUSED')))).toBe(true);
    expect(isReplicaFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isReplicaFailure(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }))).toBe(true);
    expect(isReplicaFailure(Object.assign(new Error('boom'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }))).toBe(true);
  });

  it('never an answer that holds for every replica: a failed condition, bad input, or the caller aborting', () => {
    expect(isReplicaFailure(new ConditionalCheckFailedException({ message: 'no', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isReplicaFailure(Object.assign(new Error('bad'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isReplicaFailure(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
  });

  it('the wrapper hides the connection failure from the SDK’s own retry but keeps it', () => {
    const failure = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const wrapped = new ReplicaUnreachableError('us-west-2', failure);
    expect(isConnectionFailure(wrapped)).toBe(false);
    expect(wrapped).not.toHaveProperty('cause');
    expect(wrapped).not.toHaveProperty('$retryable');
    expect(wrapped.failure).toBe(failure);
    expect(wrapped.message).toMatch(/replica in us-west-2 did not answer: connect ECONNREFUSED/);
  });
});

describe('endpointFor with a replica region', () => {
  it('uses the per-region variable first, then the service and one-endpoint variables', () => {
    const env = { AWS_ENDPOINT_URL_DYNAMODB_US_WEST_2: 'http://127.0.0.1:9002', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9000' };
    expect(endpointFor('DYNAMODB', env, 'us-west-2')).toBe('http://127.0.0.1:9002');
    expect(endpointFor('DYNAMODB', env, 'us-east-1')).toBe('http://127.0.0.1:9000');
    expect(endpointFor('DYNAMODB', { AWS_ENDPOINT_URL_DYNAMODB_US_EAST_1: '' }, 'us-east-1')).toBeUndefined();
  });
});
