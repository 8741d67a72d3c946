import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
import { camt053Statement } from '../support/camt053';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { signInThroughPortal } from '../support/portal-community';
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

const IBAN = 'CZ6508000000192000145399';

/**
 * Issue 21's pages: an administrator uploads a statement, assigns its unmatched payment to the member's invoice,
 * sees the invoice paid and the totals on the payments page, enters the producer's account and creates a payout
 * order; Czech on a phone, English on a desktop, every page axe-clean. One browser for all.
 */
describe('payments pages: statements, payment status and payouts', () => {
  let server: PortalServer;
  let browser: Browser;
  let community: TestCommunity;
  let producer: SettlementPoint;
  let jana: SettlementPoint;
  let invoice: { id: string; number: string; gross: string };
  let session: Awaited<ReturnType<BrowserContext['storageState']>>;
  const admin = () => `${server.url}/admin/${community.communityId}`;

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchChromium();
    community = await signUp(server.app, 'energy-community', 'Lhota');
    await request(server.app.getHttpServer())
      .put(`/api/communities/${community.communityId}/settlement-settings`)
      .set(bearer(community.adminToken))
      .send({ mode: 'community-clearing', iban: IBAN, dueDays: 14 })
      .expect(200);
    producer = await memberWithPoint(server.app, community, 'production', { name: 'FVE Na Kopci' }, '2.00');
    jana = await memberWithPoint(server.app, community, 'consumption', { name: 'Jana Nováková' }, '4.00');
    const key = keyOf([{ producer, consumer: jana, percent: 100 }]);
    const csv = await exportWith(
      [producer, jana],
      key,
      '2026-06-01',
      '2026-06-30',
      (_point, date, interval) => (date === '2026-06-10' && interval === 48 ? 10_000 : 0),
    );
    await importMonth(server.app, community, key, csv);
    await postPriceList(server.app, community, { pricePerKwh: '3.00' });
    const draft = await settleDraft(server.app, community, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    await approveAndFinalize(server.app, community, draft.id);
    const documents = await request(server.app.getHttpServer())
      .get(`/api/communities/${community.communityId}/documents`)
      .set(bearer(community.adminToken))
      .expect(200);
    invoice = (documents.body as Array<{ id: string; kind: string; number: string; gross: string }>).find(
      (document) => document.kind === 'invoice',
    ) as { id: string; number: string; gross: string };
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

  async function pageIn(language: 'cs' | 'en', width: number, height: number): Promise<Page> {
    const context = await browser.newContext({
      locale: language === 'cs' ? 'cs-CZ' : 'en-GB',
      viewport: { width, height },
      storageState: session,
      acceptDownloads: true,
    });
    await context.addInitScript((lang) => localStorage.setItem('sdilna.language', lang), language);
    return context.newPage();
  }

  it('uploads a statement on a phone and assigns its unmatched payment to the invoice (cs)', async () => {
    const page = await pageIn('cs', 390, 844);
    await page.goto(`${admin()}/bank-statements`);
    await page.getByRole('heading', { level: 1, name: 'Výpisy z banky' }).waitFor();
    const statement = camt053Statement(IBAN, 'BROWSER-1', [
      {
        amount: invoice.gross,
        bookingDate: '2026-12-02',
        reference: 'B1',
        debtorName: 'Jana N.',
        message: 'elektřina',
      },
    ]);
    await page.getByLabel('Soubor výpisu').setInputFiles({
      name: 'vypis.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(statement, 'utf8'),
    });
    await page.getByRole('button', { name: 'Nahrát výpis' }).click();
    await page.getByTestId('statement-result').getByText('1 nespárováno').waitFor();
    const row = page.getByTestId('unmatched-table').locator('tr', { hasText: 'Jana N.' });
    await row.waitFor();
    await row.getByRole('combobox', { name: 'Vyberte doklad' }).selectOption(invoice.id);
    await row.getByRole('button', { name: 'Přiřadit' }).click();
    await page.getByTestId('entry-assigned').getByText(invoice.number).waitFor();
    await page.getByText('Vše je spárované').waitFor();
    expect(await page.getByTestId('statements-table').getByText('vypis.xml').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the invoice paid with the totals, and creates the producer payout order (en)', async () => {
    const page = await pageIn('en', 1366, 768);
    await page.goto(`${admin()}/payments`);
    await page.getByRole('heading', { level: 1, name: 'Payments of documents' }).waitFor();
    const invoiceRow = page.getByTestId('payments-table').locator('tr', { hasText: invoice.number });
    await invoiceRow.getByText('paid', { exact: true }).waitFor();
    // the one invoice is paid: nothing is owed by members
    expect(await page.getByTestId('total-receivable').textContent()).toMatch(/(^|[^\d.,])0\.00([^\d]|$)/);
    await page.getByTestId('payments-status-filter').selectOption('unpaid');
    await page.getByTestId('payments-table').locator('tr', { hasText: 'FVE Na Kopci' }).waitFor();
    expect(await page.getByTestId('payments-table').locator('tr', { hasText: invoice.number }).count()).toBe(
      0,
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${admin()}/documents`);
    await page.getByTestId(`payment-status-${invoice.number}`).getByText('paid', { exact: true }).waitFor();

    await page.goto(`${admin()}/payouts`);
    await page.getByRole('heading', { level: 1, name: 'Producer payouts' }).waitFor();
    await page.getByLabel('Account of FVE Na Kopci').fill('1234567899/0800');
    await page.getByRole('button', { name: 'Save account' }).click();
    await expect
      .poll(() => page.getByLabel('Account of FVE Na Kopci').inputValue())
      .toBe('CZ5508000000001234567899');
    await page.getByTestId('payout-create').click();
    await page.getByTestId('payout-created').getByText('1 payments').waitFor();
    await page.getByTestId('payout-orders').getByText('FVE Na Kopci').waitFor();
    await page.getByTestId('payout-candidates').getByText('in an order already').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
