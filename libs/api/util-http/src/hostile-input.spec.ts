import { describe, expect, it } from 'vitest';

import { findUnsafeText, jsonDepthExceeds, unsafeTextProblem } from './hostile-input';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonDepthExceeds', () => {
  it('passes the nesting of real requests and stops at the first level past the limit', () => {
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[1,2]}]}'), 4)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true);
    expect(jsonDepthExceeds(bytes(`${'['.repeat(16_000)}${']'.repeat(16_000)}`), 32)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(bytes(`{"name": "${'[{'.repeat(100)}\\" [[[["}`), 2)).toBe(false);
  });
});

describe('unsafe text', () => {
  it('names a NUL and a lone surrogate with their position, and accepts paired surrogates', () => {
    expect(unsafeTextProblem('ab\u0000')).toBe('contains a NUL character at position 3');
    expect(unsafeTextProblem('x\ud800y')).toMatch(/lone UTF-16 surrogate at position 2/);
    expect(unsafeTextProblem('\udc00')).toMatch(/lone UTF-16 surrogate at position 1/);
    expect(unsafeTextProblem('Žluťoučký kůň 😀')).toBeUndefined();
  });

  it('finds the field of a nested value or key', () => {
    expect(findUnsafeText({ a: [{ b: 'ok' }, { c: 'no\u0000' }] }, 'body')).toEqual({
      field: 'body.a[1].c',
      problem: 'contains a NUL character at position 3',
    });
    expect(findUnsafeText({ ['k\ud800']: 1 }, 'query')?.field).toBe('query.k\ud800');
    expect(findUnsafeText({ fine: ['yes', 1, null, true] }, 'body')).toBeUndefined();
  });
});
