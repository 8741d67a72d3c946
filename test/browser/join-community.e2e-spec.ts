import type { TestingModule } from '@nestjs/testing';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SERIES } from '@sdilna/api/data-access-readings';
import { estimateYear } from '@sdilna/api/feature-joining';
import { scaleProfile } from '@sdilna/shared/domain-allocation';
import { addDays, daysInRange } from '@sdilna/shared/domain-core';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { bearer, signUp, TEST_PASSWORD, uniqueEan, uniqueEmail } from '../support/factories';
import { linkIn } from '../support/mail-catcher';
import { czechCzk, czechKwh, signInThroughPortal, testIdText } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';
import { seedPoints, storeReadings } from '../support/service-module';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Issue 23 item 1, end to end in Chromium: a visitor of a community's public page gets an estimate, sends a join
 * request and confirms it from the mail the in-process SMTP server received; the administrator accepts it; the
 * new member follows the invitation mail, signs in and sees the community. The estimate on the page is the
 * engine's figure for the household profile scaled to the visitor's consumption.
 */
describe('joining a community from its public page', () => {
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
    const context = await browser.newContext({ locale: 'cs-CZ', viewport: DESKTOP });
    return context.newPage();
  }

  it('estimate, request, e-mail confirmation, acceptance, invitation, sign-in', async () => {
    const community = await signUp(server.app, 'energy-community', 'Sdílna Horní Lomnice');
    const slug = `lomnice-${community.communityId.slice(0, 8)}`;
    const { from, to } = estimateYear();
    // The school's PV exported 0.01 to 0.63 kWh a quarter hour from 08:00 to 16:00 (rising) on three days of the last year.
    const dataDays = [addDays(from, 40), addDays(from, 41), addDays(from, 200)];
    const pv = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [32 + i, 2 * i + 1]));
    const seeded = await seedPoints(community.communityId, community.groupId, ['production'], from);
    await storeReadings(
      server.app as unknown as TestingModule,
      community.communityId,
      dataDays.map((day) => ({
        pointId: (seeded.points[0] as { id: string }).id,
        day,
        series: SERIES.measured,
        values: pv,
      })),
    );
    await request(server.app.getHttpServer())
      .post(`/api/communities/${community.communityId}/price-lists`)
      .set(bearer(community.adminToken))
      .send({ name: 'Ceník', validFrom: from, pricePerKwh: '3.00', sellerVatPayer: false })
      .expect(201);

    // The administrator publishes the page.
    const admin = await newPage();
    await signInThroughPortal(admin, server.url, community.adminEmail, community.adminPassword);
    await admin.goto(`${server.url}/admin/${community.communityId}/join-requests`);
    await admin.getByLabel('Adresa stránky').fill(slug);
    await admin.getByLabel('Popis společenství').fill('Sdílíme elektřinu ze školní střechy.');
    await admin.getByLabel('Zdroje').fill('FVE 50 kWp na škole');
    await admin.getByLabel('Podmínky členství').fill('Bez členského příspěvku; výpověď 3 měsíce.');
    await admin.getByLabel('Obvyklá cena dodavatele pro odhad (Kč/kWh bez DPH)').fill('4,50');
    await admin.getByLabel('Zveřejnit stránku').check();
    await admin.getByRole('button', { name: 'Uložit' }).click();
    await admin.getByText(`Stránka je na adrese /join/${slug}`).waitFor();

    // A visitor asks for an estimate: a household of 3 500 kWh a year.
    const visitor = await newPage();
    await visitor.goto(`${server.url}/join/${slug}`);
    await visitor.getByRole('heading', { name: 'Sdílna Horní Lomnice' }).waitFor();
    await visitor.getByText('Bez členského příspěvku; výpověď 3 měsíce.').waitFor();
    await visitor.getByLabel('Jsem').selectOption('household');
    await visitor.getByLabel('Roční spotřeba (kWh)').fill('3500');
    await visitor.getByRole('button', { name: 'Spočítat odhad' }).click();

    // The engine's figure: nobody else shares the PV, so the household gets min(export, its profile's demand).
    const demand = scaleProfile('household', daysInRange(from, to), 350_000);
    let shared = 0;
    for (const day of dataDays) {
      const values = demand.get(day) as Int32Array;
      values.forEach((value, i) => (shared += Math.min(pv[i] ?? 0, value)));
    }
    expect(shared).toBeGreaterThan(0);
    expect(await testIdText(visitor, 'estimate-shared')).toBe(czechKwh(shared / 100));
    // 4.50 − 3.00 Kč for each shared kWh.
    expect(await testIdText(visitor, 'estimate-savings')).toBe(czechCzk(((shared * 1.5) / 100).toFixed(2)));
    await visitor.getByText('Skutečná výroba společenství').waitFor();
    expect(await axeViolations(visitor)).toEqual([]);

    // The visitor asks to join.
    const email = uniqueEmail('novak');
    const ean = uniqueEan();
    await visitor.getByLabel('Jméno nebo název').fill('Petr Novák');
    await visitor.getByLabel('E-mail', { exact: true }).fill(email);
    await visitor.getByLabel('Adresa odběrného místa').fill('Horní Lomnice 7');
    await visitor.getByLabel('EAN odběrných míst').fill(ean);
    await visitor.getByLabel(/zpracováním osobních údajů/).check();
    await visitor.getByLabel(/registraci mých odběrných míst/).check();
    const send = visitor.getByRole('button', { name: 'Odeslat žádost' });
    // The button waits out the minimum fill time (a robot's form is refused).
    await expect.poll(() => send.isEnabled(), { timeout: 10_000 }).toBe(true);
    await send.click();
    await visitor.getByText(`Na ${email} jsme poslali odkaz`).waitFor();
    await saveScreenshot(visitor, 'join-public-page-desktop');
    await visitor.setViewportSize(PHONE);
    expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await saveScreenshot(visitor, 'join-public-page-phone');

    // The confirmation link from the mail the SMTP server received.
    const confirmation = linkIn(await server.mail.lastTo(email));
    expect(confirmation.startsWith(`${server.url}/join/confirm?token=`)).toBe(true);
    const inbox = await newPage();
    await inbox.goto(confirmation);
    await inbox.getByText('žádost je potvrzená').waitFor();
    expect(await axeViolations(inbox)).toEqual([]);

    // The administrator accepts.
    await admin.reload();
    await admin
      .getByRole('row', { name: /Petr Novák/ })
      .getByText('čeká na rozhodnutí')
      .waitFor();
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Přijmout Petr Novák' }).click();
    await admin
      .getByRole('row', { name: /Petr Novák/ })
      .getByText('přijatá')
      .waitFor();

    // The new member follows the invitation, creates the account and sees the community.
    const invitation = linkIn(
      await server.mail.lastTo(email, 30_000, (mail) => mail.text.includes('/auth/invitation?token=')),
    );
    expect(invitation.startsWith(`${server.url}/auth/invitation?token=`)).toBe(true);
    const member = await newPage();
    await member.goto(invitation);
    await member.getByLabel('Jméno a příjmení').fill('Petr Novák');
    await member.getByLabel('Heslo', { exact: true }).fill(TEST_PASSWORD);
    await member.getByRole('button', { name: 'Přijmout pozvánku' }).click();
    await member.waitForURL(new RegExp(`/member/${community.communityId}/`));
    // In the community: the member's own consumption point, registered by the acceptance.
    await member.getByRole('link', { name: 'Moje místa' }).click();
    await member.getByText(ean).first().waitFor();
  });

  it('bulk onboarding: the preview lists the problem of a row and stores nothing; the fixed file is stored whole', async () => {
    const community = await signUp(server.app, 'energy-community', 'Sdílna Dolní Lomnice');
    const admin = await newPage();
    await signInThroughPortal(admin, server.url, community.adminEmail, community.adminPassword);
    await admin.goto(`${server.url}/admin/${community.communityId}/members`);
    await admin.getByRole('link', { name: 'Import členů s místy a souhlasy' }).click();
    const header = 'name;kind;email;ean;consentDataProcessing;consentEdcMandate;consentEmail;consentsGivenOn';
    const [first, second] = [uniqueEan(), uniqueEan()];
    const file = (rows: string[]) => ({
      name: 'clenove.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([header, ...rows].join('\n')),
    });
    await admin
      .getByLabel('Soubor (CSV nebo XLSX)')
      .setInputFiles(
        file([
          `Eva Dvořáková;household;eva@example.cz;${first};ano;ano;ne;2026-11-20`,
          `Karel Malý;household;karel@example.cz;${second.slice(0, 17)}0;ano;ano;ne;2026-11-20`,
        ]),
      );
    await admin.getByText('Soubor má problémy').waitFor();
    await admin
      .getByRole('row', { name: /Karel Malý/ })
      .getByText(/check digit|18 digits/)
      .waitFor();
    expect(await admin.getByRole('button', { name: 'Uložit všechny řádky' }).count()).toBe(0);
    expect(await axeViolations(admin)).toEqual([]);
    await admin
      .getByLabel('Soubor (CSV nebo XLSX)')
      .setInputFiles(
        file([
          `Eva Dvořáková;household;eva@example.cz;${first};ano;ano;ne;2026-11-20`,
          `Karel Malý;household;karel@example.cz;${second};ano;ano;ne;2026-11-20`,
        ]),
      );
    await admin.getByText('Soubor je v pořádku: 2 členové, 2 místa.').waitFor();
    await admin.getByRole('button', { name: 'Uložit všechny řádky' }).click();
    await admin.getByText('Uloženo: 2 členové, 2 místa.').waitFor();
    await admin.setViewportSize(PHONE);
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(admin, 'onboarding-phone');
    const members = await request(server.app.getHttpServer())
      .get(`/api/communities/${community.communityId}/members`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect((members.body.items as { name: string }[]).map((member) => member.name).sort()).toEqual([
      'Eva Dvořáková',
      'Karel Malý',
    ]);
  });
});
