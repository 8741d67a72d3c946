import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { bearer, createMember, signUp, TEST_PASSWORD, uniqueEmail } from '../support/factories';
import { type CaughtMail, linkIn } from '../support/mail-catcher';
import { withOwner } from '../support/owner-database';
import { signInThroughPortal } from '../support/portal-community';
import { type PortalServer, startPortalServer } from '../support/portal-server';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Issue 18 item 1: every link Sdílna mails opens the page that handles it. The real in-process SMTP server
 * receives each mail; the test takes the link from the mail and opens it in Chromium, as the recipient would.
 */
describe('links in the mails, followed in a browser', () => {
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

  /** A fresh browser (no session), as a recipient opening the mail on their own device. */
  async function newPage(viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ locale: 'cs-CZ', viewport });
    return context.newPage();
  }

  /** Screenshots of the page at desktop and phone size, back at desktop afterwards. */
  async function screenshots(page: Page, name: string): Promise<void> {
    await saveScreenshot(page, `${name}-desktop`);
    await page.setViewportSize(PHONE);
    await saveScreenshot(page, `${name}-phone`);
    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
  }

  /** The newest mail to `address` after `count` mails to it had arrived. */
  async function nextMailTo(address: string, count: number): Promise<CaughtMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const mails = server.mail.messages.filter((message) => message.to.includes(address));
      if (mails.length > count) return mails[mails.length - 1] as CaughtMail;
      if (Date.now() > deadline) throw new Error(`no new mail to ${address}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function mailsTo(address: string): number {
    return server.mail.messages.filter((message) => message.to.includes(address)).length;
  }

  async function acceptInvitationForm(page: Page, name: string, password: string): Promise<void> {
    await page.getByLabel('Jméno a příjmení').fill(name);
    await page.getByLabel('Heslo', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Přijmout pozvánku' }).click();
  }

  async function setNewPassword(page: Page, password: string): Promise<void> {
    await page.getByLabel('Nové heslo').fill(password);
    await page.getByLabel('Heslo znovu').fill(password);
    await page.getByRole('button', { name: 'Nastavit heslo' }).click();
  }

  it('invitation: the administrator invites in the portal, the mailed link creates the account, the member signs in to the community; the used link says so', async () => {
    const community = await signUp(server.app, 'energy-community', 'Sdílna Lomnice');
    const member = await createMember(server.app, community, { name: 'Jana Nováková' });
    const email = uniqueEmail('jana');

    // The administrator invites from the invitations page (in Czech).
    const admin = await newPage();
    await signInThroughPortal(admin, server.url, community.adminEmail, community.adminPassword);
    await admin.goto(`${server.url}/admin/${community.communityId}/invitations`);
    await admin.getByLabel('E-mail').fill(email);
    await admin.getByLabel('Role').selectOption('member');
    await admin.getByLabel('Člen', { exact: true }).selectOption(member.id);
    await admin.getByRole('button', { name: 'Poslat pozvánku' }).click();

    // The mail is Czech through and through, with the role in words and a link to this portal's page.
    const mail = await server.mail.lastTo(email);
    expect(mail.text).toContain('byli jste pozváni do společenství „Sdílna Lomnice“ ve Sdílně jako člen.');
    expect(mail.text).not.toMatch(/\(role:|member|invited|Accept/);
    const link = linkIn(mail);
    expect(link.startsWith(`${server.url}/auth/invitation?token=`)).toBe(true);

    // The invitee opens the link: the invitation page, not "Stránka nenalezena".
    const invitee = await newPage();
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'Přijetí pozvánky' }).waitFor();
    expect(await invitee.getByText('Stránka nenalezena').count()).toBe(0);
    expect(await axeViolations(invitee)).toEqual([]);
    await screenshots(invitee, 'mail-invitation');
    await acceptInvitationForm(invitee, 'Jana Nováková', TEST_PASSWORD);
    await invitee.waitForURL(new RegExp(`/member/${community.communityId}/${member.id}`));

    // Later, from another device: signing in with the new password lands in the community.
    const later = await newPage();
    await signInThroughPortal(later, server.url, email, TEST_PASSWORD);
    expect(new URL(later.url()).pathname).toMatch(
      new RegExp(`^/member/${community.communityId}/${member.id}`),
    );

    // The same link again: the page says it was used and shows the way on.
    const again = await newPage();
    await again.goto(link);
    await acceptInvitationForm(again, 'Jana Nováková', TEST_PASSWORD);
    const refused = again.getByTestId('link-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Tato pozvánka už byla přijata.');
    await again.getByText('O novou pozvánku požádejte správce svého společenství').waitFor();
    expect(await again.getByRole('button', { name: 'Přijmout pozvánku' }).count()).toBe(0);
    expect(await axeViolations(again)).toEqual([]);
    await screenshots(again, 'mail-invitation-used');
    await again.getByRole('main').getByRole('link', { name: 'Přihlásit se' }).click();
    await again.waitForURL(/\/auth\/login$/);
  });

  it('invitation: an expired link says so in Czech and tells who sends a new one', async () => {
    const community = await signUp(server.app);
    const member = await createMember(server.app, community);
    const email = uniqueEmail('late');
    await request(server.app.getHttpServer())
      .post(`/api/communities/${community.communityId}/invitations`)
      .set(bearer(community.adminToken))
      .send({ email, role: 'member', memberId: member.id })
      .expect(201);
    const link = linkIn(await server.mail.lastTo(email));
    const invitationId = new URL(link).searchParams.get('token')?.split('.')[1];
    await withOwner((client) =>
      client.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        invitationId,
      ]),
    );

    const page = await newPage();
    await page.goto(link);
    await acceptInvitationForm(page, 'Petr Pozdní', TEST_PASSWORD);
    const refused = page.getByTestId('link-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Platnost pozvánky vypršela');
    await page.getByText('O novou pozvánku požádejte správce svého společenství').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'mail-invitation-expired');
  });

  it('password reset: the mailed link sets a new password that signs in; the used and the expired link say so and lead to a new one', async () => {
    const community = await signUp(server.app);
    const email = community.adminEmail;

    // Asked for on the portal's page, in Czech.
    const page = await newPage();
    await page.goto(`${server.url}/auth/password-reset`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Poslat odkaz' }).click();
    await page.getByRole('status').waitFor();
    const mail = await server.mail.lastTo(email);
    expect(mail.text).toContain('nové heslo k účtu ve Sdílně nastavíte zde');
    // the Czech text, without its links and its headers (the Message-ID names the mail's purpose in English)
    const body = mail.text.slice(mail.text.search(/\r?\n\r?\n/));
    expect(body.replace(/https?:\/\/\S+/g, '')).not.toMatch(/password|link/i);
    const link = linkIn(mail);
    expect(link.startsWith(`${server.url}/auth/password-reset/confirm?token=`)).toBe(true);

    // The link opens the page that sets the password; then the new password signs in.
    const fromMail = await newPage();
    await fromMail.goto(link);
    await fromMail.getByRole('heading', { name: 'Nové heslo' }).waitFor();
    expect(await axeViolations(fromMail)).toEqual([]);
    await screenshots(fromMail, 'mail-reset');
    const newPassword = 'a new password from the mail';
    await setNewPassword(fromMail, newPassword);
    await fromMail.getByText('Heslo je změněno.').waitFor();
    await fromMail.getByRole('main').getByRole('link', { name: 'Přihlásit se' }).click();
    await fromMail.waitForURL(/\/auth\/login$/);
    await fromMail.getByLabel('E-mail').fill(email);
    await fromMail.getByLabel('Heslo').fill(newPassword);
    await fromMail.getByRole('button', { name: 'Přihlásit se' }).click();
    await fromMail.waitForURL(new RegExp(`/admin/${community.communityId}/`));

    // The used link: said so, and a new link is one click away.
    const used = await newPage();
    await used.goto(link);
    await setNewPassword(used, 'another password, too late');
    const refused = used.getByTestId('link-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Tento odkaz už byl použit');
    expect(await axeViolations(used)).toEqual([]);
    await screenshots(used, 'mail-reset-used');
    await used.getByRole('link', { name: 'Požádat o nový odkaz' }).click();
    await used.waitForURL(/\/auth\/password-reset$/);
    await used.getByRole('button', { name: 'Poslat odkaz' }).waitFor();

    // An expired link: said so as well.
    const before = mailsTo(email);
    await used.getByLabel('E-mail').fill(email);
    await used.getByRole('button', { name: 'Poslat odkaz' }).click();
    const expiredLink = linkIn(await nextMailTo(email, before));
    await withOwner((client) =>
      client.query(`UPDATE password_resets SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        new URL(expiredLink).searchParams.get('token')?.split('.')[0],
      ]),
    );
    const expired = await newPage(PHONE);
    await expired.goto(expiredLink);
    await setNewPassword(expired, 'a password for an expired link');
    await expired.getByTestId('link-refused').waitFor();
    expect(await expired.getByTestId('link-refused').textContent()).toContain('Platnost odkazu vypršela');
    await expired.getByRole('link', { name: 'Požádat o nový odkaz' }).waitFor();
    await expired.setViewportSize(DESKTOP);
    await screenshots(expired, 'mail-reset-expired');

    // The password from the mail still signs in; the refused links changed nothing.
    await request(server.app.getHttpServer())
      .post('/api/auth/login')
      .send({ email, password: newPassword })
      .expect(200);
  });

  it('a reset asked for in the English portal is mailed in English, and its link opens the English page', async () => {
    const community = await signUp(server.app);
    const page = await newPage();
    await page.goto(`${server.url}/auth/password-reset`);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Reset password' }).waitFor();
    await page.getByLabel('E-mail').fill(community.adminEmail);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').waitFor();
    const mail = await server.mail.lastTo(community.adminEmail);
    expect(mail.text).toContain('set a new password for your Sdílna account here');
    expect(mail.text).not.toMatch(/heslo|odkaz|platí/i);
    await page.goto(linkIn(mail));
    await page.getByRole('heading', { name: 'New password' }).waitFor();
  });
});
