import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { bearer, createMember, signUp, type TestCommunity } from '../support/factories';
import { signInThroughPortal, testIdText } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';
import {
  approveAndFinalize,
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  type SettlementPoint,
  settleDraft,
} from '../support/settlement-community';

/**
 * Issue 17 items 1 and 2 in the portal, in Czech, without curl: an administrator ends a price list (June is
 * final, so the portal offers the change as a correction, naming the documents) and adds the next from the 15th,
 * ends a point's price and adds the next, moves a point to another member from a date and reads its history,
 * ends a key version, and sees which months' figures are being recomputed. Every page at 1366 and 390 px, axe
 * finds nothing.
 */
const SIZES = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('periods in the portal (issue 17)', () => {
  let server: PortalServer;
  let browser: Browser;
  let community: TestCommunity;
  let jana: SettlementPoint;
  let petrId: string;
  let documentNumbers: string[];
  let session: Awaited<ReturnType<BrowserContext['storageState']>>;

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchChromium();
    community = await signUp(server.app, 'energy-community', 'Hradiště');
    const producer = await memberWithPoint(server.app, community, 'production', {
      name: 'Obec Hradiště',
      kind: 'municipality',
      pointLabel: 'FVE radnice',
    });
    jana = await memberWithPoint(
      server.app,
      community,
      'consumption',
      { name: 'Jana Dvořáková', pointLabel: 'Byt 3' },
      '6.50',
    );
    petrId = (await createMember(server.app, community, { name: 'Petr Novotný' })).id;
    const key = keyOf([{ producer, consumer: jana, percent: 100 }]);
    const csv = await exportWith([producer, jana], key, '2026-06-01', '2026-06-30', (point, _d, i) =>
      point.role === 'production' ? (i >= 40 && i < 60 ? 200 : 0) : 50,
    );
    await importMonth(server.app, community, key, csv);
    await postPriceList(server.app, community, { name: 'Ceník 2026', pricePerKwh: '3.00' });
    const june = await settleDraft(server.app, community, '2026-06');
    expect(june.computeStatus, JSON.stringify(june.error)).toBe('done');
    await approveAndFinalize(server.app, community, june.id);
    const documents = await request(server.app.getHttpServer())
      .get(`/api/communities/${community.communityId}/documents?runId=${june.id}`)
      .set(bearer(community.adminToken));
    documentNumbers = (documents.body as Array<{ number: string }>).map((document) => document.number);
    expect(documentNumbers.length).toBeGreaterThan(0);

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

  const admin = () => `${server.url}/admin/${community.communityId}`;

  async function adminPage(size: (typeof SIZES)[number]): Promise<Page> {
    const context = await browser.newContext({
      locale: 'cs-CZ',
      viewport: { width: size.width, height: size.height },
      storageState: session,
    });
    await context.addInitScript(() => localStorage.setItem('sdilna.language', 'cs'));
    return context.newPage();
  }

  /** Elements that stick out of the viewport's right edge (outside scrolling tables); [] when none. */
  async function sidewaysOverflow(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      return Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => !element.parentElement?.closest('.table-wrap'))
        .slice(0, 8)
        .map((element) => `${element.tagName.toLowerCase()}.${String(element.className)}`);
    });
  }

  async function rowsOf(page: Page, testId: string): Promise<string[]> {
    return page
      .getByTestId(testId)
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) =>
          Array.from((row as HTMLTableRowElement).cells)
            .map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())
            .join(' '),
        ),
      );
  }

  async function checked(page: Page, name: string): Promise<void> {
    expect(await sidewaysOverflow(page)).toEqual([]);
    await saveScreenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
  }

  it('ends the price list (June is final: made as a correction) and adds the next from the 15th', async () => {
    const page = await adminPage(SIZES[0]);
    await page.goto(`${admin()}/price-lists`);
    await page.getByTestId('price-lists').waitFor();
    const end = page.getByTestId('end-price-list');
    await end.getByLabel('Poslední den platnosti').fill('2026-06-14');
    await end.getByRole('button', { name: 'Ukončit ceník' }).click();

    // June has final documents: the portal names them and offers the same change as a correction
    const dialog = page.getByRole('alertdialog', { name: 'Měsíc už má konečné doklady' });
    await dialog.waitFor();
    const said = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(said).toContain('červen 2026');
    for (const number of documentNumbers) expect(said).toContain(number);
    expect(said).toContain('opravný běh');
    await checked(page, 'periods-price-list-final-desktop');
    await dialog.getByRole('button', { name: 'Provést jako opravu' }).click();
    expect(await testIdText(page, 'price-list-ended')).toBe('Ukončeno ke dni 14. 6. 2026.');

    // the next list's form starts the day after
    const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Přidat ceník' }) });
    expect(await add.getByLabel('Platí od').inputValue()).toBe('2026-06-15');
    await add.getByLabel('Název').fill('Ceník od 15. 6.');
    await add.getByLabel('Cena za kWh (Kč/kWh)').fill('3,40');
    await add.getByRole('button', { name: 'Přidat ceník' }).click();
    // the second half of June is final too: once more as a correction
    await page.getByRole('alertdialog').getByRole('button', { name: 'Provést jako opravu' }).click();
    await expect.poll(() => rowsOf(page, 'price-lists')).toHaveLength(2);
    const rows = await rowsOf(page, 'price-lists');
    expect(rows[0]).toMatch(/Ceník 2026 1\. 1\. 2026 – 14\. 6\. 2026 \(ukončeno\) 3,00/);
    expect(rows[1]).toMatch(/Ceník od 15\. 6\. 15\. 6\. 2026 – bez konce \(platí\) 3,40/);
    await checked(page, 'periods-price-lists-desktop');
    await page.context().close();
  });

  it("ends a point's price, adds the next, moves the point to another member from a date and lists its history", async () => {
    const page = await adminPage(SIZES[0]);
    await page.goto(`${admin()}/metering-points/${jana.pointId}`);
    await page.getByTestId('prices-table').waitFor();
    const end = page.getByTestId('end-price');
    await end.getByLabel('Poslední den platnosti').fill('2026-06-30');
    await end.getByRole('button', { name: 'Ukončit cenu' }).click();
    await expect
      .poll(() => rowsOf(page, 'prices-table'))
      .toEqual(['1. 1. 2026 – 30. 6. 2026 ukončeno 6,50 Kč']);

    const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Přidat cenu' }) });
    expect(await add.getByLabel('Od').inputValue()).toBe('2026-07-01');
    await add.getByLabel('Cena za kWh (Kč)').fill('7,10');
    await add.getByRole('button', { name: 'Přidat cenu' }).click();
    await expect
      .poll(() => rowsOf(page, 'prices-table'))
      .toEqual(['1. 1. 2026 – 30. 6. 2026 ukončeno 6,50 Kč', '1. 7. 2026 – bez konce platí 7,10 Kč']);

    const successor = page.getByTestId('successor');
    await successor.getByLabel('Od data').fill('2026-07-01');
    await successor.getByLabel('Nový člen').selectOption({ label: 'Petr Novotný' });
    await successor.getByRole('button', { name: 'Změnit od data' }).click();
    expect(await testIdText(page, 'successor-done')).toBe('Místo od 1. 7. 2026 patří členovi Petr Novotný.');
    await expect
      .poll(() => rowsOf(page, 'point-history'))
      .toEqual([
        '1. 1. 2026 – 30. 6. 2026 ukončeno Jana Dvořáková Byt 3',
        '1. 7. 2026 – bez konce platí Petr Novotný Byt 3',
      ]);
    await checked(page, 'periods-point-desktop');

    // the history links the new period, which names its member
    await page.getByTestId('point-history').getByRole('link').click();
    await expect.poll(() => page.getByLabel('Člen', { exact: true }).inputValue()).toBe(petrId);
    await page.context().close();
  });

  it('lists the key versions with their periods and ends a key', async () => {
    const page = await adminPage(SIZES[0]);
    await page.goto(`${admin()}/allocation-key`);
    await page.getByTestId('key-versions').waitFor();
    expect(await rowsOf(page, 'key-versions')).toEqual([
      '1. 1. 2026 – bez konce platí Statická s opakováním',
    ]);
    // the group's iteration periods come from their own request: wait for them rather than read them at once
    await expect
      .poll(() => rowsOf(page, 'iteration-periods'))
      .toEqual(['1. 1. 2026 – bez konce platí požádáno']);
    const end = page.getByTestId('end-key');
    await end.getByLabel('Ukončit klíč ke dni').fill('2026-09-30');
    await end.getByRole('button', { name: 'Ukončit klíč' }).click();
    expect(await testIdText(page, 'key-ended')).toBe('Ukončeno ke dni 30. 9. 2026.');
    await expect
      .poll(() => rowsOf(page, 'key-versions'))
      .toEqual(['1. 1. 2026 – 30. 9. 2026 ukončeno Statická s opakováním']);
    await checked(page, 'periods-key-desktop');
    await page.context().close();
  });

  it('says which months are being recomputed on the figures pages and stops asking once they are current', async () => {
    const page = await adminPage(SIZES[0]);
    // The in-process worker recomputes within seconds; the status is held here so the banner can be read.
    let state: 'recomputing' | 'current' = 'recomputing';
    let asked = 0;
    await page.route('**/sharing/status', async (route: Route) => {
      asked += 1;
      const june = {
        month: '2026-06',
        state: 'recomputing',
        fromDay: '2026-06-01',
        toDay: '2026-06-30',
        reasons: ['allocation key 2026-06-01..2026-06-30'],
        markedAt: '2026-12-07T08:00:00Z',
        recomputingSince: '2026-12-07T08:00:01Z',
      };
      const july = { ...june, month: '2026-07', state: 'stale', recomputingSince: null };
      await route.fulfill({
        json:
          state === 'current'
            ? { state: 'current', staleMonths: [], recomputingMonths: [], months: [] }
            : { state, staleMonths: ['2026-07'], recomputingMonths: ['2026-06'], months: [june, july] },
      });
    });
    await page.goto(`${admin()}/dashboard`);
    const banner = page.getByTestId('freshness-banner');
    await banner.waitFor();
    const said = ((await banner.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(said).toContain('Údaje za červen 2026 se právě přepočítávají.');
    expect(said).toContain('Údaje za červenec 2026 čekají na přepočet po změně vstupů.');
    expect(await banner.getAttribute('role')).toBe('status');
    await checked(page, 'periods-freshness-dashboard-desktop');

    for (const path of ['discrepancies', 'settlements', 'allocation-key']) {
      await page.goto(`${admin()}/${path}`);
      await page.getByTestId('freshness-banner').waitFor();
    }
    // polls while recomputing, goes away when current and asks no more
    state = 'current';
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    const settled = asked;
    await page.waitForTimeout(6_000);
    expect(asked).toBe(settled);
    await page.context().close();
  });

  it('the real status after the key change comes back current once the worker has recomputed', async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await request(server.app.getHttpServer())
        .get(`/api/communities/${community.communityId}/sharing/status`)
        .set(bearer(community.adminToken));
      expect(status.status).toBe(200);
      if ((status.body as { state: string }).state === 'current') break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const page = await adminPage(SIZES[0]);
    await page.goto(`${admin()}/dashboard`);
    await page.getByTestId('community-name').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('freshness-banner').count()).toBe(0);
    await page.context().close();
  });

  it('every period page on a phone (390 px): no sideways scrolling, axe finds nothing', async () => {
    const page = await adminPage(SIZES[1]);
    await page.route('**/sharing/status', (route: Route) =>
      route.fulfill({
        json: { state: 'stale', staleMonths: ['2026-06'], recomputingMonths: [], months: [] },
      }),
    );
    await page.goto(`${admin()}/price-lists`);
    await page.getByTestId('price-lists').waitFor();
    await checked(page, 'periods-price-lists-phone');
    await page.goto(`${admin()}/metering-points/${jana.pointId}`);
    await page.getByTestId('point-history').waitFor();
    await checked(page, 'periods-point-phone');
    await page.goto(`${admin()}/allocation-key`);
    await page.getByTestId('key-versions').waitFor();
    await page.getByTestId('freshness-banner').waitFor();
    await checked(page, 'periods-key-phone');
    await page.goto(`${admin()}/dashboard`);
    expect(await testIdText(page, 'freshness-banner')).toContain('Údaje za červen 2026 čekají na přepočet');
    await checked(page, 'periods-freshness-dashboard-phone');
    // the final-documents dialog on a phone
    await page.goto(`${admin()}/price-lists`);
    const end = page.getByTestId('end-price-list');
    await end.getByLabel('Poslední den platnosti').fill('2026-06-20');
    await end.getByRole('button', { name: 'Ukončit ceník' }).click();
    await page.getByRole('alertdialog').waitFor();
    await checked(page, 'periods-price-list-final-phone');
    await page.context().close();
  });

  it('key advice (issue 22) on a phone: picks June, follows the job, shows the members in kWh and Kč, registers from next month', async () => {
    const page = await adminPage(SIZES[1]);
    // the page offers the twelve months before today; the data are June 2026's, so the browser lives in July 2026
    // (only its clock: timers run, the API's "next month" stays the server's)
    await page.clock.setFixedTime(new Date('2026-07-15T10:00:00Z'));
    await page.goto(`${admin()}/key-advice`);
    await page.getByTestId('advice-start').waitFor();
    // the page offers the last months (the two newest picked); fit on June only, the month with data
    const picked = page.locator('[data-testid^="advice-month-"]:checked');
    while ((await picked.count()) > 0) await picked.first().uncheck();
    await page.getByTestId('advice-month-2026-06').check();
    await page.getByTestId('advice-start').click();
    await page.getByTestId('advice-answer').waitFor({ timeout: 120_000 });
    expect(await testIdText(page, 'advice-no-backtest')).toBe(
      'Zpětný test potřebuje aspoň dva vybrané měsíce.',
    );
    const [jana] = await rowsOf(page, 'advice-members');
    expect(jana).toMatch(/^Jana Dvořáková /);
    expect(jana).toContain('Kč');
    await checked(page, 'key-advice-phone');
    await page.getByTestId('advice-register').click();
    expect(await testIdText(page, 'advice-registered')).toMatch(/^Klíč platí od 1\. 1\. \d{4}\./);
    await page.context().close();
  });
});
