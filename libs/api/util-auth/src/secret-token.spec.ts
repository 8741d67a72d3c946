import { describe, expect, it } from 'vitest';

import { hashSecret, newSecret, secretMatches, splitToken } from './secret-token';

describe('secret tokens', () => {
  it('matches a secret only against its own keyed hash', () => {
    const secret = newSecret();
    const stored = hashSecret(secret, 'key-1');
    expect(secretMatches(secret, stored, 'key-1')).toBe(true);
    expect(secretMatches(newSecret(), stored, 'key-1')).toBe(false);
    expect(secretMatches(secret, stored, 'key-2')).toBe(false);
  });

  it('splits well-formed tokens and refuses anything else', () => {
    const id = '0b4f2a4e-8f0e-4c51-9d1e-5b2a7c3d9e10';
    const secret = newSecret();
    expect(splitToken(`${id}.${secret}`, 1)).toEqual({ ids: [id], secret });
    expect(splitToken(`${id}.${id}.${secret}`, 2)).toEqual({ ids: [id, id], secret });
    expect(splitToken(`${id}.${secret}`, 2)).toBeUndefined();
    expect(splitToken(`not-an-id.${secret}`, 1)).toBeUndefined();
    expect(splitToken(`${id}.short`, 1)).toBeUndefined();
  });
});
