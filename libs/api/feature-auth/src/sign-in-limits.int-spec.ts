import { createHash, randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AppConfig } from '@sdilna/api/util-config';
import { ownerRows, serviceModule } from '@sdilna/test-support/service-module';
import { AuthModule } from './auth.module';
import { ACCOUNT_FAILURE_LIMIT, ACCOUNT_RESET_LIMIT, LIMIT_WINDOW_MS, SignInLimits } from './sign-in-limits';

/** A fresh e-mail and address per test: the events table is shared by the whole run. */
const someone = () => `limits-${randomUUID()}@example.cz`;
/** Failure events of an account, whatever the window (read as the owner). */
async function failuresOf(email: string): Promise<number> {
  const rows = (await ownerRows(
    `SELECT count(*)::int AS n FROM sign_in_events WHERE kind = 'failure' AND subject = $1`,
    [`account:${createHash('sha256').update(email).digest('hex')}`],
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? 0;
}
const someAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}:${randomUUID().slice(0, 8)}`;

describe('SignInLimits, shared by every API process (PostgreSQL)', () => {
  // Two modules stand for two API processes: each has its own SignInLimits and database pool.
  let first: TestingModule;
  let second: TestingModule;
  let one: SignInLimits;
  let other: SignInLimits;
  let addressLimit: number;

  beforeAll(async () => {
    [first, second] = await Promise.all([serviceModule(AuthModule), serviceModule(AuthModule)]);
    one = first.get(SignInLimits);
    other = second.get(SignInLimits);
    addressLimit = first.get(AppConfig).signInAddressLimit;
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  /** A wrong password: the attempt is taken and never succeeds. */
  const fail = (limits: SignInLimits, email: string, client: string, at: Date) =>
    limits.takeSignIn(email, client, at).then(() => undefined);

  it('locks an account after its failures from many addresses in another process, until the window has passed', async () => {
    const jana = someone();
    const at = new Date();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) await fail(one, jana, someAddress(), at);
    const later = new Date(at.getTime() + 1_000);
    await expect(other.takeSignIn(jana, someAddress(), later)).rejects.toThrow(/locked/);
    await expect(other.takeSignIn(someone(), someAddress(), later)).resolves.toBeDefined();
    const afterWindow = new Date(at.getTime() + LIMIT_WINDOW_MS + 1);
    await expect(other.takeSignIn(jana, someAddress(), afterWindow)).resolves.toBeDefined();
  });

  it('lets exactly the limit of parallel wrong passwords for one account through to the password check, from both processes', async () => {
    const jana = someone();
    const at = Date.now();
    // Each request reads its clock before it waits for the lock, so the lock comes to them in another order than
    // their clocks: an attempt may find events a few milliseconds "later" than its own, and must count them.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 * ACCOUNT_FAILURE_LIMIT }, (_, i) =>
        (i % 2 === 0 ? one : other).takeSignIn(jana, someAddress(), new Date(at + ((i * 7) % 30))),
      ),
    );
    const through = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(through).toHaveLength(ACCOUNT_FAILURE_LIMIT);
    expect(refused).toHaveLength(2 * ACCOUNT_FAILURE_LIMIT);
    for (const reason of refused) expect(String(reason)).toMatch(/locked/);
    await expect(one.takeSignIn(jana, someAddress(), new Date(at))).rejects.toThrow(/locked/);
  });

  it('lets exactly the address limit of a parallel spray over many accounts through, and refuses the rest', async () => {
    const address = someAddress();
    const at = Date.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 * addressLimit }, (_, i) =>
        (i % 2 === 0 ? one : other).takeSignIn(someone(), address, new Date(at + ((i * 7) % 30))),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(addressLimit);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/this address/);
  });

  it('refuses an address that sent wrong passwords for many accounts, and forgets an account’s failures on success', async () => {
    const address = someAddress();
    const at = new Date();
    for (let i = 0; i < addressLimit; i++) await fail(one, someone(), address, at);
    await expect(other.takeSignIn(someone(), address, at)).rejects.toThrow(/this address/);
    await expect(other.takeSignIn(someone(), someAddress(), at)).resolves.toBeDefined();

    const petr = someone();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) await fail(one, petr, someAddress(), at);
    await (await other.takeSignIn(petr, someAddress(), at)).succeeded();
    await fail(one, petr, someAddress(), at);
    expect(await failuresOf(petr)).toBe(1);
    await expect(one.takeSignIn(petr, someAddress(), at)).resolves.toBeDefined();
  });

  it('does not count a successful sign-in against its address: one address signs in all day', async () => {
    const office = someAddress();
    const at = new Date();
    for (let i = 0; i < addressLimit + 5; i++) {
      const attempt = await (i % 2 === 0 ? one : other).takeSignIn(someone(), office, at);
      await attempt.succeeded();
    }
    await fail(one, someone(), office, at);
    const rows = (await ownerRows(
      `SELECT count(*)::int AS n FROM sign_in_events WHERE kind = 'failure' AND subject = $1`,
      [`address:${office}`],
    )) as Array<{ n: number }>;
    expect(rows[0]?.n).toBe(1);
  });

  it('counts parallel reset requests of one account exactly up to the limit', async () => {
    const anyone = someone();
    const at = new Date();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 * ACCOUNT_RESET_LIMIT }, (_, i) =>
        (i % 2 === 0 ? one : other).takeReset(anyone, someAddress(), at),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(ACCOUNT_RESET_LIMIT);
  });

  it('counts reset requests for known and unknown e-mails alike, across processes', async () => {
    const anyone = someone();
    const at = new Date();
    for (let i = 0; i < ACCOUNT_RESET_LIMIT; i++)
      await (i % 2 === 0 ? one : other).takeReset(anyone, someAddress(), at);
    await expect(one.takeReset(anyone, someAddress(), at)).rejects.toThrow(/Too many reset/);
  });

  it('stores no e-mail, only a hash of it', async () => {
    const email = someone();
    await fail(one, email, someAddress(), new Date());
    const rows = (await ownerRows(
      `SELECT count(*)::int AS n FROM sign_in_events WHERE subject LIKE '%' || $1 || '%'`,
      [email],
    )) as Array<{ n: number }>;
    expect(rows[0]?.n).toBe(0);
  });
});
