import { RingConfigError, createRing, type Member, type RingOptions } from '../../../lambdas/keyrouting/ring';

const ok: Member[] = [
  { id: 'a', weight: 1 },
  { id: 'b', weight: 2 },
];

function problemsOf(members: readonly Member[], options: RingOptions = {}): readonly string[] {
  try {
    createRing(members, { slotCount: 1024, ...options });
  } catch (err) {
    if (err instanceof RingConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a RingConfigError');
}

describe('ring configuration errors', () => {
  it.each<[string, readonly Member[], RingOptions, string]>([
    ['empty member list', [], {}, 'member list is empty'],
    ['zero weight', [{ id: 'a', weight: 0 }], {}, 'member "a": weight must be a finite number > 0 (got 0)'],
    ['negative weight', [{ id: 'a', weight: -2 }], {}, 'member "a": weight must be a finite number > 0 (got -2)'],
    ['NaN weight', [{ id: 'a', weight: NaN }], {}, 'member "a": weight must be a finite number > 0 (got NaN)'],
    ['infinite weight', [{ id: 'a', weight: Infinity }], {}, 'member "a": weight must be a finite number > 0 (got Infinity)'],
    ['string weight', [{ id: 'a', weight: '3' as unknown as number }], {}, 'member "a": weight must be a finite number > 0 (got "3")'],
    ['empty id', [{ id: '', weight: 1 }], {}, 'member[0]: id must be a non-empty string (got "")'],
    ['non-string id', [{ id: 7 as unknown as string, weight: 1 }], {}, 'member[0]: id must be a non-empty string (got 7)'],
    ['duplicate id', [...ok, { id: 'a', weight: 5 }], {}, 'duplicate member id "a" at positions 0 and 2'],
    ['null member', [null as unknown as Member], {}, 'member[0] must be an object with id and weight (got null)'],
    [
      'overflowing total weight',
      [
        { id: 'a', weight: Number.MAX_VALUE },
        { id: 'b', weight: Number.MAX_VALUE },
      ],
      {},
      'total weight overflows (sum of weights is not finite)',
    ],
    ['zero epsilon', ok, { epsilon: 0 }, 'epsilon must be a finite number in (0, 10] (got 0)'],
    ['negative epsilon', ok, { epsilon: -0.1 }, 'epsilon must be a finite number in (0, 10] (got -0.1)'],
    ['NaN epsilon', ok, { epsilon: NaN }, 'epsilon must be a finite number in (0, 10] (got NaN)'],
    ['absurd epsilon', ok, { epsilon: 11 }, 'epsilon must be a finite number in (0, 10] (got 11)'],
    ['slot count not a power of two', ok, { slotCount: 1000 }, 'slotCount must be a power of two in [16, 4194304] (got 1000)'],
    ['slot count too large', ok, { slotCount: 2 ** 23 }, 'slotCount must be a power of two in [16, 4194304] (got 8388608)'],
    ['more members than slots', Array.from({ length: 17 }, (_, i) => ({ id: `m${i}`, weight: 1 })), { slotCount: 16 }, '17 members need at least as many slots (slotCount is 16)'],
    ['fractional seed', ok, { seed: 1.5 }, 'seed must be an integer in [0, 2^32 - 1] (got 1.5)'],
    ['seed out of range', ok, { seed: 2 ** 32 }, 'seed must be an integer in [0, 2^32 - 1] (got 4294967296)'],
  ])('%s', (_name, members, options, message) => {
    expect(problemsOf(members, options)).toEqual([message]);
  });

  it('rejects a non-array member list', () => {
    expect(problemsOf('a,b' as unknown as Member[])).toEqual(['members must be an array (got "a,b")']);
  });

  it('lists every problem at once, in a message that names them all', () => {
    const members = [
      { id: 'a', weight: 0 },
      { id: '', weight: 1 },
      { id: 'a', weight: 1 },
    ];
    let error: unknown;
    try {
      createRing(members, { epsilon: NaN, slotCount: 3 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RingConfigError);
    const e = error as RingConfigError;
    expect(e.name).toBe('RingConfigError');
    expect(e.problems).toEqual([
      'member "a": weight must be a finite number > 0 (got 0)',
      'member[1]: id must be a non-empty string (got "")',
      'duplicate member id "a" at positions 0 and 2',
      'slotCount must be a power of two in [16, 4194304] (got 3)',
      'epsilon must be a finite number in (0, 10] (got NaN)',
    ]);
    for (const p of e.problems) expect(e.message).toContain(p);
  });

  it('accepts valid input and fills in the defaults', () => {
    const ring = createRing(ok);
    expect(ring.config).toEqual({ members: ok, slotCount: 2 ** 18, epsilon: 0.015, seed: 0 });
  });

  it('sorts members by code point, so input order never matters', () => {
    const members = [
      { id: 'b', weight: 1 },
      { id: '\u{1F600}', weight: 1 },
      { id: '\uFFFF', weight: 1 },
      { id: 'a', weight: 1 },
    ];
    const ring = createRing(members, { slotCount: 64 });
    // U+FFFF sorts before U+1F600 by code point (UTF-16 code units would put the surrogate pair first).
    expect(ring.members.map((m) => m.id)).toEqual(['a', 'b', '\uFFFF', '\u{1F600}']);
    expect(createRing([...members].reverse(), { slotCount: 64 }).fingerprint()).toBe(ring.fingerprint());
  });
});
