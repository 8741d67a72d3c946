import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { bearer, createMember, signUp, uniqueEmail, type TestCommunity } from '../support/factories';
import { attachmentOf, type CaughtMail } from '../support/mail-catcher';
import { invitedMember, signInThroughPortal } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';
import {
  approveAndFinalize,
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  pointFor,
  postPriceList,
  type SettlementPoint,
  settleDraft,
} from '../support/settlement-community';
import { StripeStub } from '../support/stripe-stub';

const IBAN = 'CZ6508000000192000145399';
const PHONE = { width: 390, height: 844 };
/** what this spec sets for its own app; put back afterwards */
const ENVIRONMENT = {
  STRIPE_SECRET_KEY: 'sk_test_sdilna_delivery_pages',
  STRIPE_WEBHOOK_SECRET: 'whsec_test_sdilna_delivery_pages',
  STRIPE_PRICE_ID: 'price_test_per_point',
  // a refused mail is `failed` after two quick attempts instead of five over minutes
  MAIL_ATTEMPTS: '2',
  MAIL_BACKOFF_MS: '50',
} as const;

interface DocumentBody {
  id: string;
  kind: string;
  number: string;
  buyerId: string;
  sellerId: string;
}

/**
 * Issue 21 in the portal, as an administrator and a member click through it on a phone: the run page's delivery
 * table after finalising (sent, refused by the mail server with its reason, a member without an e-mail), resending
 * one document and all undelivered ones with the mails checked in the SMTP server (PDF and ISDOC attached); then
 * the billing page's Stripe Connect section (onboarding through the local Stripe stub) and the member's pay button,
 * hidden without Connect and shown with it. One browser, one app, one finalised month.
 */
