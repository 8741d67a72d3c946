import { describe, expect, it } from 'vitest';

import type { AppConfig } from '@sdilna/api/util-config';

import { ACCOUNT_FAILURE_LIMIT, LIMIT_WINDOW_MS, SignInLimits } from './sign-in-limits';

const limits = (addressLimit = 30) =>
  new SignInLimits({ signInAddressLimit: addressLimit } as unknown as AppConfig);

describe('SignInLimits', () => {
  it('locks an account after its failures from many addresses, until the window has passed', () => {
    const subject = limits();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++)
      subject.recordFailure('jana@example.cz', `10.0.0.${i}`, 1_000);
    expect(() => subject.checkSignIn('jana@example.cz', '192.0.2.1', 2_000)).toThrow(/locked/);
    expect(() => subject.checkSignIn('petr@example.cz', '192.0.2.1', 2_000)).not.toThrow();
    expect(() =>
      subject.checkSignIn('jana@example.cz', '192.0.2.1', 1_000 + LIMIT_WINDOW_MS + 1),
    ).not.toThrow();
  });

  it('refuses an address that sent wrong passwords for many accounts', () => {
    const subject = limits(3);
    for (let i = 0; i < 3; i++) subject.recordFailure(`user${i}@example.cz`, '192.0.2.7', 1_000);
    expect(() => subject.checkSignIn('new@example.cz', '192.0.2.7', 1_500)).toThrow(/this address/);
    expect(() => subject.checkSignIn('new@example.cz', '192.0.2.8', 1_500)).not.toThrow();
  });

  it('counts reset requests for known and unknown e-mails alike', () => {
    const subject = limits();
    for (let i = 0; i < 5; i++) subject.takeReset('anyone@example.cz', `10.0.0.${i}`, 1_000);
    expect(() => subject.takeReset('anyone@example.cz', '10.0.1.1', 1_000)).toThrow(/Too many reset/);
  });
});
