import { describe, expect, it } from 'vitest';

import { MAX_STORED_MESSAGE, storableIssue, storableText } from './import-common';

describe('storable import issues', () => {
  it('replaces NUL and lone surrogates (which PostgreSQL refuses) and keeps valid pairs', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(storableText('kWh ⚡ 😀')).toBe('kWh ⚡ 😀');
  });

  it('caps the length without leaving half a surrogate pair', () => {
    const long = 'a'.repeat(MAX_STORED_MESSAGE - 2) + '😀'.repeat(10);
    const stored = storableText(long);
    expect(stored).toHaveLength(MAX_STORED_MESSAGE);
    expect(stored.endsWith('\uFFFD…')).toBe(true);
    expect(Buffer.from(stored, 'utf8').toString('utf8')).toBe(stored);
  });

  it('cleans the message and the file name of an issue, keeping its position', () => {
    expect(
      storableIssue({
        message: 'found "\u0000"',
        code: 'VALUE_FORMAT',
        params: { found: '\u0000' },
        file: 'a\u0000.csv',
        line: 3,
        column: 4,
      }),
    ).toEqual({
      message: 'found "\uFFFD"',
      code: 'VALUE_FORMAT',
      params: { found: '\uFFFD' },
      file: 'a\uFFFD.csv',
      line: 3,
      column: 4,
    });
  });
});
