import { describe, expect, it } from 'vitest';

import { BoundedMemo } from './bounded-memo';

describe('BoundedMemo', () => {
  it('answers what was remembered under a key, and nothing for a key it has not seen', () => {
    const memo = new BoundedMemo<number>(3);
    memo.set('a', 1);
    expect(memo.get('a')).toBe(1);
    expect(memo.get('b')).toBeUndefined();
  });

  it('never holds more than its bound, forgetting the entry remembered first', () => {
    const memo = new BoundedMemo<number>(3);
    for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) memo.set(key, i);
    expect(memo.size).toBe(3);
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('b')).toBeUndefined();
    expect([memo.get('c'), memo.get('d'), memo.get('e')]).toEqual([2, 3, 4]);
  });

  it('replaces the value of a key it holds without forgetting another', () => {
    const memo = new BoundedMemo<number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('a', 3);
    expect([memo.size, memo.get('a'), memo.get('b')]).toEqual([2, 3, 2]);
  });

  it('does not remember a key longer than its limit', () => {
    const memo = new BoundedMemo<number>(2, 8);
    memo.set('x'.repeat(9), 1);
    memo.set('x'.repeat(8), 2);
    expect([memo.size, memo.get('x'.repeat(9)), memo.get('x'.repeat(8))]).toEqual([1, undefined, 2]);
  });

  it('forgets a deleted key', () => {
    const memo = new BoundedMemo<number>(2);
    memo.set('a', 1);
    memo.delete('a');
    expect([memo.size, memo.get('a')]).toEqual([0, undefined]);
  });

  it('refuses a bound below one entry', () => {
    expect(() => new BoundedMemo<number>(0)).toThrow(/at least one entry/);
  });
});
