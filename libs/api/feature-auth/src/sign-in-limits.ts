import { Injectable } from '@nestjs/common';

import { AppConfig } from '@sdilna/api/util-config';

import { AuthException } from './auth.exception';

/** Failed sign-ins of one account (from any address) before it is locked for the window. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Reset mails one account may be sent in the window, and reset requests one address may make. */
export const ACCOUNT_RESET_LIMIT = 5;
export const ADDRESS_RESET_LIMIT = 30;
export const LIMIT_WINDOW_MS = 15 * 60 * 1000;
/** Keys kept at most; the oldest go first, so a flood of made-up e-mails cannot grow memory without bound. */
const MAX_KEYS = 100_000;

/** Events per key in a sliding window, in this process. */
class SlidingWindow {
  private readonly events = new Map<string, number[]>();

  count(key: string, now: number): number {
    const kept = (this.events.get(key) ?? []).filter((at) => at > now - LIMIT_WINDOW_MS);
    if (kept.length === 0) this.events.delete(key);
    else this.events.set(key, kept);
    return kept.length;
  }

  add(key: string, now: number): void {
    const kept = (this.events.get(key) ?? []).filter((at) => at > now - LIMIT_WINDOW_MS);
    this.events.delete(key);
    this.events.set(key, [...kept, now]);
    while (this.events.size > MAX_KEYS) {
      const oldest = this.events.keys().next().value;
      if (oldest === undefined) break;
      this.events.delete(oldest);
    }
  }

  clear(key: string): void {
    this.events.delete(key);
  }
}

/**
 * Sign-in and reset limits keyed by account AND by client address (issue 16): the per-request throttle counts
 * an (address, e-mail) pair, which a caller who rotates addresses or e-mails escapes. Here failures of one
 * account lock it whatever the address, and failures from one address are limited whatever the accounts.
 * The client address is the connection's unless TRUSTED_PROXIES names the proxy in front. Counts live in this
 * process (as the throttle's do): N API replicas allow at most N times the limits (docs/security.md).
 */
@Injectable()
export class SignInLimits {
  /** Failed sign-ins from one client address (over any accounts: password spraying) before it is refused. */
  private readonly addressFailureLimit: number;
  private readonly failures = new SlidingWindow();
  private readonly resets = new SlidingWindow();

  constructor(config: AppConfig) {
    this.addressFailureLimit = config.signInAddressLimit;
  }

  /** Before the password is checked: a locked account stays locked even for the right password. */
  checkSignIn(email: string, address: string, now = Date.now()): void {
    if (this.failures.count(`account:${email}`, now) >= ACCOUNT_FAILURE_LIMIT) {
      throw new AuthException(
        'TOO_MANY_ATTEMPTS',
        'This account is locked for 15 minutes after too many wrong passwords; wait or reset the password',
        { limit: 'account' },
      );
    }
    if (this.failures.count(`address:${address}`, now) >= this.addressFailureLimit) {
      throw new AuthException(
        'TOO_MANY_ATTEMPTS',
        'Too many wrong passwords from this address; wait 15 minutes',
        { limit: 'address' },
      );
    }
  }

  recordFailure(email: string, address: string, now = Date.now()): void {
    this.failures.add(`account:${email}`, now);
    this.failures.add(`address:${address}`, now);
  }

  recordSuccess(email: string): void {
    this.failures.clear(`account:${email}`);
  }

  /** Every reset request counts, known account or not, so the answer does not tell which e-mails exist. */
  takeReset(email: string, address: string, now = Date.now()): void {
    if (
      this.resets.count(`account:${email}`, now) >= ACCOUNT_RESET_LIMIT ||
      this.resets.count(`address:${address}`, now) >= ADDRESS_RESET_LIMIT
    ) {
      throw new AuthException('TOO_MANY_ATTEMPTS', 'Too many reset requests; wait 15 minutes and try again');
    }
    this.resets.add(`account:${email}`, now);
    this.resets.add(`address:${address}`, now);
  }
}
