import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { prepareStatement, TenantDatabase } from '@sdilna/api/data-access-db';

import { AppConfig } from '@sdilna/api/util-config';

import { AuthException } from './auth.exception';

/** Failed sign-ins of one account (from any address) before it is locked for the window. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Reset mails one account may be sent in the window, and reset requests one address may make. */
export const ACCOUNT_RESET_LIMIT = 5;
export const ADDRESS_RESET_LIMIT = 30;
export const LIMIT_WINDOW_MS = 15 * 60 * 1000;
type EventKind = 'failure' | 'reset';

/** A subject and how many events of the window it may have before a new one is refused. */
interface Allowance {
  readonly subject: string;
  readonly limit: number;
}

/**
 * An account's failures and one address event (the attempt's own) go on success: an office behind one address
 * signs in all day without using up the address's allowance. One statement, one round trip, no transaction.
 * The attempt's own rows are certainly there, so the statement is never work for nothing; both halves use the
 * `(kind, subject, at)` index. Any one row of the address at the attempt's instant will do: they are alike.
 */
const FORGET_SUCCESSFUL_ATTEMPT = prepareStatement(
  `DELETE FROM sign_in_events
    WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM sign_in_events WHERE kind = 'failure' AND subject = $1
      UNION ALL
      (SELECT ctid FROM sign_in_events WHERE kind = 'failure' AND subject = $2 AND at = $3::timestamptz LIMIT 1)
    ))`,
);

/**
 * Events per subject in a sliding window, in PostgreSQL (`sign_in_events`), so that every API process counts the
 * same events and a restart forgets nothing. Subjects name an account by a hash of its e-mail, never the e-mail.
 */
class SharedWindows {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * Records an event for every subject if each is under its limit, or none and answers the index of the first
   * allowance that is used up. Count and insert are one step per subject: the transaction holds an advisory lock
   * per subject (taken in one order, so two attempts sharing an address cannot deadlock), so of N parallel
   * attempts exactly the limit get an event and the rest see them. The locks are held for a few statements,
   * never across a password check: a burst against one account queues briefly on its lock, not on the pool.
   */
  async take(kind: EventKind, allowances: readonly Allowance[], now: Date): Promise<number | undefined> {
    const subjects = allowances.map((allowance) => allowance.subject);
    return this.db.runGlobal(async (manager) => {
      // Seed 9: the advisory-lock namespace of sign-in limits (other features hash their keys with theirs).
      await manager.query(
        `SELECT pg_advisory_xact_lock(k)
           FROM (SELECT DISTINCT hashtextextended(s, 9) AS k FROM unnest($1::text[]) AS s) AS keys
          ORDER BY k`,
        [subjects],
      );
      // No upper bound at `now`: an attempt reads its clock before it waits for the lock, so it may find events of
      // attempts clocked a little later than itself, and they count (bounded at `now`, 15 of a burst passed 10).
      const rows = (await manager.query(
        `SELECT s.subject, count(e.at)::int AS n
           FROM unnest($2::text[]) AS s(subject)
           LEFT JOIN sign_in_events e
             ON e.kind = $1 AND e.subject = s.subject AND e.at > $3::timestamptz - $4 * interval '1 millisecond'
          GROUP BY s.subject`,
        [kind, subjects, now.toISOString(), LIMIT_WINDOW_MS],
      )) as Array<{ subject: string; n: number }>;
      const refused = allowances.findIndex(
        ({ subject, limit }) => (rows.find((row) => row.subject === subject)?.n ?? 0) >= limit,
      );
      if (refused >= 0) return refused;
      await manager.query(
        `INSERT INTO sign_in_events (kind, subject, at) SELECT $1, s, $3::timestamptz FROM unnest($2::text[]) AS s`,
        [kind, subjects, now.toISOString()],
      );
      // events far older than any window: the table stays about one window long, however many subjects come
      await manager.query(`DELETE FROM sign_in_events WHERE at < $1::timestamptz - interval '1 day'`, [
        now.toISOString(),
      ]);
      return undefined;
    });
  }

  async forgetSuccess(account: string, address: string, at: Date): Promise<void> {
    await this.db.queryGlobal(FORGET_SUCCESSFUL_ATTEMPT, [account, address, at.toISOString()]);
  }
}

/** A sign-in that passed the limits; it counts as a failure unless `succeeded` is called. */
export interface SignInAttempt {
  /** The right password: forgets the account's failures and this attempt's count against the address. */
  succeeded(): Promise<void>;
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

  /**
   * Before the password is checked, and atomic per account and per address: the attempt is recorded as a failure
   * at once, so parallel wrong passwords cannot all pass a count that none of them has added to yet (they did:
   * count and record were two statements around the password check). A locked account stays locked even for the
   * right password; a refused attempt records nothing.
   */
  async takeSignIn(email: string, client: string, now = new Date()): Promise<SignInAttempt> {
    const forAccount = account(email);
    const forAddress = address(client);
    const refused = await this.windows.take(
      'failure',
      [
        { subject: forAccount, limit: ACCOUNT_FAILURE_LIMIT },
        { subject: forAddress, limit: this.addressFailureLimit },
      ],
      now,
    );
    if (refused === 0) {
      throw new AuthException(
        'TOO_MANY_ATTEMPTS',
        'This account is locked for 15 minutes after too many wrong passwords; wait or reset the password',
        { limit: 'account' },
      );
    }
    if (refused === 1) {
      throw new AuthException(
        'TOO_MANY_ATTEMPTS',
        'Too many wrong passwords from this address; wait 15 minutes',
        { limit: 'address' },
      );
    }
    return { succeeded: () => this.windows.forgetSuccess(forAccount, forAddress, now) };
  }

  /** Every reset request counts, known account or not, so the answer does not tell which e-mails exist. */
  async takeReset(email: string, client: string, now = new Date()): Promise<void> {
    const refused = await this.windows.take(
      'reset',
      [
        { subject: account(email), limit: ACCOUNT_RESET_LIMIT },
        { subject: address(client), limit: ADDRESS_RESET_LIMIT },
      ],
      now,
    );
    if (refused !== undefined) {
      throw new AuthException('TOO_MANY_ATTEMPTS', 'Too many reset requests; wait 15 minutes and try again');
    }
  }
}
