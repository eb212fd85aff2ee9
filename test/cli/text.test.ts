/** Terminal layout: wrapping keeps every word and respects the width; terms read as times. */
import fc from 'fast-check';
import { termLabel, termName, termWithToken, textTable, wrap } from '../../cli/text';

describe('wrap', () => {
  test('breaks at spaces within the width', () => {
    expect(wrap('the quick brown fox jumps over the lazy dog', 15)).toEqual(['the quick brown', 'fox jumps over', 'the lazy dog']);
    expect(wrap('', 20)).toEqual(['']);
  });

  test('property: no line is wider than the width, and the words come back in order', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,30}$/), { maxLength: 40 }), fc.integer({ min: 10, max: 120 }), (words, width) => {
        const lines = wrap(words.join(' '), width);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/ /g, '')).toBe(words.join(''));
      }),
    );
  });
});

describe('textTable', () => {
  test('cells of several lines make the row that tall, columns stay aligned', () => {
    expect(
      textTable(
        ['A', 'B'],
        [
          [['x', 'yy'], 'b'],
          ['z', 'c'],
        ],
      ).split('\n'),
    ).toEqual(['A   B', '--  -', 'x   b', 'yy', 'z   c']);
  });
});

describe('termLabel', () => {
  test('a wall-clock fencing token reads as the time its term began; others stay tokens', () => {
    expect(termLabel(1_733_038_800_000)).toBe('2024-12-01 07:40:00Z');
    expect(termLabel(7)).toBe('token 7');
  });
});

describe('term numbers', () => {
  test('a numbered term reads as #n; a term from before numbers reads as its token', () => {
    expect(termName({ term: 1_733_038_800_000, termNumber: 7 })).toBe('#7');
    expect(termName({ term: 1_733_038_800_000 })).toBe('2024-12-01 07:40:00Z');
    // 0: a leader record older than term numbers; no "#0" that reads like a real term.
    expect(termName({ term: 1_733_038_800_000, termNumber: 0 })).toBe('2024-12-01 07:40:00Z');
    expect(termName({ term: 42 })).toBe('token 42');
  });

  test('with its token: when the term began, or the raw token when it is no wall-clock time', () => {
    expect(termWithToken({ term: 1_733_038_800_000, termNumber: 7 })).toBe('#7 (began 2024-12-01 07:40:00Z)');
    expect(termWithToken({ term: 42, termNumber: 7 })).toBe('#7 (token 42)');
    expect(termWithToken({ term: 1_733_038_800_000 })).toBe('2024-12-01 07:40:00Z');
  });
});
