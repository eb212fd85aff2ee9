/** The fencing helper: conditions and SET fragments for Put, Update, Delete, in both value formats. */
import { fenceCondition, FenceError, withFence } from '../../../lambdas/coordination/dynamodb/fencing';

describe('withFence', () => {
  it('stores the token on a Put item and conditions it on "stored ≤ mine"', () => {
    expect(withFence({ TableName: 't', Item: { pk: 'a', v: 1 } }, 7)).toEqual({
      TableName: 't',
      Item: { pk: 'a', v: 1, fenceToken: 7 },
      ConditionExpression: '(attribute_not_exists(#fence_fenceToken) OR #fence_fenceToken <= :fence_fenceToken)',
      ExpressionAttributeNames: { '#fence_fenceToken': 'fenceToken' },
      ExpressionAttributeValues: { ':fence_fenceToken': 7 },
    });
  });

  it.each([
    ['SET a = :a', 'SET #fence_fenceToken = :fence_fenceToken, a = :a'],
    ['set a = :a REMOVE b', 'set #fence_fenceToken = :fence_fenceToken, a = :a REMOVE b'],
    ['REMOVE b', 'REMOVE b SET #fence_fenceToken = :fence_fenceToken'],
    ['ADD n :one SET #set = :set', 'ADD n :one SET #fence_fenceToken = :fence_fenceToken, #set = :set'],
    ['REMOVE #set', 'REMOVE #set SET #fence_fenceToken = :fence_fenceToken'],
  ])('adds the fence to the SET clause of %p', (update, expected) => {
    expect(withFence({ UpdateExpression: update }, 3).UpdateExpression).toBe(expected);
  });

  it('ANDs the fence with an existing condition and keeps existing placeholders', () => {
    const input = withFence({ Key: { pk: 'a' }, ConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'open' } }, 9, {
      attribute: 'fenceTerm',
    });
    expect(input.ConditionExpression).toBe('(attribute_not_exists(#fence_fenceTerm) OR #fence_fenceTerm <= :fence_fenceTerm) AND (#s = :s)');
    expect(input.ExpressionAttributeNames).toEqual({ '#s': 'status', '#fence_fenceTerm': 'fenceTerm' });
    expect(input.ExpressionAttributeValues).toEqual({ ':s': 'open', ':fence_fenceTerm': 9 });
    expect(input).not.toHaveProperty('Item');
    expect(input).not.toHaveProperty('UpdateExpression');
  });

  it('speaks the low-level client’s attribute values when asked', () => {
    const input = withFence<{ Item: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> }>({ Item: { pk: { S: 'a' } } }, 12, { format: 'attribute-value' });
    expect(input.Item).toEqual({ pk: { S: 'a' }, fenceToken: { N: '12' } });
    expect(input.ExpressionAttributeValues).toEqual({ ':fence_fenceToken': { N: '12' } });
    expect(fenceCondition(12, { attribute: 'my-fence' }).setExpression).toBe('#fence_my_fence = :fence_my_fence');
  });

  it('refuses placeholder clashes and bad tokens with actionable errors', () => {
    expect(() => withFence({ ExpressionAttributeValues: { ':fence_fenceToken': 1 } }, 1)).toThrow(/placeholder :fence_fenceToken is already defined; rename it/);
    expect(() => withFence({ ExpressionAttributeNames: { '#fence_fenceToken': 'other' } }, 1)).toThrow(FenceError);
    expect(() => fenceCondition(-1)).toThrow(/non-negative safe integer/);
    expect(() => fenceCondition(1.5)).toThrow(FenceError);
  });
});
