import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { EdcPortalStub, fileExportSource } from '@sdilna/api/util-edc-portal-stub';
import { loadConfig } from '@sdilna/api/util-config';

import { EdcPortalSession, loginActionOf, loginErrorOf } from './edc-portal-client';
import { EdcPortalError } from './edc-portal-error';
import { edcPortalSettings, type EdcPortalSettings } from './edc-portal-settings';

const ACCOUNT = { username: 'zastupce@lomnice.cz', password: 'Heslo-EDC-2026' };
const CSV = 'Datum;Cas od;Cas do;IN-859182400000000001-D;OUT-859182400000000001-D\n';

describe('EdcPortalSession against the local EDC portal stub', () => {
  const stub = new EdcPortalStub({
    ...ACCOUNT,
    groups: [{ id: 4711, name: 'Lomnice – obecní budovy' }],
    exports: (request) => (request.calculationType === 'BROKEN' ? undefined : CSV),
  });
  let settings: EdcPortalSettings;

  beforeAll(async () => {
    await stub.start();
    settings = {
      ...edcPortalSettings(
        loadConfig({ ...stub.environment(), EDC_REPORT_POLL_MS: '10', EDC_REPORT_TIMEOUT_MS: '300' }),
      ),
    };
  });
  afterAll(() => stub.stop());
  beforeEach(() => stub.reset());

  async function failure(promise: Promise<unknown>): Promise<EdcPortalError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EdcPortalError);
    return error as EdcPortalError;
  }

  it('logs in with PKCE through the login page, lists the groups and downloads a generated export', async () => {
    for (const loginPage of ['script', 'form'] as const) {
      stub.behaviour.loginPage = loginPage;
      const session = await EdcPortalSession.logIn(settings, ACCOUNT);
      expect(await session.groups()).toEqual([{ id: '4711', name: 'Lomnice – obecní budovy' }]);
      const id = await session.requestExport('standard', {
        sseId: '4711',
        calculationType: 'MONTHLY',
        from: '2026-11-01',
        to: '2026-11-30',
        fileName: 'x',
      });
      stub.behaviour.pollsUntilGenerated = 2;
      await session.waitForReport(id, 'the test export', () => Promise.resolve());
      expect((await session.download(id, 'the test export')).toString('utf8')).toBe(CSV);
      await session.logOut();
    }
    expect(stub.exportRequests[0]).toMatchObject({
      kind: 'standard',
      sseId: 4711,
      calculationType: 'MONTHLY',
    });
    expect(stub.logouts).toBe(2);
  });

  it('refreshes an expired access token and carries on', async () => {
    stub.behaviour.accessTokenSeconds = 1;
    const session = await EdcPortalSession.logIn(settings, ACCOUNT);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await session.groups()).toHaveLength(1);
    expect(stub.refreshes).toBeGreaterThan(0);
  });

  it('says the password was refused, without the password, when the portal refuses the log-in', async () => {
    stub.behaviour.wrongPassword = true;
    const error = await failure(EdcPortalSession.logIn(settings, ACCOUNT));
    expect(error.kind).toBe('credentials');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Invalid username or password.');
    expect(error.message).not.toContain(ACCOUNT.password);
  });

  it('never posts the password to a log-in form of another server', async () => {
    stub.behaviour.loginPage = 'foreign';
    const posts = () => stub.requestLog.filter((line) => line.includes('/login-actions/')).length;
    const before = posts();
    const error = await failure(EdcPortalSession.logIn(settings, ACCOUNT));
    expect(error.kind).toBe('shape');
    expect(error.message).toMatch(/a login form that posts to http:\/\/127\.0\.0\.1/);
    expect(posts()).toBe(before);
  });

  it('names a 5xx answer as the portal being unavailable, worth another try', async () => {
    stub.behaviour.serverError = true;
    const error = await failure(EdcPortalSession.logIn(settings, ACCOUNT));
    expect(error.kind).toBe('unavailable');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/answered 503 at the log-in page/);
  });

  it('names a changed answer shape and where it was seen', async () => {
    const session = await EdcPortalSession.logIn(settings, ACCOUNT);
    stub.behaviour.changedShape = true;
    const error = await failure(session.groups());
    expect(error.kind).toBe('shape');
    expect(error.message).toMatch(/unexpected shape at GET \/profiles-data\/get-sse/);
  });

  it('gives up on a report that never finishes, and reports one that ends in ERROR', async () => {
    const session = await EdcPortalSession.logIn(settings, ACCOUNT);
    stub.behaviour.reportNeverFinishes = true;
    const request = {
      sseId: '4711',
      calculationType: 'DAILY',
      from: '2026-12-01',
      to: '2026-12-02',
      fileName: 'x',
    };
    const stuck = await failure(
      session.waitForReport(await session.requestExport('pair', request), 'the pairs'),
    );
    expect(stuck.kind).toBe('report-timeout');
    stub.behaviour.reportNeverFinishes = false;
    const broken = await session.requestExport('standard', { ...request, calculationType: 'BROKEN' });
    const failed = await failure(session.waitForReport(broken, 'the export'));
    expect(failed.kind).toBe('report-failed');
  });

  it('answers a clear error when the portal cannot be reached at all', async () => {
    const error = await failure(
      EdcPortalSession.logIn({ ...settings, ssoUrl: 'http://127.0.0.1:9/auth/realms/edc' }, ACCOUNT),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/could not be reached at the log-in page/);
  });
});

describe('the stub serving given files', () => {
  it('downloads a file byte for byte, windows-1250 included, and ends a kind without a file in ERROR', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'edc-stub-'));
    const bytes = Buffer.from([...Buffer.from('Datum;Cas od;Cas do;\n'), 0x8a, 0x9e, 0x0a]);
    writeFileSync(join(folder, 'standard.csv'), bytes);
    const stub = await new EdcPortalStub({
      ...ACCOUNT,
      groups: [{ id: 1, name: 'G' }],
      exports: fileExportSource({ standard: join(folder, 'standard.csv') }),
    }).start();
    try {
      const settings = edcPortalSettings(loadConfig({ ...stub.environment(), EDC_REPORT_POLL_MS: '10' }));
      const session = await EdcPortalSession.logIn(settings, ACCOUNT);
      const request = {
        sseId: '1',
        calculationType: 'MONTHLY',
        from: '2026-10-01',
        to: '2026-10-31',
        fileName: 'x',
      };
      const standard = await session.requestExport('standard', request);
      await session.waitForReport(standard, 'the file');
      expect(Buffer.compare(await session.download(standard, 'the file'), bytes)).toBe(0);
      const pair = await session.requestExport('pair', request);
      await expect(session.waitForReport(pair, 'the pairs')).rejects.toMatchObject({ kind: 'report-failed' });
    } finally {
      await stub.stop();
    }
  });
});

describe('reading Keycloak pages', () => {
  it('finds the form action in page data or in the form, with entities decoded', () => {
    expect(
      loginActionOf('<script>const c = {"loginAction": "https:\\/\\/sso\\/a?x=1\\u0026y=2"}</script>'),
    ).toBe('https://sso/a?x=1&y=2');
    expect(loginActionOf('<form id="kc-form-login" action="https://sso/a?x=1&amp;y=2" method="post">')).toBe(
      'https://sso/a?x=1&y=2',
    );
    expect(loginActionOf('<p>maintenance</p>')).toBeUndefined();
    expect(loginErrorOf('{"message":{"summary":"Invalid username or password."}}')).toBe(
      'Invalid username or password.',
    );
  });
});
