import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { signInThroughPortal, testIdText } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';
import { settledImport, upload } from '../support/readings-community';
import {
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  runPath,
  type SettlementPoint,
} from '../support/settlement-community';

/**
 * Issue 18 item 2 as an administrator does it, in Czech: the month field starts at the newest month whose data are
 * complete (June), not at a month without data; a month with preliminary and missing days (May) is refused with the
 * points and days, and is settled only by "Přesto vyúčtovat", which the run then shows; a draft shows every
 * member's lines and a preview of each document.
 */
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe('settling only months whose data are complete, in the portal (issue 18 item 2)', () => {
  let server: PortalServer;
  let browser: Browser;
  let community: TestCommunity;
  let consumerEan: string;
  let session: Awaited<ReturnType<BrowserContext['storageState']>>;

  const api = () => request(server.app.getHttpServer());

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchChromium();
    community = await signUp(server.app, 'energy-community', 'Lomnice');
    const producer = await memberWithPoint(server.app, community, 'production', {
      name: 'Obec Lomnice',
      kind: 'municipality',
      pointLabel: 'FVE škola',
    });
    const consumer = await memberWithPoint(server.app, community, 'consumption', {
      name: 'Jana Nováková',
      pointLabel: 'Byt 12',
    });
    consumerEan = consumer.ean;
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    const measured = (_point: SettlementPoint, _date: string, i: number) => (i >= 40 && i < 60 ? 100 : 0);
    // June: EDC's whole month; May: a daily (preliminary) export of 1–20 May only
    await importMonth(
      server.app,
      community,
      key,
      await exportWith([producer, consumer], key, '2026-06-01', '2026-06-30', measured),
    );
    const may = await upload(
      server.app,
      community,
      await exportWith([producer, consumer], key, '2026-05-01', '2026-05-20', measured),
      'kveten.csv',
    );
    expect((await settledImport(server.app, community, may.id)).status).toBe('done');
    await postPriceList(server.app, community, { pricePerKwh: '3.00' });

    const context = await browser.newContext();
    await signInThroughPortal(
      await context.newPage(),
      server.url,
      community.adminEmail,
      community.adminPassword,
    );
    session = await context.storageState();
    await context.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function czechPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ locale: 'cs-CZ', viewport, storageState: session });
    await context.addInitScript(() => localStorage.setItem('sdilna.language', 'cs'));
    return context.newPage();
  }

  /** What is seen on the page, screen-reader-only text aside. */
  async function shownText(page: Page): Promise<string> {
    return page.evaluate(() => {
      const copy = document.querySelector('main')!.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ');
    });
  }

  it('starts at the complete month, refuses the incomplete one with its points and days, and settles it anyway on request', async () => {
    const admin = `/admin/${community.communityId}`;
    const page = await czechPage(DESKTOP);
    await page.goto(`${server.url}${admin}/settlements`);

    // The month field starts at June: the newest month whose data are complete (July–November have none).
    const month = page.getByLabel('Měsíc');
    await expect.poll(() => month.inputValue(), { timeout: 15_000 }).toBe('2026-06');
    expect(await testIdText(page, 'settlement-month-hint')).toBe(
      'Navržen je poslední měsíc, jehož data z EDC jsou úplná a konečná.',
    );
    await saveScreenshot(page, 'settlement-suggested-month-desktop');
    expect(await axeViolations(page)).toEqual([]);

    // May is refused: both points, preliminary 1–20 May, missing 21–31 May; nothing is created.
    await month.fill('2026-05');
    await month.dispatchEvent('change');
    await page.getByRole('button', { name: 'Spočítat návrh' }).click();
    const refused = page.getByTestId('settlement-incomplete');
    await refused.waitFor();
    expect(await refused.getByRole('heading').innerText()).toBe('Data měsíce květen 2026 nejsou úplná');
    const rows = refused.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const byt = ((await refused.locator('tr', { hasText: 'Byt 12' }).innerText()) ?? '').replace(/\s+/g, ' ');
    expect(byt).toContain('21. 5. 2026 – 31. 5. 2026');
    expect(byt).toContain('1. 5. 2026 – 20. 5. 2026');
    expect(await refused.locator('tr', { hasText: 'FVE škola' }).count()).toBe(1);
    expect((await api().get(runPath(community)).set(bearer(community.adminToken))).body).toEqual([]);
    await saveScreenshot(page, 'settlement-incomplete-desktop');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await saveScreenshot(page, 'settlement-incomplete-phone');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);

    // "Přesto vyúčtovat květen 2026": the draft is made, and its page says it was settled on incomplete data.
    await page.getByRole('button', { name: 'Přesto vyúčtovat květen 2026' }).click();
    await page.getByRole('link', { name: 'květen 2026' }).click();
    const accepted = page.getByTestId('run-settled-anyway');
    await accepted.waitFor();
    expect(await accepted.getByRole('heading').innerText()).toBe('Vyúčtováno přesto, že data nebyla úplná');
    expect(await accepted.locator('tbody tr').count()).toBe(2);
    expect(await testIdText(page, 'run-title')).toBe('Vyúčtování za květen 2026');
    await saveScreenshot(page, 'settlement-settled-anyway-desktop');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await saveScreenshot(page, 'settlement-settled-anyway-phone');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);

    // June, complete: its draft shows every member's lines (point label and EAN, period, kWh, price, amounts)
    // and a preview of each document finalising will issue.
    await page.goto(`${server.url}${admin}/settlements`);
    await expect.poll(() => month.inputValue(), { timeout: 15_000 }).toBe('2026-06');
    await page.getByRole('button', { name: 'Spočítat návrh' }).click();
    await page.getByRole('link', { name: 'červen 2026' }).click();
    const lines = page.getByTestId('run-lines');
    await lines.waitFor({ timeout: 60_000 });
    const janaLines = lines.getByRole('region', { name: 'Jana Nováková' });
    const janaText = (await janaLines.innerText()).replace(/\s+/g, ' ');
    expect(janaText).toContain('Byt 12');
    expect(janaText).toContain(consumerEan);
    expect(janaText).toContain('1. 6. 2026 – 30. 6. 2026');
    expect(janaText).toMatch(/\d+,\d{2} kWh/);
    expect(janaText).toMatch(/\d+,\d{2}\s?Kč/);
    const previews = page.getByTestId('run-previews');
    await previews.waitFor();
    const first = (await previews.getByTestId('document-preview').first().innerText()).replace(/\s+/g, ' ');
    expect(first).toMatch(/^(Faktura|Dobropis)/);
    expect(first).toContain('1. 6. 2026 – 30. 6. 2026');
    expect(await shownText(page)).not.toMatch(/\b2026-06\b/);
    await saveScreenshot(page, 'settlement-draft-lines-desktop');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await saveScreenshot(page, 'settlement-draft-lines-phone');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 240_000);
});
