import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in any letter case: the shape of every id in tokens, routes and the database. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** 32 random bytes, URL-safe: the secret half of refresh tokens, invitation and reset links. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Only a keyed hash of a secret is stored, so a leaked table does not yield working tokens; the key
 * (JWT_REFRESH_SECRET) lives outside the database.
 */
export function hashSecret(secret: string, key: string): Buffer {
  return createHmac('sha256', key).update(secret).digest();
}

export function secretMatches(secret: string, storedHash: Buffer, key: string): boolean {
  const candidate = hashSecret(secret, key);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}

/**
 * Tokens handed out are `<id>.<secret>` (or `<communityId>.<id>.<secret>` for invitations): the ids find the
 * row without scanning, the secret proves possession. Returns undefined for anything malformed.
 */
export function splitToken(token: string, ids: 1 | 2): { ids: string[]; secret: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== ids + 1) return undefined;
  const secret = parts[ids] ?? '';
  const idParts = parts.slice(0, ids);
  if (!idParts.every(isUuid) || !/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return undefined;
  return { ids: idParts.map((part) => part.toLowerCase()), secret };
}
