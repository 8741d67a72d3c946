import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { CredentialsCipher, CredentialsKeyError, maskUsername } from './credentials-cipher';

const key = (): string => randomBytes(32).toString('base64');
const COMMUNITY = '3f2b6c1e-5d7a-4a9b-8c0d-1e2f3a4b5c6d';
const SECRET = { username: 'jana.novakova@lomnice.cz', password: 'Tajné-heslo-2026!' };

describe('CredentialsCipher', () => {
  it('seals with the newest key so that the envelope holds neither the username nor the password', () => {
    const cipher = new CredentialsCipher(`old:${key()},new:${key()}`);
    const sealed = cipher.seal(COMMUNITY, SECRET);
    expect(sealed.keyId).toBe('new');
    expect(sealed.envelope.startsWith('v1:new:')).toBe(true);
    expect(sealed.envelope).not.toContain('jana');
    expect(sealed.envelope).not.toContain(Buffer.from(SECRET.password).toString('base64').slice(0, 8));
    expect(cipher.open(COMMUNITY, sealed.envelope)).toEqual(SECRET);
  });

  it('still opens what an older key sealed after a new key was appended, and says it is stale', () => {
    const oldKey = key();
    const before = new CredentialsCipher(`k1:${oldKey}`).seal(COMMUNITY, SECRET);
    const after = new CredentialsCipher(`k1:${oldKey},k2:${key()}`);
    expect(after.open(COMMUNITY, before.envelope)).toEqual(SECRET);
    expect(after.isStale(before.keyId)).toBe(true);
    expect(after.isStale(after.seal(COMMUNITY, SECRET).keyId)).toBe(false);
  });

  it('refuses an envelope of a key that is no longer listed, naming the key and not the secret', () => {
    const sealed = new CredentialsCipher(`gone:${key()}`).seal(COMMUNITY, SECRET);
    expect(() => new CredentialsCipher(`k2:${key()}`).open(COMMUNITY, sealed.envelope)).toThrow(
      /key "gone", which EDC_CREDENTIALS_KEYS no longer lists/,
    );
  });

  it('refuses an envelope moved to another community or altered', () => {
    const cipher = new CredentialsCipher(`k1:${key()}`);
    const sealed = cipher.seal(COMMUNITY, SECRET);
    expect(() => cipher.open('00000000-0000-4000-8000-000000000000', sealed.envelope)).toThrow(
      CredentialsKeyError,
    );
    const parts = sealed.envelope.split(':');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => cipher.open(COMMUNITY, parts.join(':'))).toThrow(/could not be decrypted/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new CredentialsCipher(`short:${randomBytes(16).toString('base64')}`)).toThrow(
      /32-byte keys/,
    );
  });
});

describe('maskUsername', () => {
  it('shows two characters and the e-mail domain only', () => {
    expect(maskUsername('jana.novakova@lomnice.cz')).toBe('ja***********@lomnice.cz');
    expect(maskUsername('ab')).toBe('a***');
    expect(maskUsername('representative01')).toBe('re**************');
  });
});
