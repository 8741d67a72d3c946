import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EdcPortalStub, pairReportText, standardExportText } from '@sdilna/api/util-edc-portal-stub';
import { parseKeyFile, type KeyFile } from '@sdilna/shared/domain-allocation';
import { createEdcDayBlock, type EdcPoint } from '@sdilna/shared/domain-edc';
import { daysInRange } from '@sdilna/shared/domain-core';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { TEST_PASSWORD, uniqueEan } from '../support/factories';
import { signInThroughPortal, testIdText } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';
import { registerGroup } from '../support/readings-community';

const ACCOUNT = { username: 'zastupce@lomnice.cz', password: 'Portal-EDC-heslo-2026' };
const SSE_ID = 8642;

describe('the EDC portal connector page in a browser', () => {
  let server: PortalServer;
  let browser: Browser;
  const points: EdcPoint[] = [
    { ean: uniqueEan(), role: 'production' },
    { ean: uniqueEan(), role: 'consumption' },
  ];
  const key = {
    method: 'static',
    allocations: [{ producer: points[0]!.ean, consumer: points[1]!.ean, percent: 100 }],
  } as KeyFile;
  const stub = new EdcPortalStub({
    ...ACCOUNT,
    groups: [{ id: SSE_ID, name: 'Lomnice – obecní budovy' }],
    exports: (request) => {
      // Measured values only (EDC's OUT empty): enough for the page's journey.
      const days = daysInRange(request.from, request.to).map((date) => {
        const day = createEdcDayBlock(date, points.length);
        day.inValues.fill(0);
        day.inPresent.fill(1);
        return day;
      });
      return request.kind === 'standard'
        ? standardExportText(points, days)
        : pairReportText(points, parseKeyFile(key), days);
    },
  });

  beforeAll(async () => {
    await stub.start();
    Object.assign(process.env, stub.environment(), { EDC_REPORT_POLL_MS: '50' });
    server = await startPortalServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await stub.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'cs-CZ', viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  it('turns the connector on with consent, maps the group, fetches a month and shows the status', async () => {
    const group = await registerGroup(server.app, points, key);
    const page = await newPage();
    await signInThroughPortal(page, server.url, group.community.adminEmail, TEST_PASSWORD);
    await page.goto(`${server.url}/admin/${group.community.communityId}/edc-connector`);
    expect(await testIdText(page, 'edc-state')).toBe('Vypnuto (nejsou zadány přihlašovací údaje)');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Uživatelské jméno do portálu EDC').fill(ACCOUNT.username);
    await page.getByLabel('Heslo do portálu EDC').fill(ACCOUNT.password);
    await page.getByRole('button', { name: 'Uložit a zapnout' }).click();
    await page.getByText('Bez souhlasu napojení nelze zapnout.').waitFor();
    await page.getByRole('checkbox', { name: /souhlasím/ }).check();
    await page.getByRole('button', { name: 'Uložit a zapnout' }).click();
    await page.getByTestId('edc-credentials').waitFor();
    expect(await testIdText(page, 'edc-credentials')).toMatch(/^Uloženo: za\*+@lomnice\.cz, od /);
    expect(await testIdText(page, 'edc-state')).toBe('Zapnuto, čeká na první stažení');
    expect(await page.content()).not.toContain(ACCOUNT.password);

    await page.getByTestId('edc-load-groups').click();
    await page.getByLabel(`Lomnice – obecní budovy (${SSE_ID})`).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Uložit přiřazení' }).click();
    await page.getByText('Přiřazení uloženo.').waitFor();

    await page.getByLabel('Od', { exact: true }).fill('2026-10-01');
    await page.getByLabel('Do', { exact: true }).fill('2026-10-31');
    await page.getByRole('button', { name: 'Stáhnout', exact: true }).click();
    await page.getByTestId('edc-state').filter({ hasText: 'V pořádku' }).waitFor({ timeout: 60_000 });
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'portal-edc-connector');
    expect(stub.exportRequests.map((item) => `${item.kind} ${item.calculationType} ${item.from}`)).toEqual([
      'standard MONTHLY 2026-10-01',
      'pair MONTHLY 2026-10-01',
    ]);
  });
});
