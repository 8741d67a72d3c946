import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { signUp } from '../support/factories';
import { signInThroughPortal, testIdText } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';

describe('two-factor sign-in in the portal', () => {
  let server: PortalServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'cs-CZ', viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  it('enrols an authenticator, shows recovery codes and sessions, then signs in with password and recovery code', async () => {
    const community = await signUp(server.app);
    const page = await newPage();
    await signInThroughPortal(page, server.url, community.adminEmail, community.adminPassword);

    await page.getByRole('link', { name: 'Zabezpečení' }).click();
    await page.getByRole('heading', { name: 'Zabezpečení účtu' }).waitFor();
    await page.getByRole('button', { name: 'Zapnout dvoufázové přihlášení' }).click();
    const secret = await testIdText(page, 'two-factor-secret');
    await page.getByLabel('Ověřovací kód').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Potvrdit a zapnout' }).click();
    await page.getByTestId('two-factor-on').waitFor();
    const codes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
    expect(codes).toHaveLength(10);
    expect(await page.getByTestId('sessions').locator('tbody tr').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'portal-security');

    await page.getByRole('button', { name: 'Odhlásit', exact: true }).first().click();
    await page.waitForURL(/\/auth\/login/);
    await page.getByLabel('E-mail').fill(community.adminEmail);
    await page.getByLabel('Heslo').fill(community.adminPassword);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await page.getByTestId('two-factor-form').waitFor();
    await page.getByRole('button', { name: 'Nemám telefon: použít záložní kód' }).click();
    await page.getByLabel('Záložní kód').fill(codes[0]?.trim() ?? '');
    await page.getByRole('button', { name: 'Ověřit' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/auth/'));
  });
});
