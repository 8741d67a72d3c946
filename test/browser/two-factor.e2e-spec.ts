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

    // Turning it off asks for the password: a wrong one is refused in Czech and changes nothing.
    await page.getByRole('link', { name: 'Zabezpečení' }).click();
    await page.getByText('Vypnout dvoufázové přihlášení').click();
    await page.getByLabel('Heslo').fill(`${community.adminPassword}-wrong`);
    await page.getByLabel('Ověřovací nebo záložní kód').fill(codes[1]?.trim() ?? '');
    await page.getByRole('button', { name: 'Vypnout', exact: true }).click();
    await page.getByText('Heslo nesouhlasí.').waitFor();
    expect(await page.getByTestId('two-factor-on').isVisible()).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'portal-security-disable-refused-phone-cs');

    // In English on a phone, with a recovery code (the phone is what was lost): off, and the password alone signs in.
    const english = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
    await english.addInitScript(() => localStorage.setItem('sdilna.language', 'en'));
    const phone = await english.newPage();
    await phone.goto(`${server.url}/auth/login`);
    await phone.getByLabel('E-mail').fill(community.adminEmail);
    await phone.getByLabel('Password').fill(community.adminPassword);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('button', { name: 'No phone at hand: use a recovery code' }).click();
    await phone.getByLabel('Recovery code').fill(codes[2]?.trim() ?? '');
    await phone.getByRole('button', { name: 'Verify' }).click();
    await phone.waitForURL((url) => !url.pathname.startsWith('/auth/'));
    await phone.goto(`${server.url}/auth/security`);
    await phone.getByText('Turn off two-factor sign-in').click();
    await phone.getByLabel('Password').fill(community.adminPassword);
    await phone.getByLabel('Verification or recovery code').fill(codes[3]?.trim() ?? '');
    await saveScreenshot(phone, 'portal-security-disable-phone-en');
    expect(await axeViolations(phone)).toEqual([]);
    await phone.getByRole('button', { name: 'Turn off', exact: true }).click();
    await phone.getByTestId('two-factor-turned-off').waitFor();
    expect(await phone.getByRole('button', { name: 'Turn on two-factor sign-in' }).isVisible()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(phone, 'portal-security-disabled-phone-en');

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Odhlásit', exact: true }).first().click();
    await page.waitForURL(/\/auth\/login/);
    await signInThroughPortal(page, server.url, community.adminEmail, community.adminPassword);
  });
});
