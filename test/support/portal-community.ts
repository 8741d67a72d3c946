import type { INestApplication } from '@nestjs/common';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { expect } from 'vitest';

import { bearer, TEST_PASSWORD, type TestCommunity, uniqueEmail } from './factories';
import { type MailCatcher, tokenIn } from './mail-catcher';

/**
 * A login that is only a `member` of the community (or, with `role`, the accountant of the municipality
 * `memberId`), invited by mail and accepted, for browser tests.
 */
export async function invitedMember(
  app: INestApplication,
  mail: MailCatcher,
  community: TestCommunity,
  memberId: string,
  role: 'member' | 'municipality-accountant' = 'member',
): Promise<{ email: string; password: string }> {
  const email = uniqueEmail('member');
  const invited = await request(app.getHttpServer())
    .post(`/api/communities/${community.communityId}/invitations`)
    .set(bearer(community.adminToken))
    .send({ email, role, memberId });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const token = tokenIn(await mail.lastTo(email));
  const accepted = await request(app.getHttpServer())
    .post('/api/auth/invitations/accept')
    .send({ token, password: TEST_PASSWORD, name: 'Jana Nováková' });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return { email, password: TEST_PASSWORD };
}

/** Signs in through the portal's login page and waits until it has left it. */
export async function signInThroughPortal(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/auth/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Heslo').fill(password);
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/auth/'));
}

/** The text of an element by test id, with runs of (non-breaking) spaces made one space. */
export async function testIdText(page: Page, testId: string): Promise<string> {
  const locator = page.getByTestId(testId);
  await locator.waitFor();
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** kWh as the portal shows it: cs-CZ, two decimals. */
export function czechKwh(value: number): string {
  return `${new Intl.NumberFormat('cs-CZ', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)} kWh`.replace(
    /\s+/g,
    ' ',
  );
}

/**
 * Opens `url` until the element shows: figures computed by a background job after an import (group totals)
 * appear a moment after the import itself reports done.
 */
export async function openUntilShown(
  page: Page,
  url: string,
  testId: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    try {
      await page.getByTestId(testId).waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** An API money string ("1234.50") as the portal shows it: "1 234,50 Kč". */
export function czechCzk(amount: string): string {
  return new Intl.NumberFormat('cs-CZ', {
    style: 'currency',
    currency: 'CZK',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })
    .format(Number(amount))
    .replace(/\s+/g, ' ');
}
