import { describe, expect, it } from 'vitest';
import { chunk, sendAll } from '../../src/core/chunk.js';
import { BatchError, ServerError, ValidationError } from '../../src/index.js';

describe('splitting input to fit one request', () => {
  it('splits by count, keeping order', () => {
    expect(chunk([1, 2, 3, 4, 5], { maxItems: 2 })).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], { maxItems: 2 })).toEqual([]);
  });

  it('splits by bytes of JSON, and refuses an item too big alone', () => {
    const item = 'x'.repeat(98); // 100 bytes of JSON + 1 separator
    expect(chunk([item, item, item], { maxItems: 10, maxBytes: 250 }).map((c) => c.length)).toEqual([2, 1]);
    expect(() => chunk(['x'.repeat(300)], { maxItems: 10, maxBytes: 250 })).toThrow(ValidationError);
  });
});

describe('sending every chunk', () => {
  const failure = () =>
    Object.assign(new ServerError({ status: 503, method: 'POST', path: '/x', headers: new Headers(), body: undefined }), {
      mayHaveApplied: true,
    });

  it('resolves to every result in order', async () => {
    await expect(sendAll([[1], [2], [3]], async (c) => c[0]! * 10)).resolves.toEqual([10, 20, 30]);
  });

  it('says which requests went through when only some failed', async () => {
    const error = await sendAll([[1], [2], [3]], async (c, i) => {
      if (i === 1) throw failure();
      return c[0];
    }).catch((e) => e);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).results).toEqual([1, undefined, 3]);
    expect((error as BatchError).failures.map((f) => f.index)).toEqual([1]);
    expect((error as BatchError).mayHaveApplied).toBe(true);
    expect((error as Error).message).toMatch(/^1 of 3 requests failed and 2 went through; the failed ones carried 1 item \(/);
  });

  it("names each failed request's items by their index in the caller's array, to re-send exactly those", async () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const error = await sendAll(chunk(items, { maxItems: 2 }), async (c, i) => {
      if (i !== 0) throw failure();
      return c.length;
    }).catch((e) => e);
    expect((error as BatchError).failures.map((f) => [f.index, f.items])).toEqual([
      [1, [2, 3]],
      [2, [4]],
    ]);
    expect((error as BatchError).failures.flatMap((f) => f.items.map((i) => items[i]))).toEqual(['c', 'd', 'e']);
  });

  it('rethrows the error itself when nothing went through', async () => {
    const error = await sendAll([[1], [2]], async () => {
      throw failure();
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
  });
});
