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
  approveAndFinalize,
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  runPath,
  type SettlementPoint,
  settleDraft,
} from '../support/settlement-community';

/**
 * Issue 17 item 3 as an administrator does it, without curl: EDC revises a final June; the run shows what changed,
 * "Vyúčtovat rozdíl" creates the correction, which shows its difference, is approved and finalised, and the
 * documents page lists the corrective document with the number of the document it corrects.
 */
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

interface Revision {
  memberCount: number;
  deltaKwh: number;
  deltaAmount: string;
  members: Array<{ memberId: string; name: string; deltaKwh: number; deltaAmount: string }>;
}

interface DocumentBody {
  id: string;
  number: string;
  kind: string;
  gross: string;
  correctsDocumentId?: string;
}

/** A decimal the way the Czech UI writes it (two decimals, decimal comma; no thousands at these amounts). */
function czech(value: number): string {
  return Math.abs(value).toFixed(2).replace('.', ',');
}

describe('re-billing a revised month in the portal (issue 17 item 3)', () => {
  let server: PortalServer;
  let browser: Browser;
  let community: TestCommunity;
  let producer: SettlementPoint;
  let jana: SettlementPoint;
  let originalId: string;
  let session: Awaited<ReturnType<BrowserContext['storageState']>>;

  const api = () => request(server.app.getHttpServer());

  async function documentsOf(runId: string): Promise<DocumentBody[]> {
    const response = await api()
      .get(`/api/communities/${community.communityId}/documents`)
      .query({ runId })
      .set(bearer(community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as DocumentBody[];
  }

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
      { producer, consumer: jana, percent: 40 },
      { producer, consumer: school, percent: 60 },
    ]);
    // The producer's 2.00 kWh at midday cover both consumers' 0.50 kWh: each gets all it consumes then.
    const month = (janaOnTenth: number) =>
      exportWith([producer, jana, school], key, '2026-06-01', '2026-06-30', (point, date, i) => {
        if (point.role === 'production') return i >= 40 && i < 60 ? 200 : 0;
        return point === jana && date === '2026-06-10' ? janaOnTenth : 50;
      });
    await importMonth(server.app, community, key, await month(50));
    await postPriceList(server.app, community, { pricePerKwh: '3.00' });
    const draft = await settleDraft(server.app, community, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    await approveAndFinalize(server.app, community, draft.id);
    originalId = draft.id;

    // EDC revises June: on the 10th Jana consumed 0.30 kWh a quarter-hour, not 0.50, so 20 × 0.20 kWh less shared.
    const revised = await upload(server.app, community, await month(30), 'cerven-opraveno.csv');
    expect(revised.duplicate).toBe(false);
    expect((await settledImport(server.app, community, revised.id)).status).toBe('done');

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

  async function czechPage(
    viewport: { width: number; height: number },
    language: 'cs' | 'en' = 'cs',
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: language === 'cs' ? 'cs-CZ' : 'en-GB',
      viewport,
      storageState: session,
    });
    await context.addInitScript((lang) => localStorage.setItem('sdilna.language', lang), language);
    return context.newPage();
  }

  /**
   * The same page in English: every new text has its English words (no Czech-only letter outside the names and
   * the reason people typed, no message key), amounts the English way.
   */
  async function inEnglish(path: string, testId: string): Promise<void> {
    const english = await czechPage(DESKTOP, 'en');
    await english.goto(`${server.url}${path}`);
    await english.getByTestId(testId).first().waitFor();
    let text = await shownText(english);
    // names and point labels people typed (the run's lines name points by label)
    for (const typed of [
      'Základní škola',
      'Jana Nováková',
      'Obec Lomnice',
      'Opravená data EDC za červen',
      'Tělocvična',
      'FVE škola',
    ]) {
      text = text.replaceAll(typed, '');
    }
    expect(text).not.toMatch(/[ěščřžťďňůĚŠČŘŽŤĎŇŮ]/);
    expect(text).not.toMatch(/\b(settlements|documents|documentKind|error)\.[a-zA-Z]/);
    expect(text).not.toMatch(/Kč/);
    expect(text).not.toMatch(/\b2026-06\b/);
    await english.context().close();
  }

  /** What is seen on the page, screen-reader-only text aside. */
  async function shownText(page: Page): Promise<string> {
    return page.evaluate(() => {
      const copy = document.querySelector('main')!.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ');
    });
  }

  /** The page at phone size too: screenshot and axe. */
  async function onPhone(path: string, testId: string, name: string): Promise<void> {
    const phone = await czechPage(PHONE);
    await phone.goto(`${server.url}${path}`);
    await phone.getByTestId(testId).waitFor();
    await saveScreenshot(phone, `${name}-phone`);
    // Wide tables scroll inside their own box; nothing else sticks out of the viewport.
    const overflow = await phone.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      return Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => !element.parentElement?.closest('.table-wrap'))
        .slice(0, 8)
        .map((element) => `${element.tagName.toLowerCase()}.${String(element.className)}`);
    });
    expect(overflow, `${name}: the page scrolls sideways`).toEqual([]);
    expect(await axeViolations(phone)).toEqual([]);
    await phone.context().close();
  }

  it('shows the revision, settles the difference with a correction and lists the corrective document', async () => {
    const admin = `/admin/${community.communityId}`;
    const reported = await api().get(runPath(community, originalId)).set(bearer(community.adminToken));
    const revised = reported.body.revised as Revision;
    expect(revised, 'the API reports the revised month').toBeDefined();
    expect(revised.memberCount).toBe(2);
    expect(revised.deltaKwh).toBe(-4);
    expect(revised.deltaAmount).toBe('-12.00');

    const page = await czechPage(DESKTOP);
    await page.goto(`${server.url}${admin}/settlements`);
    await page.getByRole('link', { name: 'červen 2026' }).click();

    // The final month names what changed: 2 members, −4,00 kWh, −12,00 Kč, and who.
    await page.getByTestId('run-revised').waitFor();
    expect(await testIdText(page, 'run-title')).toBe('Vyúčtování za červen 2026');
    expect(await testIdText(page, 'revision-members')).toBe('2');
    expect(await testIdText(page, 'revision-kwh')).toBe(`-${czech(revised.deltaKwh)} kWh`);
    expect(await testIdText(page, 'revision-amount')).toBe(`-${czech(Number(revised.deltaAmount))} Kč`);
    const table = await testIdText(page, 'revision-table');
    for (const member of revised.members) {
      expect(table).toContain(member.name);
      expect(table).toContain(`${czech(member.deltaKwh)} kWh`);
    }
    expect(table).toContain('Jana Nováková');
    expect(table).toContain('Obec Lomnice');
    expect(table).not.toContain('Základní škola');
    expect(await shownText(page)).not.toMatch(/\b2026-06\b/);
    await saveScreenshot(page, 'rebilling-revised-desktop');
    expect(await axeViolations(page)).toEqual([]);
    await onPhone(`${admin}/settlements/${originalId}`, 'run-revised', 'rebilling-revised');
    await inEnglish(`${admin}/settlements/${originalId}`, 'run-revised');

    // "Vyúčtovat rozdíl" with a reason: the correction run opens, computes and shows what it will bill.
    await page.getByLabel('Důvod opravy').fill('Opravená data EDC za červen');
    await page.getByRole('button', { name: 'Vyúčtovat rozdíl' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(originalId));
    const correctionId = new URL(page.url()).pathname.split('/').pop() as string;
    expect(await testIdText(page, 'run-title')).toBe('Oprava vyúčtování za červen 2026');
    const corrects = await testIdText(page, 'run-corrects');
    expect(corrects).toMatch(/^Opravuje vyúčtování vytvořené \d{1,2}\. \d{1,2}\. \d{4}/);
    expect(corrects).toContain('Opravená data EDC za červen');
    await page.getByTestId('run-difference').waitFor({ timeout: 60_000 });
    expect(await testIdText(page, 'run-status')).toBe('návrh');
    expect(await testIdText(page, 'revision-members')).toBe('2');
    expect(await testIdText(page, 'revision-kwh')).toBe(`-${czech(revised.deltaKwh)} kWh`);
    expect(await testIdText(page, 'revision-amount')).toBe(`-${czech(Number(revised.deltaAmount))} Kč`);
    expect(await shownText(page)).not.toMatch(/\b2026-06\b/);
    await saveScreenshot(page, 'rebilling-correction-draft-desktop');
    expect(await axeViolations(page)).toEqual([]);
    await onPhone(`${admin}/settlements/${correctionId}`, 'run-difference', 'rebilling-correction-draft');
    await inEnglish(`${admin}/settlements/${correctionId}`, 'run-difference');

    // The run it corrects is one click away, and the list labels the correction.
    await page.goto(`${server.url}${admin}/settlements`);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const labelled = page.locator('tbody th', { hasText: 'oprava' });
    expect((await labelled.innerText()).replace(/\s+/g, ' ').trim()).toBe('červen 2026 oprava');
    await page.goto(`${server.url}${admin}/settlements/${correctionId}`);

    // Approved and finalised like any run.
    await page.getByRole('button', { name: 'Schválit' }).click();
    await expect.poll(() => testIdText(page, 'run-status')).toBe('schváleno');
    await page.getByRole('button', { name: 'Finalizovat a vystavit doklady' }).click();
    await expect.poll(() => testIdText(page, 'run-status')).toBe('finální');

    // Corrective documents for Jana and the producer only, each naming the document it corrects.
    const originals = new Map((await documentsOf(originalId)).map((d) => [d.id, d]));
    const corrections = await documentsOf(correctionId);
    expect(corrections).toHaveLength(2);
    await page.locator('sd-settlement-run-page').getByRole('link', { name: 'Doklady' }).click();
    const documentsTable = page.getByTestId('documents-table');
    await documentsTable.waitFor();
    for (const correction of corrections) {
      const original = originals.get(correction.correctsDocumentId ?? '');
      expect(original, `${correction.number} corrects a document of June`).toBeDefined();
      const row = documentsTable.locator('tr', { hasText: correction.number });
      const text = ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(text).toContain('Opravný doklad');
      expect(text).toContain(Number(correction.gross) < 0 ? 'dobropis' : 'vrubopis');
      expect(text).toContain(`opravuje doklad ${original?.number}`);
    }
    await saveScreenshot(page, 'rebilling-documents-desktop');
    expect(await axeViolations(page)).toEqual([]);
    await onPhone(`${admin}/documents`, 'documents-table', 'rebilling-documents');
    await inEnglish(`${admin}/documents`, 'document-corrects');

    // Everything billed: the month reads unchanged again, and a second correction is refused in words.
    const again = await api()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-06' });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'NOTHING_TO_CORRECT' } });
    await page.goto(`${server.url}${admin}/settlements/${correctionId}`);
    await page.getByTestId('run-unchanged').waitFor();
    await page.context().close();
  }, 240_000);
});
