import { createSecretKey, type KeyObject } from 'node:crypto';

import type { AppConfig } from '@sdilna/api/util-config';

/**
 * The HS256 key of access tokens, made once. Given the secret as a string, jsonwebtoken first tries to read it as
 * a public key and then builds a key object on every verification: a quarter of the API's CPU under load.
 */
export function accessTokenKey(config: AppConfig): KeyObject {
  return createSecretKey(Buffer.from(config.JWT_ACCESS_SECRET, 'utf8'));
}