describe('payments pages: delivery by e-mail and card payments through Stripe Connect', () => {
  let server: PortalServer;
  let stub: StripeStub;
  let browser: Browser;
  let community: TestCommunity;
  let runId: string;
  let producer: SettlementPoint;
  let jana: SettlementPoint & { email: string };
  let eva: SettlementPoint & { email: string };
  let documents: DocumentBody[];
  let adminSession: Awaited<ReturnType<BrowserContext['storageState']>>;
  let memberSession: Awaited<ReturnType<BrowserContext['storageState']>>;
  const saved = new Map<string, string | undefined>();
  const admin = () => `${server.url}/admin/${community.communityId}`;
  const invoiceOf = (point: SettlementPoint) =>
    documents.find(
      (document) => document.kind === 'invoice' && document.buyerId === point.memberId,
    ) as DocumentBody;
  const creditNote = () =>
    documents.find((document) => document.sellerId === producer.memberId) as DocumentBody;

  async function consumer(name: string): Promise<SettlementPoint & { email: string }> {
    const email = uniqueEmail('payer');
    const member = await createMember(server.app, community, { name, email });
    return { ...(await pointFor(server.app, community, member.id, 'consumption', '4.00')), email };
  }

  async function sessionOf(email: string, password: string) {
    const context = await browser.newContext();
    await signInThroughPortal(await context.newPage(), server.url, email, password);
    const state = await context.storageState();
    await context.close();
    return state;
  }

  beforeAll(async () => {
    stub = await StripeStub.start();
    for (const [key, value] of Object.entries({ ...ENVIRONMENT, STRIPE_API_BASE: stub.url })) {
      saved.set(key, process.env[key]);
      process.env[key] = value;
    }
    server = await startPortalServer();
    browser = await launchChromium();
    community = await signUp(server.app, 'energy-community', 'Lhota');
    await request(server.app.getHttpServer())
      .put(`/api/communities/${community.communityId}/settlement-settings`)
      .set(bearer(community.adminToken))
      .send({ mode: 'community-clearing', iban: IBAN, dueDays: 14 })
      .expect(200);
    // the producer has no e-mail in the registry; Eva's mail server refuses her mailbox
    producer = await memberWithPoint(server.app, community, 'production', { name: 'FVE Na Kopci' }, '2.00');
    jana = await consumer('Jana Nováková');
    eva = await consumer('Eva Odmítnutá');
    const key = keyOf([
      { producer, consumer: jana, percent: 50 },
      { producer, consumer: eva, percent: 50 },
    ]);
    const csv = await exportWith(
      [producer, jana, eva],
      key,
      '2026-06-01',
      '2026-06-30',
      (point, date, interval) =>
        date === '2026-06-10' && interval === 48 ? (point.role === 'production' ? 20_000 : 10_000) : 0,
    );
    await importMonth(server.app, community, key, csv);
    await postPriceList(server.app, community, { pricePerKwh: '3.00' });
    const member = await invitedMember(server.app, server.mail, community, jana.memberId);
    [adminSession, memberSession] = await Promise.all([
      sessionOf(community.adminEmail, community.adminPassword),
      sessionOf(member.email, member.password),
    ]);
    server.mail.refuseTo.add(eva.email);
    const draft = await settleDraft(server.app, community, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    runId = draft.id;
    await approveAndFinalize(server.app, community, runId);
    documents = (
      await request(server.app.getHttpServer())
        .get(`/api/communities/${community.communityId}/documents`)
        .set(bearer(community.adminToken))
        .expect(200)
    ).body as DocumentBody[];
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await stub?.stop();
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  async function pageIn(
    language: 'cs' | 'en',
    session: Awaited<ReturnType<BrowserContext['storageState']>>,
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: language === 'cs' ? 'cs-CZ' : 'en-GB',
      viewport: PHONE,
      storageState: session,
    });
    await context.addInitScript((lang) => localStorage.setItem('sdilna.language', lang), language);
    return context.newPage();
  }

  /** the table's row of a document, by its number */
  const rowOf = (page: Page, number: string) =>
    page.getByTestId('run-deliveries').getByTestId('delivery-row').filter({ hasText: number });

  /** elements that make the page itself scroll sideways (wide tables scroll inside their own box) */
  function sidewaysOverflow(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      const clipped = (element: Element): boolean => {
        for (
          let parent = element.parentElement;
          parent && parent !== document.body;
          parent = parent.parentElement
        )
          if (getComputedStyle(parent).overflowX !== 'visible') return true;
        return false;
      };
      // the page is wider than the phone: name the elements that stick out of it (not those in a scrolling box)
      const wide = Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > width + 1 && !clipped(element))
        .slice(0, 8)
        .map((element) => `${element.tagName.toLowerCase()}.${String(element.className)}`);
      return [`page ${document.documentElement.scrollWidth} px wide`, ...wide];
    });
  }

  /** a phone screenshot of a page that does not scroll sideways */
  async function screenshot(page: Page, name: string): Promise<void> {
    expect(await sidewaysOverflow(page), name).toEqual([]);
    await saveScreenshot(page, name);
  }

  function expectDocumentAttached(mail: CaughtMail, number: string): void {
    expect(attachmentOf(mail, `${number}.pdf`)?.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const isdoc = attachmentOf(mail, `${number}.isdoc`)?.toString('utf8') ?? '';
    expect(isdoc).toMatch(/<Invoice[\s>]/);
    expect(isdoc).toContain(`<ID>${number}</ID>`);
  }

  it('lists each document’s delivery and resends one and all undelivered, mailed with the PDF and ISDOC (cs, en)', async () => {
    // the worker tries Eva's mail twice; the page is opened once nothing is queued (it would poll every 3 s)
    await expect
      .poll(
        async () =>
          (
            (
              await request(server.app.getHttpServer())
                .get(`/api/communities/${community.communityId}/settlements/${runId}/deliveries`)
                .set(bearer(community.adminToken))
            ).body as Array<{ status: string }>
          ).filter((row) => row.status === 'queued').length,
        { timeout: 30_000, interval: 100 },
      )
      .toBe(0);
    const page = await pageIn('cs', adminSession);
    await page.goto(`${admin()}/settlements/${runId}`);
    await page.getByRole('heading', { level: 2, name: 'Doručení e-mailem' }).waitFor();
    await rowOf(page, invoiceOf(eva).number).getByText('selhalo').waitFor({ timeout: 30_000 });
    await rowOf(page, invoiceOf(jana).number).getByText('odesláno').waitFor({ timeout: 30_000 });
    const producerRow = rowOf(page, creditNote().number);
    expect(await producerRow.getByText('bez e-mailu').count()).toBe(1);
    expect(await producerRow.getByText('člen nemá e-mail').count()).toBe(1);
    expect(await rowOf(page, invoiceOf(eva).number).locator('.field-error').textContent()).toMatch(
      /550.*Mailbox unavailable/,
    );
    expect((await page.getByTestId('deliveries-summary').textContent())?.trim()).toBe(
      'Odesláno 1, ve frontě 0, selhalo 1, bez e-mailu 1.',
    );
    expectDocumentAttached(await server.mail.lastTo(jana.email), invoiceOf(jana).number);
    expect(server.mail.messages.filter((mail) => mail.to.includes(eva.email))).toHaveLength(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'payments-deliveries-cs-phone');

    const english = await pageIn('en', adminSession);
    await english.goto(`${admin()}/settlements/${runId}`);
    await rowOf(english, invoiceOf(eva).number).getByText('failed').waitFor();
    await rowOf(english, creditNote().number).getByText('the member has no e-mail').waitFor();
    expect((await english.getByTestId('deliveries-summary').textContent())?.trim()).toBe(
      'Sent 1, queued 0, failed 1, without an e-mail 1.',
    );
    await screenshot(english, 'payments-deliveries-en-phone');
    await english.context().close();

    // Eva's mailbox takes mail again: resend her invoice alone
    server.mail.refuseTo.delete(eva.email);
    await rowOf(page, invoiceOf(eva).number).getByRole('button', { name: 'Odeslat znovu' }).click();
    await rowOf(page, invoiceOf(eva).number).getByText('odesláno').waitFor({ timeout: 30_000 });
    expectDocumentAttached(await server.mail.lastTo(eva.email), invoiceOf(eva).number);

    // the producer gets an address; "resend the undelivered" mails its credit note and nothing else
    const producerEmail = uniqueEmail('producer');
    await request(server.app.getHttpServer())
      .patch(`/api/communities/${community.communityId}/members/${producer.memberId}`)
      .set(bearer(community.adminToken))
      .send({ email: producerEmail })
      .expect(200);
    const before = server.mail.messages.length;
    await page.getByTestId('deliveries-resend-all').click();
    await producerRow.getByText('odesláno').waitFor({ timeout: 30_000 });
    await producerRow.getByText(producerEmail).waitFor();
    expectDocumentAttached(await server.mail.lastTo(producerEmail), creditNote().number);
    expect(server.mail.messages.slice(before).map((mail) => mail.to)).toEqual([[producerEmail]]);
    // everything is out: no "resend the undelivered" any more
    expect(await page.getByTestId('deliveries-resend-all').count()).toBe(0);
    await page.context().close();
  });

  it('connects the community’s Stripe account and only then shows the member a pay button (cs, en)', async () => {
    const member = await pageIn('cs', memberSession);
    const memberDocuments = `${server.url}/member/${community.communityId}/${jana.memberId}/documents`;
    await member.goto(memberDocuments);
    await member.getByText(invoiceOf(jana).number).first().waitFor();
    expect(await member.getByTestId('pay-by-card').count()).toBe(0);

    const page = await pageIn('en', adminSession);
    // Stripe's onboarding is another site: the administrator finishes it there and Stripe sends them back
    await page.route('https://connect.stripe.test/**', async (route) => {
      const link = stub.calls.filter((call) => call.path === '/v1/account_links').at(-1);
      stub.activate(link?.form.get('account') as string);
      await route.fulfill({ status: 302, headers: { Location: link?.form.get('return_url') as string } });
    });
    await page.goto(`${admin()}/billing`);
    const connect = page.getByTestId('billing-connect');
    await connect.getByRole('heading', { name: 'Card payments' }).waitFor();
    expect(await page.getByTestId('billing-connect-status').textContent()).toContain('not connected');
    await screenshot(page, 'payments-connect-en-phone');
    await connect.getByRole('button', { name: 'Connect a Stripe account' }).click();
    await page.waitForURL((url) => url.searchParams.get('connect') === 'done');
    // back with the account approved already: the page says card payments are on, not "once Stripe approves"
    await connect
      .getByRole('status')
      .getByText('The Stripe account is connected: members can pay invoices by card.')
      .waitFor();
    await page.getByTestId('billing-connect-status').getByText('active, card payments are on').waitFor();
    expect(await connect.getByRole('button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'payments-connected-en-phone');
    const czech = await pageIn('cs', adminSession);
    await czech.goto(`${admin()}/billing?connect=done`);
    await czech
      .getByTestId('billing-connect-status')
      .getByText('aktivní, platby kartou jsou zapnuté')
      .waitFor();
    await czech
      .getByTestId('billing-connect-notice')
      .getByText('Účet Stripe je připojený: členové mohou platit faktury kartou.')
      .waitFor();
    await screenshot(czech, 'payments-connected-cs-phone');
    await czech.context().close();
    await page.context().close();

    // the member's page offers the card now; the payment goes to the community's account
    await member.reload();
    const pay = member.getByTestId('pay-by-card');
    await pay.waitFor();
    expect(await pay.count()).toBe(1);
    expect(await axeViolations(member)).toEqual([]);
    await screenshot(member, 'payments-member-pay-cs-phone');
    const english = await pageIn('en', memberSession);
    await english.goto(memberDocuments);
    await english.getByRole('button', { name: `Pay by card ${invoiceOf(jana).number}` }).waitFor();
    await screenshot(english, 'payments-member-pay-en-phone');
    await english.context().close();
    await member.route('https://checkout.stripe.test/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Stripe Checkout</title>' }),
    );
    await pay.click();
    await member.waitForURL(/^https:\/\/checkout\.stripe\.test\//);
    const session = stub.calls.filter((call) => call.path === '/v1/checkout/sessions').at(-1);
    const account = stub.calls
      .filter((call) => call.path === '/v1/account_links')
      .at(-1)
      ?.form.get('account');
    expect(session?.form.get('payment_intent_data[transfer_data][destination]')).toBe(account);
    expect(session?.form.get('metadata[documentId]')).toBe(invoiceOf(jana).id);
    await member.context().close();
  });

  it('records a payment by hand on the payments page; the member sees it paid and no pay button (cs, en)', async () => {
    const number = invoiceOf(jana).number;
    const page = await pageIn('cs', adminSession);
    await page.goto(`${admin()}/payments`);
    const row = page.getByTestId('payments-table').locator('tr', { hasText: number });
    await row.getByRole('button', { name: `Zapsat platbu ${number}` }).click();
    const form = page.getByTestId('record-payment');
    await form.getByRole('heading', { name: `Platba dokladu ${number}` }).waitFor();
    // what is still owed, as a Czech types it
    expect(await form.getByLabel('Částka (Kč)').inputValue()).toMatch(/^\d+,\d{2}$/);
    await form.getByLabel('Poznámka').fill('hotově na schůzi');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'payments-record-cs-phone');
    await form.getByRole('button', { name: 'Zapsat platbu', exact: true }).click();
    await page
      .getByTestId('payment-recorded')
      .getByText(`Platba dokladu ${number} je zapsaná; stav: zaplaceno.`)
      .waitFor();
    await row.getByText('zaplaceno', { exact: true }).waitFor();
    expect(await row.getByTestId('manual-payment').textContent()).toMatch(
      /ručně .+ Kč dne .+ – hotově na schůzi/,
    );
    expect(await row.getByRole('button', { name: `Zapsat platbu ${number}` }).count()).toBe(0);
    await screenshot(page, 'payments-recorded-cs-phone');
    await page.context().close();

    // English: a typing mistake is caught before anything is sent
    const english = await pageIn('en', adminSession);
    await english.goto(`${admin()}/payments`);
    const evasInvoice = invoiceOf(eva).number;
    await english.getByRole('button', { name: `Record payment ${evasInvoice}` }).click();
    const englishForm = english.getByTestId('record-payment');
    // the form opens below the table with the amount focused (in view on a phone)
    await expect.poll(() => english.evaluate(() => document.activeElement?.id)).toBe('payment-amount');
    await englishForm.getByLabel('Amount (CZK)').fill('12.345');
    await englishForm.getByRole('button', { name: 'Record the payment' }).click();
    await englishForm.getByText('Enter the amount in CZK with at most 2 decimals, e.g. 1234.50.').waitFor();
    await screenshot(english, 'payments-record-en-phone');
    await englishForm.getByRole('button', { name: 'Cancel' }).click();
    await english.getByTestId('record-payment').waitFor({ state: 'detached' });
    await english.context().close();

    // the member sees its invoice paid, and a card is no longer offered for it
    const member = await pageIn('cs', memberSession);
    await member.goto(`${server.url}/member/${community.communityId}/${jana.memberId}/documents`);
    await member.getByTestId(`payment-status-${number}`).getByText('zaplaceno', { exact: true }).waitFor();
    expect(await member.getByTestId('pay-by-card').count()).toBe(0);
    // on the phone the amount and its state read under the number, without scrolling sideways
    const glance = member.locator('tr', { hasText: number }).getByTestId('document-at-a-glance');
    expect(await glance.isVisible()).toBe(true);
    expect((await glance.innerText()).replace(/\s+/g, ' ')).toMatch(/^[\d  ]+,\d{2} Kč zaplaceno$/);
    await screenshot(member, 'payments-member-paid-cs-phone');
    await member.context().close();
  });
});
