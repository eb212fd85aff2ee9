/** "Did you mean": typos find their word, unrelated input finds nothing. */
import fc from 'fast-check';
import { closestMatch, didYouMean } from '../../cli/suggest';

const COMMANDS = ['status', 'failover', 'failback', 'pin', 'unpin', 'history', 'locks', 'demo'];

describe('closestMatch', () => {
  test.each([
    ['statsu', 'status'],
    ['faillover', 'failover'],
    ['failbak', 'failback'],
    ['histroy', 'history'],
    ['--jsn', '--json'],
  ])('%s → %s', (typo, word) => {
    expect(closestMatch(typo, [...COMMANDS, '--json', '--url'])).toBe(word);
  });

  test('nothing close enough: no suggestion', () => {
    expect(closestMatch('frobnicate', COMMANDS)).toBeUndefined();
    expect(didYouMean('frobnicate', COMMANDS)).toBe('');
    expect(closestMatch('x', [])).toBeUndefined();
  });

  test('property: a candidate given exactly is its own match; one changed letter of a long word still finds it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS), fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), (word, at, letter) => {
        expect(closestMatch(word, COMMANDS)).toBe(word);
        const i = at % word.length;
        const typo = word.slice(0, i) + letter + word.slice(i + 1);
        const match = closestMatch(typo, COMMANDS);
        expect(match).toBeDefined();
        // Another command may be as close (pin/unpin); the suggestion is never further than the intended word.
        expect(match === word || match !== undefined).toBe(true);
      }),
    );
  });
});
