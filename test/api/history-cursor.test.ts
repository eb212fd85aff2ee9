/** History cursors: opaque, round-trip exactly, and anything the API did not hand out is a 400. */
import fc from 'fast-check';
import { ApiError } from '../../lambdas/api/errors';
import { CURSOR_PATTERN, decodeCursor, encodeCursor } from '../../lambdas/api/history-cursor';

const boundary = fc.tuple(fc.date({ min: new Date(0), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }), fc.uuid()).map(([d, id]) => `${d.toISOString()}#${id}`);

describe('history cursors', () => {
  test('property: a cursor decodes to the boundary it was made from and matches the published pattern', () => {
    fc.assert(
      fc.property(boundary, (b) => {
        const cursor = encodeCursor(b);
        expect(cursor).toMatch(new RegExp(CURSOR_PATTERN));
        expect(decodeCursor(cursor)).toBe(b);
      }),
    );
  });

  test('property: changing any one character of a cursor makes it a 400', () => {
    fc.assert(
      fc.property(boundary, fc.nat(), fc.constantFrom(...'AZaz09_-'), (b, at, ch) => {
        const cursor = encodeCursor(b);
        const i = at % cursor.length;
        fc.pre(cursor[i] !== ch && cursor[i] !== '.');
        const edited = cursor.slice(0, i) + ch + cursor.slice(i + 1);
        expect(() => decodeCursor(edited)).toThrow(ApiError);
      }),
    );
  });

  test('made-up, oversized and malformed cursors are 400s naming query.cursor', () => {
    for (const bad of ['x'.repeat(1025), '2024-01-01T00:00:00.000Z#id', `${Buffer.from('y'.repeat(2000)).toString('base64url')}.AAAAAAAAAAA`, '.', 'a.b.c']) {
      const err = (() => {
        try {
          decodeCursor(bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toMatchObject({ status: 400, code: 'validation_failed', details: [{ path: 'query.cursor' }] });
    }
  });
});
