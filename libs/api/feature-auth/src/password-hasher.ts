import { Injectable } from '@nestjs/common';
import { argon2id, hash, verify } from 'argon2';

/** argon2id with the library's defaults (OWASP-recommended memory cost); the parameters live in the hash string. */
@Injectable()
export class PasswordHasher {
  // Verifying against a fixed hash when the e-mail is unknown makes both answers take the same time.
  private readonly decoy = hash('decoy-password-never-used', { type: argon2id });

  hash(password: string): Promise<string> {
    return hash(password, { type: argon2id });
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    if (passwordHash === undefined) {
      await verify(await this.decoy, password);
      return false;
    }
    return verify(passwordHash, password);
  }
}
