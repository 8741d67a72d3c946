import { Injectable } from '@angular/core';

import type { TokenPair } from './auth-models';

const STORAGE_KEY = 'sdilna.session';

/**
 * Keeps the token pair across reloads. localStorage is readable by any script of the origin, which is why the
 * access token lives 15 minutes and each refresh token works once (the API ends a session on reuse).
 */
@Injectable({ providedIn: 'root' })
export class TokenStorage {
  read(): TokenPair | undefined {
    try {
      const raw = localStorage.getItem(STORAGE_KEY);
      if (!raw) return undefined;
      const parsed = JSON.parse(raw) as Partial<TokenPair>;
      return typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string'
        ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken }
        : undefined;
    } catch {
      return undefined;
    }
  }

  write(pair: TokenPair): void {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(pair));
  }

  clear(): void {
    localStorage.removeItem(STORAGE_KEY);
  }
}
