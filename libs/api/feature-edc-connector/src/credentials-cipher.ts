import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A representative's EDC log-in, as it lives only in memory. */
export interface EdcCredentials {
  readonly username: string;
  readonly password: string;
}

export interface SealedCredentials {
  /** `v1:<keyId>:<iv>:<tag>:<ciphertext>`, base64 parts */
  readonly envelope: string;
  readonly keyId: string;
}

export class CredentialsKeyError extends Error {}

/**
 * AES-256-GCM for the EDC credentials at rest. Keys come from `EDC_CREDENTIALS_KEYS` (`id:base64,…`); the last one
 * seals, each one opens, so a rotation appends a key and re-seals. The community id is the additional
 * authenticated data: an envelope copied to another community's row does not open there.
 */
export class CredentialsCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(keyList: string) {
    const keys = new Map<string, Buffer>();
    for (const entry of keyList.split(',')) {
      const [id, encoded] = entry.split(':');
      const key = Buffer.from(encoded ?? '', 'base64');
      if (id === undefined || id === '' || key.length !== 32)
        throw new CredentialsKeyError('EDC_CREDENTIALS_KEYS must list id:base64 pairs of 32-byte keys');
      keys.set(id, key);
    }
    const last = [...keys.keys()].at(-1);
    if (last === undefined) throw new CredentialsKeyError('EDC_CREDENTIALS_KEYS lists no key');
    this.keys = keys;
    this.currentKeyId = last;
  }

  seal(communityId: string, credentials: EdcCredentials): SealedCredentials {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(communityId, 'utf8'));
    const plain = Buffer.from(JSON.stringify({ u: credentials.username, p: credentials.password }), 'utf8');
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    plain.fill(0);
    const tag = cipher.getAuthTag();
    return {
      envelope: [
        'v1',
        this.currentKeyId,
        iv.toString('base64'),
        tag.toString('base64'),
        sealed.toString('base64'),
      ].join(':'),
      keyId: this.currentKeyId,
    };
  }

  /** Throws CredentialsKeyError (never the secret) when the key is gone or the envelope was altered. */
  open(communityId: string, envelope: string): EdcCredentials {
    const [version, keyId, iv, tag, sealed] = envelope.split(':');
    if (
      version !== 'v1' ||
      keyId === undefined ||
      iv === undefined ||
      tag === undefined ||
      sealed === undefined
    )
      throw new CredentialsKeyError('The stored EDC credentials are not in a known format');
    const key = this.keys.get(keyId);
    if (key === undefined)
      throw new CredentialsKeyError(
        `The stored EDC credentials were sealed with key "${keyId}", which EDC_CREDENTIALS_KEYS no longer lists`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(communityId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]);
      const parsed = JSON.parse(plain.toString('utf8')) as { u?: unknown; p?: unknown };
      plain.fill(0);
      if (typeof parsed.u !== 'string' || typeof parsed.p !== 'string') throw new Error('shape');
      return { username: parsed.u, password: parsed.p };
    } catch {
      throw new CredentialsKeyError(
        'The stored EDC credentials could not be decrypted (altered or wrong key)',
      );
    }
  }

  /** True when the envelope was sealed with an older key and should be re-sealed. */
  isStale(keyId: string): boolean {
    return keyId !== this.currentKeyId;
  }
}

/** What the API may show of a username: its first two characters and the domain of an e-mail. */
export function maskUsername(username: string): string {
  const at = username.indexOf('@');
  const local = at >= 0 ? username.slice(0, at) : username;
  const shown = local.slice(0, Math.min(2, Math.max(0, local.length - 1)));
  const masked = `${shown}${'*'.repeat(Math.max(3, local.length - shown.length))}`;
  return at >= 0 ? `${masked}${username.slice(at)}` : masked;
}
