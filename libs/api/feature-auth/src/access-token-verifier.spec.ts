import { randomUUID } from 'node:crypto';

import { JwtService } from '@nestjs/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { AppConfig } from '@sdilna/api/util-config';

import { AccessTokenVerifier, VERIFIED_TOKENS_KEPT } from './access-token-verifier';
import { AuthException } from './auth.exception';

const SECRET = 'a-secret-of-the-access-tokens-for-this-spec';
const NOW = Date.parse('2026-12-07T12:00:00Z');

function verifierWithJwt(): { verifier: AccessTokenVerifier; jwt: JwtService } {
  const jwt = new JwtService({ secret: SECRET });
  return { verifier: new AccessTokenVerifier(jwt, { JWT_ACCESS_SECRET: SECRET } as AppConfig), jwt };
}

function sign(
  jwt: JwtService,
  claims: Record<string, unknown> = {},
  options: { expiresIn?: number; secret?: string; noTimestamp?: boolean } = { expiresIn: 900 },
): string {
  return jwt.sign({ sub: randomUUID(), sid: randomUUID(), ...claims }, { algorithm: 'HS256', ...options });
}

/** The refusal `verify` answers (status code and message), or 'accepted'. */
async function outcome(verifier: AccessTokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(`Bearer ${token}`);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof AuthException)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

describe('AccessTokenVerifier', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('verifies a token once and answers its later uses from memory with the same claims', async () => {
    const { verifier, jwt } = verifierWithJwt();
    const token = sign(jwt, { tfa: 'enroll' });
    const verify = vi.spyOn(jwt, 'verifyAsync');
    const first = await verifier.verify(`Bearer ${token}`);
    const second = await verifier.verify(`bearer  ${token}`);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
    expect(first.enroll).toBe(true);
    expect(Object.isFrozen(first.claims)).toBe(true);
  });

  it('refuses a remembered token once it has expired, as a token never seen is refused', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const { verifier, jwt } = verifierWithJwt();
    const remembered = sign(jwt, {}, { expiresIn: 60 });
    const unseen = sign(jwt, {}, { expiresIn: 60 });
    expect(await outcome(verifier, remembered)).toBe('accepted');
    vi.setSystemTime(NOW + 59_999);
    expect(await outcome(verifier, remembered)).toBe('accepted');
    // jsonwebtoken: expired when the current second reaches `exp`.
    vi.setSystemTime(NOW + 60_000);
    const refusal = await outcome(verifier, remembered);
    expect(refusal).toBe('UNAUTHENTICATED: A valid access token is required (Authorization: Bearer)');
    expect(await outcome(verifier, unseen)).toBe(refusal);
    // and it stays refused: the expired entry was forgotten, not kept as valid.
    expect(await outcome(verifier, remembered)).toBe(refusal);
  });

  it('refuses a remembered token again before its not-before time should the clock go back', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const { verifier, jwt } = verifierWithJwt();
    const token = sign(jwt, { nbf: Math.floor(NOW / 1000) }, { expiresIn: 900 });
    expect(await outcome(verifier, token)).toBe('accepted');
    vi.setSystemTime(NOW - 2_000);
    expect(await outcome(verifier, token)).toBe(
      'UNAUTHENTICATED: A valid access token is required (Authorization: Bearer)',
    );
  });

  it('refuses the same tokens with the same errors every time: refusals are never remembered', async () => {
    const { verifier, jwt } = verifierWithJwt();
    const valid = sign(jwt);
    const cases = {
      forged: `${valid.slice(0, -4)}AAAA`,
      otherKey: sign(jwt, {}, { expiresIn: 900, secret: 'another-secret-of-at-least-32-characters' }),
      noExpiry: sign(jwt, {}, {}),
      malformedIds: sign(jwt, { sub: 'not-a-uuid' }),
    };
    const verify = vi.spyOn(jwt, 'verifyAsync');
    const first = await Promise.all(Object.values(cases).map((token) => outcome(verifier, token)));
    const again = await Promise.all(Object.values(cases).map((token) => outcome(verifier, token)));
    expect(first).toEqual([
      'UNAUTHENTICATED: A valid access token is required (Authorization: Bearer)',
      'UNAUTHENTICATED: A valid access token is required (Authorization: Bearer)',
      'UNAUTHENTICATED: The access token has no expiry',
      'UNAUTHENTICATED: Malformed access token',
    ]);
    expect(again).toEqual(first);
    expect(verify).toHaveBeenCalledTimes(8);
    await expect(verifier.verify(undefined)).rejects.toThrow(AuthException);
    await expect(verifier.verify(`Basic ${valid}`)).rejects.toThrow(AuthException);
  });

  it('keeps at most its bound of tokens, verifying a forgotten one afresh', async () => {
    const { verifier, jwt } = verifierWithJwt();
    const tokens = Array.from({ length: VERIFIED_TOKENS_KEPT + 1 }, () => sign(jwt));
    for (const token of tokens) await verifier.verify(`Bearer ${token}`);
    const verify = vi.spyOn(jwt, 'verifyAsync');
    await verifier.verify(`Bearer ${tokens[VERIFIED_TOKENS_KEPT] as string}`);
    expect(verify).toHaveBeenCalledTimes(0);
    await verifier.verify(`Bearer ${tokens[0] as string}`);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('decides a route with remembered claims as with fresh ones: an enrolment-only token is refused elsewhere', async () => {
    const { verifier, jwt } = verifierWithJwt();
    const token = sign(jwt, { tfa: 'enroll' });
    await expect(
      verifier.claimsForRoute(`Bearer ${token}`, { enrollmentRoute: true }),
    ).resolves.toBeDefined();
    await expect(
      verifier.claimsForRoute(`Bearer ${token}`, { enrollmentRoute: false }),
    ).rejects.toMatchObject({
      code: 'TWO_FACTOR_REQUIRED',
    });
  });
});
