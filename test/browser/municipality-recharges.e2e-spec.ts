import { readFileSync } from 'node:fs';

import { Workbook } from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RechargeSummaryResponse } from '@sdilna/shared/util-api-contract';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { bearer, signUp, TEST_PASSWORD, type TestCommunity, uniqueEmail } from '../support/factories';
import { tokenIn } from '../support/mail-catcher';
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
 * Issue 18 item 7 as the municipality's accountant sees it: recharges per unit and month in Czech and English, at
 * desktop and phone size, with the figures the API summed from the documents, a drill-down to a document's PDF,
 * and the XLSX export.
 */
const SIZES = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const LANGUAGES = ['cs', 'en'] as const;
const TEXTS = {
  cs: { month: 'červen 2026', locale: 'cs-CZ', toUnit: 'Obec účtuje jednotce', kind: 'Přefakturace' },
  en: {
    month: 'June 2026',
    locale: 'en-GB',
    toUnit: 'Municipality charges the unit',
    kind: 'Internal recharge',
  },
} as const;

function localNumber(value: string | number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(Number(value))
    .replace(/\u202f|\u00a0/g, ' ');
}

describe("the municipality's accountant sees recharges per unit and month", () => {
  let server: PortalServer;
  let browser: Browser;
  let community: TestCommunity;
  let town: SettlementPoint;
  let school: SettlementPoint;
  let summary: RechargeSummaryResponse;
  let session: Awaited<ReturnType<BrowserContext['storageState']>>;
  let areaUrl = '';

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchChromium();
    community = await signUp(server.app, 'energy-community', 'Lomnice');
    town = await memberWithPoint(server.app, community, 'production', {
      name: 'Město Lomnice nad Lužnicí',
      kind: 'municipality',
      vatPayer: true,
      pointLabel: 'FVE radnice',
    });
    const unit = { kind: 'municipal-unit', parentMemberId: town.memberId };
    school = await memberWithPoint(server.app, community, 'consumption', {
      name: 'Základní škola Lomnice',
      ...unit,
    });
    const kindergarten = await memberWithPoint(server.app, community, 'consumption', {
      name: 'Mateřská škola Lomnice',
      ...unit,
    });
    const household = await memberWithPoint(server.app, community, 'consumption', { name: 'Jana Nováková' });
    const key = keyOf([
      { producer: town, consumer: school, percent: 55.5 },
      { producer: town, consumer: kindergarten, percent: 30 },
      { producer: town, consumer: household, percent: 14.5 },
    ]);
    const csv = await exportWith(
      [town, school, kindergarten, household],
      key,
      '2026-06-01',
      '2026-06-30',
      (point, date, interval) => {
        if (interval < 40 || interval > 60 || Number(date.slice(8, 10)) % 2 !== 0) return 0;
        return point.role === 'production' ? 2_345 + interval : 517;
      },
    );
    await importMonth(server.app, community, key, csv);
    await postPriceList(server.app, community, { pricePerKwh: '3.00', vatRatePercent: 21 });
    const draft = await settleDraft(server.app, community, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    await approveAndFinalize(server.app, community, draft.id);

    // The accountant joins as a person would: invited by mail, the invitation accepted.
    const email = uniqueEmail('ucetni');
    const invited = await request(server.app.getHttpServer())
      .post(`/api/communities/${community.communityId}/invitations`)
      .set(bearer(community.adminToken))
      .send({ email, role: 'municipality-accountant', memberId: town.memberId });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const accepted = await request(server.app.getHttpServer())
      .post('/api/auth/invitations/accept')
      .send({
        token: tokenIn(await server.mail.lastTo(email)),
        password: TEST_PASSWORD,
        name: 'Účetní města',
      });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    // What the page must show: the API's summary (its sums are checked against the documents in test/api).
    const answer = await request(server.app.getHttpServer())
      .get(`/api/communities/${community.communityId}/municipalities/${town.memberId}/recharges`)
      .set(bearer(community.adminToken));
    expect(answer.status).toBe(200);
    summary = answer.body as RechargeSummaryResponse;
    expect(summary.months.map((month) => month.month)).toEqual(['2026-06']);

    // One sign-in through the login page (rate-limited); it lands in the municipality's area.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughPortal(page, server.url, email, TEST_PASSWORD);
    areaUrl = page.url();
    session = await context.storageState();
    await context.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function accountantPage(size: (typeof SIZES)[number], language: 'cs' | 'en'): Promise<Page> {
    const context = await browser.newContext({
      locale: TEXTS[language].locale,
      viewport: { width: size.width, height: size.height },
      storageState: session,
      acceptDownloads: true,
    });
    await context.addInitScript((lang) => localStorage.setItem('sdilna.language', lang), language);
    return context.newPage();
  }

  it('lands the accountant in the municipality area after the login', () => {
    expect(new URL(areaUrl).pathname).toBe(`/municipality/${community.communityId}/${town.memberId}`);
  });

  for (const size of SIZES) {
    for (const language of LANGUAGES) {
      const texts = TEXTS[language];

      it(`shows the month's units with the API's figures and drills down to a PDF (${language}, ${size.name})`, async () => {
        const page = await accountantPage(size, language);
        await page.goto(`${server.url}/municipality/${community.communityId}/${town.memberId}`);
        const month = page.getByTestId('month-2026-06');
        await month.waitFor();
        expect(await month.getByRole('heading', { level: 2 }).textContent()).toContain(texts.month);
        expect(await testIdText(page, 'recharges-lead')).toContain('Město Lomnice nad Lužnicí');
        const june = summary.months[0]!;
        expect(await testIdText(page, 'total-gross')).toBe(localNumber(summary.totals.gross, texts.locale));
        expect(await testIdText(page, 'total-vat')).toBe(localNumber(summary.totals.vat, texts.locale));
        expect(await testIdText(page, 'total-energy')).toBe(
          localNumber(summary.totals.energyKwh, texts.locale),
        );
        expect(await testIdText(page, 'month-gross-2026-06')).toBe(localNumber(june.gross, texts.locale));
        const schoolRow = june.rows.find((row) => row.unitId === school.memberId)!;
        const row = page.getByTestId(`row-2026-06-${school.memberId}-to-unit`);
        const rowText = ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
        expect(rowText).toContain('Základní škola Lomnice');
        expect(rowText).toContain(texts.toUnit);
        expect(rowText).toContain(localNumber(schoolRow.net, texts.locale));
        expect(rowText).toContain(localNumber(schoolRow.energyKwh, texts.locale));

        // No ISO months or dates on the page (screen-reader-only text aside).
        const shown = await page.evaluate(() => {
          const copy = document.querySelector('main')!.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('.visually-hidden, option').forEach((hidden) => hidden.remove());
          return copy.textContent ?? '';
        });
        expect(shown).not.toMatch(/\b20\d\d-\d\d\b/);
        // The month choices are named too.
        expect(await page.locator('#recharges-from option:checked').textContent()).toMatch(
          /[a-zA-Zá-ž]+ \d{4}/,
        );
        // The page never scrolls sideways; a wide table scrolls in its own box.
        expect(
          await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ),
        ).toBeLessThanOrEqual(0);
        await saveScreenshot(page, `municipality-recharges-${language}-${size.name}`);
        expect(await axeViolations(page)).toEqual([]);

        // Drill down: the row's documents, each with its figures and files, on screen at phone size too.
        const opener = row.getByTestId('open-documents');
        await opener.click();
        // zoneless change detection renders a moment after the click
        await expect.poll(() => opener.getAttribute('aria-expanded')).toBe('true');
        const panel = page.getByTestId('recharge-documents');
        await panel.waitFor();
        const reference = schoolRow.documents[0]!;
        const item = panel.getByTestId(`document-${reference.number}`);
        expect(((await item.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(texts.kind);
        expect(await item.getByTestId('document-gross').textContent()).toContain(
          localNumber(reference.gross, texts.locale),
        );
        const pdf = item.getByTestId('document-pdf');
        await pdf.scrollIntoViewIfNeeded();
        const box = await pdf.boundingBox();
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(size.width);
        await saveScreenshot(page, `municipality-recharge-documents-${language}-${size.name}`);
        expect(await axeViolations(page)).toEqual([]);
        const [download] = await Promise.all([page.waitForEvent('download'), pdf.click()]);
        expect(download.suggestedFilename()).toBe(`${reference.number}.pdf`);
        const bytes = readFileSync((await download.path()) as string);
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
        await page.context().close();
      });
    }
  }

  it('says in Czech why a period that ends before it starts is refused, and keeps the figures shown', async () => {
    const page = await accountantPage(SIZES[0], 'cs');
    await page.goto(`${server.url}/municipality/${community.communityId}/${town.memberId}`);
    await page.getByTestId('month-2026-06').waitFor();
    await page.locator('#recharges-from').selectOption('2026-06');
    await page.locator('#recharges-to').selectOption('2026-05');
    await page.getByRole('button', { name: 'Zobrazit' }).click();
    const error = await testIdText(page, 'api-error');
    expect(error).toContain('Období není platné: začátek nesmí být po konci');
    expect(error).not.toMatch(/\{|2026-0|after|expected/);
    expect(await page.getByTestId('month-2026-06').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('downloads the XLSX export with the figures on the page', async () => {
    const page = await accountantPage(SIZES[0], 'cs');
    await page.goto(`${server.url}/municipality/${community.communityId}/${town.memberId}`);
    await page.getByTestId('month-2026-06').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`prefakturace-${summary.from}-${summary.to}.xlsx`);
    const workbook = new Workbook();
    await workbook.xlsx.load(new Uint8Array(readFileSync((await download.path()) as string)).buffer);
    const sheet = workbook.getWorksheet('Přefakturace')!;
    const rows = summary.months[0]!.rows;
    expect(sheet.rowCount).toBe(rows.length + 2);
    const total = sheet.getRow(rows.length + 2);
    expect(total.getCell(1).value).toBe('Celkem');
    expect(Math.round((total.getCell(11).value as number) * 100)).toBe(
      Math.round(Number(summary.totals.gross) * 100),
    );
    await page.context().close();
  });
});
