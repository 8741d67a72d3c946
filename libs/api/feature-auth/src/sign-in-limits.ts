import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';

import { AppConfig } from '@sdilna/api/util-config';

import { AuthException } from './auth.exception';

/** Failed sign-ins of one account (from any address) before it is locked for the window. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Reset mails one account may be sent in the window, and reset requests one address may make. */
export const ACCOUNT_RESET_LIMIT = 5;
export const ADDRESS_RESET_LIMIT = 30;
export const LIMIT_WINDOW_MS = 15 * 60 * 1000;
type EventKind = 'failure' | 'reset';

/**
 * Events per subject in a sliding window, in PostgreSQL (`sign_in_events`), so that every API process counts the
 * same events and a restart forgets nothing. Subjects name an account by a hash of its e-mail, never the e-mail.
 */
class SharedWindows {
  constructor(private readonly db: TenantDatabase) {}

  async counts(kind: EventKind, subjects: readonly string[], now: Date): Promise<number[]> {
    const rows = (await this.db.runGlobal((manager) =>
      manager.query(
        `SELECT s.subject, count(e.at)::int AS n
           FROM unnest($2::text[]) AS s(subject)
           LEFT JOIN sign_in_events e
             ON e.kind = $1 AND e.subject = s.subject AND e.at > $3::timestamptz - $4 * interval '1 millisecond'
                AND e.at <= $3::timestamptz
          GROUP BY s.subject`,
        [kind, subjects, now.toISOString(), LIMIT_WINDOW_MS],
      ),
    )) as Array<{ subject: string; n: number }>;
    return subjects.map((subject) => rows.find((row) => row.subject === subject)?.n ?? 0);
  }

  async add(kind: EventKind, subjects: readonly string[], now: Date): Promise<void> {
    await this.db.runGlobal(async (manager) => {
      await manager.query(
        `INSERT INTO sign_in_events (kind, subject, at) SELECT $1, s, $3::timestamptz FROM unnest($2::text[]) AS s`,
        [kind, subjects, now.toISOString()],
      );
      // events far older than any window: the table stays about one window long, however many subjects come
      await manager.query(`DELETE FROM sign_in_events WHERE at < $1::timestamptz - interval '1 day'`, [
        now.toISOString(),
      ]);
    });
  }

  async clear(kind: EventKind, subject: string): Promise<void> {
    await this.db.runGlobal((manager) =>
      manager.query(`DELETE FROM sign_in_events WHERE kind = $1 AND subject = $2`, [kind, subject]),
    );
  }
}

const account = (email: string) => `account:${createHash('sha256').update(email).digest('hex')}`;
const address = (client: string) => `address:${client}`.slice(0, 200);

/**
 * Sign-in and reset limits keyed by account AND by client address (issue 16): the per-request throttle counts
 * an (address, e-mail) pair, which a caller who rotates addresses or e-mails escapes. Here failures of one
 * account lock it whatever the address, and failures from one address are limited whatever the accounts.
 * The client address is the connection's unless TRUSTED_PROXIES names the proxy in front. Counts are shared by
 * every API process (PostgreSQL); the per-request throttle in front still counts per process (docs/security.md).
 */
@Injectable()
export class SignInLimits {
  /** Failed sign-ins from one client address (over any accounts: password spraying) before it is refused. */
  private readonly addressFailureLimit: number;
  private readonly windows: SharedWindows;

  constructor(config: AppConfig, db: TenantDatabase) {
    this.addressFailureLimit = config.signInAddressLimit;
    this.windows = new SharedWindows(db);
  }

  /** Before the password is checked: a locked account stays locked even for the right password. */
  async checkSignIn(email: string, client: string, now = new Date()): Promise<void> {
    const [forAccount = 0, forAddress = 0] = await this.windows.counts(
      'failure',
      [account(email), address(client)],
      now,
    );
    if (forAccount >= ACCOUNT_FAILURE_LIMIT) {
      throw new AuthException(
        'TOO_MANY_ATTEMPTS',
        'This account is locked for 15 minutes after too many wrong passwords; wait or reset the password',
        { limit: 'account' },
      );
    }
    if (forAddress >= this.addressFailureLimit) {
      throw new AuthException(
        'TOO_MANY_ATTEMPTS',
        'Too many wrong passwords from this address; wait 15 minutes',
        { limit: 'address' },
      );
    }
  }

  recordFailure(email: string, client: string, now = new Date()): Promise<void> {
    return this.windows.add('failure', [account(email), address(client)], now);
  }

  recordSuccess(email: string): Promise<void> {
    return this.windows.clear('failure', account(email));
  }

  /** Every reset request counts, known account or not, so the answer does not tell which e-mails exist. */
  async takeReset(email: string, client: string, now = new Date()): Promise<void> {
    const subjects = [account(email), address(client)];
    const [forAccount = 0, forAddress = 0] = await this.windows.counts('reset', subjects, now);
    if (forAccount >= ACCOUNT_RESET_LIMIT || forAddress >= ADDRESS_RESET_LIMIT) {
      throw new AuthException('TOO_MANY_ATTEMPTS', 'Too many reset requests; wait 15 minutes and try again');
    }
    await this.windows.add('reset', subjects, now);
  }
}
