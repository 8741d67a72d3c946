import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { createMember, signUp, type TestCommunity, uniqueEan } from '../support/factories';
import { signInThroughPortal, testIdText } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';
import { exportWith, keyOf, memberWithPoint, type SettlementPoint } from '../support/settlement-community';

/**
 * Issue 18 item 3 as an administrator sees it, in Czech: a file with two points the registry does not know fails,
 * the imports page lists them with their role, registers them (member, valid from the file's first day, a label)
 * and imports the stored file again, without looking for the file or using the API.
 */
describe('a failed import of unknown points is fixed from the imports page', () => {
  let server: PortalServer;
  let browser: Browser;
  let community: TestCommunity;
  let producer: SettlementPoint;

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchChromium();
    community = await signUp(server.app, 'energy-community', 'Lomnice');
    producer = await memberWithPoint(server.app, community, 'production', {
      name: 'Obec Lomnice',
      kind: 'municipality',
      pointLabel: 'FVE škola',
    });
    await createMember(server.app, community, { name: 'Jana Nováková', kind: 'household' });
    await createMember(server.app, community, { name: 'Petr Svoboda', kind: 'household' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function czechAdminPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'cs-CZ', viewport: { width: 1366, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('sdilna.language', 'cs'));
    const page = await context.newPage();
    await signInThroughPortal(page, server.url, community.adminEmail, community.adminPassword);
    return page;
  }

  it('lists the two unknown EANs, registers them and imports the file again', async () => {
    const strangers: SettlementPoint[] = [0, 1].map(() => ({
      ean: uniqueEan(),
      role: 'consumption',
      memberId: '',
      pointId: '',
    }));
    const key = keyOf([
      { producer, consumer: strangers[0]!, percent: 50 },
      { producer, consumer: strangers[1]!, percent: 50 },
    ]);
    const csv = await exportWith([producer, ...strangers], key, '2026-07-01', '2026-07-03', (point, _d, i) =>
      point.role === 'production' ? (i >= 40 && i < 60 ? 200 : 0) : 50,
    );
    const page = await czechAdminPage();
    await page.goto(`${server.url}/admin/${community.communityId}/imports`);
    await page
      .getByTestId('edc-file')
      .setInputFiles({ name: 'cervenec.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Nahrát' }).click();
    await page.getByTestId('import-failed').waitFor({ timeout: 60_000 });
    expect(await testIdText(page, 'import-failed')).toContain(
      `EAN ${strangers[0]!.ean} není registrované odběrné místo tohoto společenství (spotřeba)`,
    );
    const problems = await page.getByTestId('import-problems').textContent();
    for (const stranger of strangers) expect(problems).toContain(stranger.ean);
    expect(problems).not.toMatch(/registered|register it/);

    const unknown = page.getByTestId('unknown-points');
    await unknown.waitFor();
    expect(await unknown.getByRole('heading').textContent()).toContain('Neznámá odběrná místa');
    const rows = unknown.getByTestId('unknown-point');
    expect(await rows.count()).toBe(2);
    for (const [k, stranger] of strangers.entries()) {
      const row = rows.nth(k);
      expect(await row.textContent()).toContain(stranger.ean);
      expect(await row.textContent()).toContain('Odběrné (spotřeba)');
      expect(await row.getByTestId('unknown-valid-from').inputValue()).toBe('2026-07-01');
    }
    // without a member the form says what is missing and registers nothing
    await unknown.getByRole('button', { name: 'Zaregistrovat tato místa' }).click();
    expect(await unknown.getByRole('alert').textContent()).toContain('U každého místa vyberte člena.');
    await rows.nth(0).getByTestId('unknown-member').selectOption({ label: 'Jana Nováková' });
    await rows.nth(1).getByTestId('unknown-member').selectOption({ label: 'Petr Svoboda' });
    await rows.nth(1).getByTestId('unknown-label').fill('Byt 7');
    await saveScreenshot(page, 'import-unknown-points-cs');
    expect(await axeViolations(page)).toEqual([]);
    await unknown.getByRole('button', { name: 'Zaregistrovat tato místa' }).click();
    await unknown.getByText('Všechna místa jsou registrovaná.').waitFor();

    await unknown.getByRole('button', { name: 'Naimportovat soubor znovu' }).click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    expect(await testIdText(page, 'import-status')).toBe('Hotovo');
    expect(await page.getByTestId('unknown-points').count()).toBe(0);
    await saveScreenshot(page, 'import-retried-cs');
    expect(await axeViolations(page)).toEqual([]);

    // the registry has both points with the chosen member, the file's first day and the label
    await page.goto(`${server.url}/admin/${community.communityId}/metering-points`);
    await page.getByText(strangers[1]!.ean).first().waitFor();
    const registry = await page.locator('main').textContent();
    for (const stranger of strangers) expect(registry).toContain(stranger.ean);
    expect(registry).toContain('Byt 7');
    await page.context().close();
  });
});
