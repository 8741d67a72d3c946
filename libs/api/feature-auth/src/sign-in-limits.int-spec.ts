import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ownerRows, serviceModule } from '@sdilna/test-support/service-module';
import { AuthModule } from './auth.module';
import { ACCOUNT_FAILURE_LIMIT, ACCOUNT_RESET_LIMIT, LIMIT_WINDOW_MS, SignInLimits } from './sign-in-limits';

/** A fresh e-mail and address per test: the events table is shared by the whole run. */
const someone = () => `limits-${randomUUID()}@example.cz`;
const someAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}:${randomUUID().slice(0, 8)}`;

describe('SignInLimits, shared by every API process (PostgreSQL)', () => {
  // Two modules stand for two API processes: each has its own SignInLimits and database pool.
  let first: TestingModule;
  let second: TestingModule;
  let one: SignInLimits;
  let other: SignInLimits;

  beforeAll(async () => {
    [first, second] = await Promise.all([serviceModule(AuthModule), serviceModule(AuthModule)]);
    one = first.get(SignInLimits);
    other = second.get(SignInLimits);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('locks an account after its failures from many addresses in another process, until the window has passed', async () => {
    const jana = someone();
    const at = new Date();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) await one.recordFailure(jana, someAddress(), at);
    const later = new Date(at.getTime() + 1_000);
    await expect(other.checkSignIn(jana, someAddress(), later)).rejects.toThrow(/locked/);
    await expect(other.checkSignIn(someone(), someAddress(), later)).resolves.toBeUndefined();
    const afterWindow = new Date(at.getTime() + LIMIT_WINDOW_MS + 1);
    await expect(other.checkSignIn(jana, someAddress(), afterWindow)).resolves.toBeUndefined();
  });

  it('refuses an address that sent wrong passwords for many accounts, and forgets an account’s failures on success', async () => {
    const address = someAddress();
    const at = new Date();
    for (let i = 0; i < 30; i++) await one.recordFailure(someone(), address, at);
    await expect(other.checkSignIn(someone(), address, at)).rejects.toThrow(/this address/);
    await expect(other.checkSignIn(someone(), someAddress(), at)).resolves.toBeUndefined();

    const petr = someone();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) await one.recordFailure(petr, someAddress(), at);
    await other.recordSuccess(petr);
    await one.recordFailure(petr, someAddress(), at);
    await expect(one.checkSignIn(petr, someAddress(), at)).resolves.toBeUndefined();
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
    await one.recordFailure(email, someAddress(), new Date());
    const rows = (await ownerRows(
      `SELECT count(*)::int AS n FROM sign_in_events WHERE subject LIKE '%' || $1 || '%'`,
      [email],
    )) as Array<{ n: number }>;
    expect(rows[0]?.n).toBe(0);
  });
});
