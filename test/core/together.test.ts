import { describe, expect, it } from 'vitest';
import { together } from '../../src/digest/together.js';

describe('together (group commit)', () => {
  it('the first call goes alone; calls made while it is in flight go next, as one batch, each with its own answer', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const double = together(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((i) => i * 2);
    });
    const answers = [double(1), double(2), double(3), double(4)];
    await Promise.resolve();
    release();
    expect(await Promise.all(answers)).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('a failed batch fails each of its calls, and the next batch runs', async () => {
    let calls = 0;
    const run = together(async (items: string[]) => {
      calls++;
      if (calls === 1) throw new Error('database away');
      return items;
    });
    const [a, b] = [run('a'), run('b')];
    await expect(a).rejects.toThrow('database away');
    expect(await b).toBe('b');
  });
});
