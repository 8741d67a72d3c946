import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { signUp, type TestCommunity, uniqueEan } from '../support/factories';
import { signInThroughPortal, testIdText } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';
import {
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  type SettlementPoint,
  settleDraft,
} from '../support/settlement-community';

/**
 * Issue 18 items 4, 8 and 9 as a person sees them: the key editor names members and points beside EANs and writes
 * decimals the UI language's way, months are named (never `2026-06`), and on a phone the admin menu is one bar.
 */
const SIZES = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const LANGUAGES = ['cs', 'en'] as const;

const TEXTS = {
  cs: {
    month: 'červen 2026',
    percent: '37,44',
    menu: 'Menu',
    keyLink: 'Alokační klíč',
    money: /\d,\d\d Kč/,
    kwh: /\d,\d\d kWh/,
    foreignMoney: /CZK/,
  },
  en: {
    month: 'June 2026',
    percent: '37.44',
    menu: 'Menu',
    keyLink: 'Allocation key',
    money: /CZK \d[\d,]*\.\d\d/,
    kwh: /\d\.\d\d kWh/,
    foreignMoney: /Kč/,
  },
} as const;

describe('the portal is readable in both languages, at desktop and phone size', () => {
  let server: PortalServer;
  let browser: Browser;
  let community: TestCommunity;
  let producer: SettlementPoint;
  let jana: SettlementPoint;
  let session: Awaited<ReturnType<BrowserContext['storageState']>>;

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchChromium();
    community = await signUp(server.app, 'energy-community', 'Lomnice');
    producer = await memberWithPoint(server.app, community, 'production', {
      name: 'Obec Lomnice',
      kind: 'municipality',
      pointLabel: 'FVE škola',
    });
    jana = await memberWithPoint(server.app, community, 'consumption', {
      name: 'Jana Nováková',
      pointLabel: 'Byt 12',
    });
    const school = await memberWithPoint(server.app, community, 'consumption', {
      name: 'Základní škola',
      pointLabel: 'Tělocvična',
    });
    const key = keyOf([
      { producer, consumer: jana, percent: 37.44 },
      { producer, consumer: school, percent: 62.56 },
    ]);
    const csv = await exportWith([producer, jana, school], key, '2026-06-01', '2026-06-30', (point, _d, i) =>
      point.role === 'production' ? (i >= 40 && i < 60 ? 200 : 0) : 50,
    );
    await importMonth(server.app, community, key, csv);
    await postPriceList(server.app, community, { pricePerKwh: '3.00' });
    const draft = await settleDraft(server.app, community, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    // One sign-in through the login page; every size and language reuses it (the login is rate-limited).
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughPortal(page, server.url, community.adminEmail, community.adminPassword);
    session = await context.storageState();
    await context.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function adminPage(size: (typeof SIZES)[number], language: 'cs' | 'en'): Promise<Page> {
    const context = await browser.newContext({
      locale: language === 'cs' ? 'cs-CZ' : 'en-GB',
      viewport: { width: size.width, height: size.height },
      storageState: session,
    });
    await context.addInitScript((lang) => localStorage.setItem('sdilna.language', lang), language);
    return context.newPage();
  }

  /** Elements that stick out of the viewport's right edge (the page would scroll sideways); [] when none. */
  async function sidewaysOverflow(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      return Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => !element.parentElement?.closest('.table-wrap'))
        .slice(0, 8)
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}.${String(element.className)} ${Math.round(element.getBoundingClientRect().right)}`,
        );
    });
  }

  for (const size of SIZES) {
    for (const language of LANGUAGES) {
      const texts = TEXTS[language];
      const admin = () => `${server.url}/admin/${community.communityId}`;

      it(`key editor (${language}, ${size.name}): names beside EANs, ${texts.percent}, preview at ${texts.month}`, async () => {
        const page = await adminPage(size, language);
        await page.goto(`${admin()}/allocation-key`);
        await page.getByTestId('key-table').waitFor();
        const column = await testIdText(page, `producer-${producer.ean}`);
        expect(column).toContain('Obec Lomnice');
        expect(column).toContain('FVE škola');
        expect(column).toContain(producer.ean);
        const row = await testIdText(page, `consumer-${jana.ean}`);
        expect(row).toContain('Jana Nováková');
        expect(row).toContain('Byt 12');
        const input = page.getByTestId(`percent-${producer.ean}-${jana.ean}`);
        await expect.poll(() => input.inputValue()).toBe(texts.percent);
        expect(await testIdText(page, `sum-${producer.ean}`)).toBe('100 %');
        expect(await testIdText(page, 'key-preview-newest')).toContain(texts.month);
        expect(await page.locator('#preview-from').inputValue()).toBe('2026-06-01');

        // The table scrolls inside its own box; the page itself never scrolls sideways.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        const wrap = await page.getByTestId('key-table-wrap').boundingBox();
        expect((wrap?.x ?? 0) + (wrap?.width ?? 0)).toBeLessThanOrEqual(size.width);

        await saveScreenshot(page, `readable-key-editor-${language}-${size.name}`);
        expect(await axeViolations(page)).toEqual([]);
        await page.context().close();
      });

      it(`settlements (${language}, ${size.name}): the month is named, not 2026-06, amounts in the language`, async () => {
        const page = await adminPage(size, language);
        await page.goto(`${admin()}/settlements`);
        const rowHeader = page.locator('tbody th[scope="row"]').first();
        await rowHeader.waitFor();
        expect(((await rowHeader.textContent()) ?? '').trim()).toBe(texts.month);
        // What is seen (screen-reader-only text aside, which keeps the period the buttons were always named by).
        const shown = await page.evaluate(() => {
          const copy = document.querySelector('main')!.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
          return copy.textContent ?? '';
        });
        expect(shown).not.toMatch(/\b2026-06\b(?!-)/);
        // amounts and energy the UI language's way (Angular's pipes followed the fixed cs-CZ LOCALE_ID)
        expect(shown).toMatch(texts.money);
        expect(shown).toMatch(texts.kwh);
        expect(shown).not.toMatch(texts.foreignMoney);
        expect(await sidewaysOverflow(page)).toEqual([]);
        await saveScreenshot(page, `readable-settlements-${language}-${size.name}`);
        expect(await axeViolations(page)).toEqual([]);
        await page.context().close();
      });

      it(`admin layout (${language}, ${size.name}): the menu ${size.name === 'phone' ? 'is collapsed and opens' : 'is shown'}`, async () => {
        const page = await adminPage(size, language);
        await page.goto(`${admin()}/dashboard`);
        await page.getByTestId('community-name').waitFor();
        const menu = page.getByTestId('admin-menu');
        const toggle = page.getByTestId('admin-menu-toggle');
        if (size.name === 'phone') {
          expect(await menu.isVisible()).toBe(false);
          expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          const nav = await page.getByRole('navigation', { name: /správa|administration/i }).boundingBox();
          expect(nav?.height ?? 0).toBeLessThan(size.height / 6);
          await saveScreenshot(page, `readable-admin-menu-closed-${language}`);
          await toggle.click();
          await menu.waitFor();
          expect(await toggle.getAttribute('aria-expanded')).toBe('true');
          await saveScreenshot(page, `readable-admin-menu-open-${language}`);
          expect(await axeViolations(page)).toEqual([]);
          await menu.getByRole('link', { name: texts.keyLink }).click();
          await page.getByTestId('key-table').waitFor();
          expect(await menu.isVisible()).toBe(false);
        } else {
          expect(await menu.isVisible()).toBe(true);
          expect(await toggle.isVisible()).toBe(false);
          await saveScreenshot(page, `readable-admin-dashboard-${language}-${size.name}`);
          expect(await axeViolations(page)).toEqual([]);
        }
        await page.context().close();
      });
    }
  }

  it('tells why an import failed in Czech, with the EAN and where it is, and keeps it in the history', async () => {
    const stranger: SettlementPoint = { ean: uniqueEan(), role: 'consumption', memberId: '', pointId: '' };
    const key = keyOf([{ producer, consumer: stranger, percent: 100 }]);
    const csv = await exportWith([producer, stranger], key, '2026-07-01', '2026-07-02', () => 10);
    const page = await adminPage(SIZES[0], 'cs');
    await page.goto(`${server.url}/admin/${community.communityId}/imports`);
    await page
      .getByTestId('edc-file')
      .setInputFiles({ name: 'cervenec.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Nahrát' }).click();
    await page.getByTestId('import-failed').waitFor({ timeout: 60_000 });
    const failed = await testIdText(page, 'import-failed');
    expect(failed).toContain(`EAN ${stranger.ean} není registrované odběrné místo tohoto společenství`);
    expect(failed).toMatch(/[Řř]ádek 1, sloupec \d+/);
    expect(failed).not.toMatch(/registered|problems|register it/);
    expect(await testIdText(page, 'import-status')).toBe('Chyba');
    expect(await page.getByTestId('import-progress').textContent()).not.toContain('%');
    await page.reload();
    expect(await testIdText(page, 'import-history-error')).toContain(`EAN ${stranger.ean} není registrované`);
    await saveScreenshot(page, 'readable-import-failed-cs');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
