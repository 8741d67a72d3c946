import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { freshFixture } from '../support/edc-files';
import { bearer, createMember, createPoint, signUp, TEST_PASSWORD, uniqueEmail } from '../support/factories';
import { tokenIn } from '../support/mail-catcher';
import {
  czechCzk,
  czechKwh,
  invitedMember,
  openUntilShown,
  signInThroughPortal,
  testIdText,
} from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';

interface SharingBody {
  points: { ean: string; role: string; totals: { sharedKwh: number } }[];
}

describe('the portal in a browser against the real API', () => {
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

  it('takes a new administrator from signup to an imported month, and the member then sees the API’s shared kWh', async () => {
    const { csv, key } = await freshFixture();
    const producer = key.allocations[0]?.producer as string;
    const consumers = key.allocations.map((a) => a.consumer);
    const janasEan = consumers[2] as string;
    const page = await newPage();
    const url = server.url;

    // Signup creates the community and its administrator.
    await page.goto(`${url}/auth/signup`);
    await page.getByLabel('Název společenství').fill('Lomnice – obecní budovy');
    await page.getByRole('radio', { name: /Energetické společenství/ }).check();
    await page.getByLabel('Jméno a příjmení').fill('Starostka Lomnice');
    const adminEmail = uniqueEmail('admin');
    await page.getByLabel('E-mail').fill(adminEmail);
    await page.getByLabel('Heslo').fill(TEST_PASSWORD);
    await saveScreenshot(page, 'portal-signup');
    await page.getByRole('button', { name: 'Založit společenství' }).click();
    await page.waitForURL(/\/admin\/[0-9a-f-]{36}\/dashboard$/);
    const communityId = /\/admin\/([0-9a-f-]{36})\//.exec(page.url())?.[1] as string;
    await page.getByRole('heading', { name: 'Co udělat dál' }).waitFor();
    await saveScreenshot(page, 'portal-admin-dashboard-new');

    // Two members through the member form; the empty list first tells what to do.
    await page.goto(`${url}/admin/${communityId}/members`);
    await page.getByTestId('empty-state').waitFor();
    for (const [name, kind] of [
      ['Obec Lomnice', 'municipality'],
      ['Jana Nováková', 'household'],
    ] as const) {
      await page.getByRole('link', { name: 'Přidat člena' }).click();
      await page.getByLabel('Název / jméno').fill(name);
      await page.getByLabel('Druh').selectOption(kind);
      // documents name every party with its address; the community self-bills a producer on its agreement
      await page.getByLabel(/^Adresa/).fill('Náměstí 1, 378 16 Lomnice nad Lužnicí');
      await page.getByLabel('Dohoda o vystavování dokladů odběratelem').fill('2025-12-01');
      await page.getByRole('button', { name: 'Uložit' }).click();
      await page.getByRole('row', { name: new RegExp(name) }).waitFor();
    }
    await saveScreenshot(page, 'portal-members');
    // the community's seat, printed on its documents
    await page.goto(`${url}/admin/${communityId}/settlement-settings`);
    await page.getByLabel('Sídlo společenství').fill('Náměstí 1, 378 16 Lomnice nad Lužnicí');
    await page.getByRole('button', { name: 'Uložit' }).click();
    await page.getByTestId('settings-saved').waitFor();

    // The group's 28 points through the CSV import with its per-row report.
    const pointsCsv = [
      'ean;role;memberName;validFrom',
      `${producer};production;Obec Lomnice;2026-01-01`,
      ...consumers.map(
        (ean) => `${ean};consumption;${ean === janasEan ? 'Jana Nováková' : 'Obec Lomnice'};2026-01-01`,
      ),
    ].join('\n');
    await page.goto(`${url}/admin/${communityId}/metering-points/import`);
    await page
      .getByLabel('Soubor CSV')
      .setInputFiles({ name: 'mista.csv', mimeType: 'text/csv', buffer: Buffer.from(pointsCsv) });
    await page.getByRole('button', { name: 'Importovat' }).click();
    expect(await testIdText(page, 'csv-import-result')).toBe(`Naimportováno řádků: ${consumers.length + 1}.`);
    await saveScreenshot(page, 'portal-points-import');

    // Jana's supplier price, set on her point's page (reached from the list), so settlement computes her savings.
    await page.goto(`${url}/admin/${communityId}/metering-points`);
    await page.getByRole('link', { name: janasEan }).click();
    await page.getByLabel('Cena za kWh (Kč)').fill('6,50');
    await page.getByLabel('Od', { exact: true }).fill('2026-01-01');
    await page.getByRole('button', { name: 'Přidat cenu' }).click();
    expect(await testIdText(page, 'prices-table')).toContain('6,50 Kč');
    await saveScreenshot(page, 'portal-point-prices');
    expect(await axeViolations(page)).toEqual([]);

    // The key: imported from the key file, valid from January, saved.
    await page.goto(`${url}/admin/${communityId}/allocation-key`);
    await page.getByTestId('key-table').waitFor();
    await page.locator('input[type="file"][accept*="json"]').setInputFiles({
      name: 'klic.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(key)),
    });
    await page.getByLabel('Platí od').fill('2026-01-01');
    expect(await testIdText(page, 'key-valid')).toBe(`Klíč je v pořádku (${consumers.length} podílů).`);
    expect(await testIdText(page, `sum-${producer}`)).toBe('100 %');
    // The key is static-iterative: the group asked EDC for iteration when it registered, which the editor records.
    expect(await testIdText(page, 'key-iteration-mismatch')).toContain('nežádá');
    await page.getByTestId('key-iteration-record').click();
    await page.getByTestId('key-iteration-mismatch').waitFor({ state: 'detached' });
    expect(await testIdText(page, 'key-edc-rounds')).toContain(': 5 ');
    await page.getByTestId('key-save').click();
    expect(await testIdText(page, 'key-saved')).toBe('Klíč je uložen s platností od 1. 1. 2026.');
    await saveScreenshot(page, 'portal-key-editor');

    // The April export: upload progress, then the server's processing until done.
    await page.goto(`${url}/admin/${communityId}/imports`);
    await page.getByTestId('empty-state').waitFor();
    await page
      .getByTestId('edc-file')
      .setInputFiles({ name: 'group-a-2026-04.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Nahrát' }).click();
    await page.getByTestId('import-done').waitFor({ timeout: 120_000 });
    expect(await testIdText(page, 'import-done')).toContain('Období 1. 4. 2026 – 30. 4. 2026.');
    await saveScreenshot(page, 'portal-import-done');

    await openUntilShown(page, `${url}/admin/${communityId}/dashboard`, 'group-month');
    expect(await testIdText(page, 'group-month')).toContain('Skupina sdílení v měsíci duben 2026');
    await saveScreenshot(page, 'portal-admin-dashboard');

    await page.goto(`${url}/admin/${communityId}/discrepancies`);
    await page.getByLabel('Měsíc').fill('2026-04');
    await page
      .getByRole('heading', { name: 'Žádné rozdíly' })
      .or(page.getByTestId('discrepancy-total'))
      .waitFor();
    await saveScreenshot(page, 'portal-discrepancies');

    await page.goto(`${url}/admin/${communityId}/completeness`);
    await page.getByLabel('Měsíc').fill('2026-04');
    await page.getByTestId('completeness-calendar').waitFor();
    await saveScreenshot(page, 'portal-completeness');

    // A flat price, then April settled: draft computed by the worker, approved, finalised into documents.
    await page.goto(`${url}/admin/${communityId}/price-lists`);
    await page.getByTestId('empty-state').waitFor();
    await page.getByLabel('Platí od').fill('2026-01-01');
    await page.getByLabel('Cena za kWh (Kč/kWh)').fill('2,50');
    await page.getByRole('button', { name: 'Přidat ceník' }).click();
    await page.getByRole('cell', { name: '2,50 Kč/kWh' }).waitFor();
    await page.goto(`${url}/admin/${communityId}/settlements`);
    expect(await testIdText(page, 'empty-state')).toContain('Zatím žádné vyúčtování');
    await page.getByLabel('Měsíc').fill('2026-04');
    await page.getByRole('button', { name: 'Spočítat návrh' }).click();
    await page.getByRole('button', { name: 'Schválit 2026-04' }).click({ timeout: 90_000 });
    await page.getByRole('button', { name: 'Finalizovat a vystavit doklady 2026-04' }).click();
    // the run's own link to its documents, once it is final (the menu has a 'Doklady' link all along)
    await page.getByRole('table').getByRole('link', { name: 'Doklady' }).waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'portal-settlements');
    await page.goto(`${url}/admin/${communityId}/documents`);
    await page.getByTestId('documents-table').waitFor();
    await saveScreenshot(page, 'portal-documents');

    await page.goto(`${url}/admin/${communityId}/billing`);
    expect(await testIdText(page, 'billing-disabled')).toContain('není zapnuté');
    // where Stripe sends an administrator back after Checkout: a page that says what happened
    await page.goto(`${url}/admin/${communityId}/billing?checkout=cancelled`);
    expect(await testIdText(page, 'billing-checkout')).toContain('Platba byla zrušena');
    await page.goto(`${url}/admin/${communityId}/documents?payment=done`);
    expect(await testIdText(page, 'documents-payment')).toContain('Platba kartou proběhla');

    // Jana is invited through the invitations page and accepts in the browser.
    const janaEmail = uniqueEmail('jana');
    await page.goto(`${url}/admin/${communityId}/invitations`);
    await page.getByLabel('E-mail').fill(janaEmail);
    await page.getByLabel('Člen', { exact: true }).selectOption({ label: 'Jana Nováková' });
    await page.getByRole('button', { name: 'Poslat pozvánku' }).click();
    await page.getByText(`Pozvánka odešla na ${janaEmail}.`).waitFor();
    const mailed = await server.mail.lastTo(janaEmail);
    const token = tokenIn(mailed);
    await page.getByRole('button', { name: 'Odhlásit' }).click();
    await page.waitForURL(/\/auth\/login$/);

    await page.goto(`${url}/auth/invitation?token=${encodeURIComponent(token)}`);
    await page.getByLabel('Jméno a příjmení').fill('Jana Nováková');
    await page.getByLabel('Heslo').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Přijmout pozvánku' }).click();
    await page.waitForURL(/\/member\/[0-9a-f-]{36}\/[0-9a-f-]{36}\/dashboard$/);

    // The API's figure as Jana herself is allowed to see it.
    const janasToken = await page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('sdilna.session') ?? '{}') as { accessToken: string }).accessToken,
    );
    const sharing = await request(server.app.getHttpServer())
      .get(`/api/communities/${communityId}/sharing`)
      .query({ from: '2026-04-01', to: '2026-04-30', granularity: 'month', ean: janasEan })
      .set(bearer(janasToken));
    expect(sharing.status, JSON.stringify(sharing.body)).toBe(200);
    const apiShared = (sharing.body as SharingBody).points.find((p) => p.ean === janasEan)?.totals
      .sharedKwh as number;
    expect(apiShared).toBeGreaterThan(0);
    expect(await testIdText(page, 'shared-month')).toBe(czechKwh(apiShared));

    // Savings come from the final April settlement, exactly as the API reports them to Jana.
    const runs = await request(server.app.getHttpServer())
      .get(`/api/communities/${communityId}/settlements`)
      .set(bearer(janasToken));
    const april = (runs.body as { id: string; period: string }[]).find((run) => run.period === '2026-04');
    const detail = await request(server.app.getHttpServer())
      .get(`/api/communities/${communityId}/settlements/${april?.id ?? ''}`)
      .set(bearer(janasToken));
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    const saving = (detail.body as { members: { name: string; consumerSaving?: string }[] }).members.find(
      (m) => m.name === 'Jana Nováková',
    )?.consumerSaving;
    expect(saving, 'Jana has a supplier price, so the settlement has her savings').toBeDefined();
    // The savings card fills in when its own request answers (it shows "–" until then): wait for it.
    await expect
      .poll(() => testIdText(page, 'savings'), { timeout: 15_000 })
      .toBe(czechCzk(saving as string));
    await page.locator('sd-chart').first().waitFor();
    await saveScreenshot(page, 'portal-member-dashboard');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'portal-member-dashboard-phone');

    await page.getByRole('link', { name: 'Doklady' }).click();
    expect(await testIdText(page, 'documents-table')).toContain('Jana Nováková');
  });

  it('shows "not found" when a member edits the address to open another member’s page or the administration', async () => {
    const community = await signUp(server.app, 'energy-community');
    const own = await createMember(server.app, community, { name: 'Jana Nováková' });
    const other = await createMember(server.app, community, { name: 'Soused' });
    await createPoint(server.app, community, { role: 'consumption', memberId: own.id });
    const login = await invitedMember(server.app, server.mail, community, own.id);
    const page = await newPage();

    await signInThroughPortal(page, server.url, login.email, login.password);
    expect(new URL(page.url()).pathname).toBe(`/member/${community.communityId}/${own.id}/dashboard`);

    await page.goto(`${server.url}/member/${community.communityId}/${other.id}/dashboard`);
    expect(await testIdText(page, 'not-found')).toBe('Stránka nenalezena');
    expect(new URL(page.url()).pathname).toBe(`/member/${community.communityId}/${other.id}/dashboard`);
    expect(await page.getByText('Soused').count()).toBe(0);
    await saveScreenshot(page, 'portal-member-not-found');

    await page.goto(`${server.url}/admin/${community.communityId}/members`);
    expect(await testIdText(page, 'not-found')).toBe('Stránka nenalezena');
    expect(await page.getByText('Soused').count()).toBe(0);

    // The language switch re-renders the page at once and is remembered across a reload.
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: 5_000 });
    await page.reload();
    expect(await testIdText(page, 'not-found')).toBe('Page not found');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('refuses to save a key in which one producer gives away more than 100 %', async () => {
    const community = await signUp(server.app, 'active-customer');
    const producer = await createPoint(server.app, community, { role: 'production' });
    const first = await createPoint(server.app, community, { role: 'consumption' });
    const second = await createPoint(server.app, community, { role: 'consumption' });
    const page = await newPage();
    await signInThroughPortal(page, server.url, community.adminEmail, community.adminPassword);

    await page.goto(`${server.url}/admin/${community.communityId}/allocation-key`);
    await page.getByTestId('key-table').waitFor();
    await page.getByTestId(`percent-${producer.ean}-${first.ean}`).fill('60');
    await page.getByTestId(`percent-${producer.ean}-${second.ean}`).fill('50,5');

    const sum = await testIdText(page, `sum-${producer.ean}`);
    expect(sum).toContain('110,5 %');
    expect(sum).toContain(`Součet výrobny ${producer.ean} je 110,5 %; smí být nejvýše 100 %.`);
    expect(await testIdText(page, 'key-invalid')).toContain('Klíč obsahuje chyby');
    expect(await page.getByTestId('key-save').isDisabled()).toBe(true);
    await saveScreenshot(page, 'portal-key-editor-over-100');

    const keys = await request(server.app.getHttpServer())
      .get(`/api/communities/${community.communityId}/allocation-keys`)
      .set(bearer(community.adminToken));
    expect(keys.status).toBe(200);
    expect((keys.body as { items: unknown[] }).items).toEqual([]);
  });
});
