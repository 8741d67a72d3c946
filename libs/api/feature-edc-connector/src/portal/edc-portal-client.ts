import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { EdcPortalError, unexpectedShape } from './edc-portal-error';
import type { EdcPortalSettings } from './edc-portal-settings';

export interface EdcGroup {
  /** EDC's numeric id of the sharing group, as digits */
  readonly id: string;
  readonly name: string;
}

export type EdcReportKind = 'standard' | 'pair';

export interface EdcExportRequest {
  readonly sseId: string;
  readonly calculationType: string;
  readonly from: string;
  readonly to: string;
  readonly fileName: string;
}

interface Tokens {
  access: string;
  refresh: string;
  expiresAt: number;
}

/** Shapes are checked field by field: a changed answer must become a clear error, never a crash later. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  return undefined;
}

function decodeHtml(text: string): string {
  return text
    .replace(/\\\//g, '/')
    .replace(/\\u0026/gi, '&')
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#47;/g, '/')
    .replace(/&quot;/g, '"');
}

/**
 * Keycloak's login page carries the form's action as `"loginAction": "…"` in its page data (newer themes) or as
 * the `action` of the login form (classic themes). Exported for the unit test.
 */
export function loginActionOf(html: string, field = 'loginAction'): string | undefined {
  const scripted = new RegExp(`"${field}"\\s*:\\s*"([^"]+)"`).exec(html);
  if (scripted?.[1] !== undefined) return decodeHtml(scripted[1]);
  const form = /<form\b[^>]*\baction\s*=\s*"([^"]+)"/i.exec(html);
  return form?.[1] === undefined ? undefined : decodeHtml(form[1]);
}

/** The refused log-in's message from the page data (`"summary": "…"`) or Keycloak's classic alert. */
export function loginErrorOf(html: string, field = 'summary'): string | undefined {
  const scripted = new RegExp(`"${field}"\\s*:\\s*"([^"]{1,300})"`).exec(html);
  if (scripted?.[1] !== undefined) return decodeHtml(scripted[1]);
  const alert = /<span[^>]*(?:kc-feedback-text|input-error)[^>]*>([^<]{1,300})</i.exec(html);
  return alert?.[1]?.trim() === undefined ? undefined : decodeHtml(alert[1].trim());
}

/** A tiny cookie jar: Keycloak ties the login form to the cookies of the page that served it. */
class Cookies {
  private readonly values = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.values.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * One logged-in conversation with the EDC portal on behalf of a community's representative. Log-in exactly as the
 * portal's own web app does it (OIDC authorisation code with PKCE against Keycloak; there is no password grant),
 * then the JSON API with the bearer token, refreshed when it runs out. Nothing here logs.
 */
export class EdcPortalSession {
  private constructor(
    private readonly settings: EdcPortalSettings,
    private tokens: Tokens,
  ) {}

  static async logIn(
    settings: EdcPortalSettings,
    credentials: { readonly username: string; readonly password: string },
  ): Promise<EdcPortalSession> {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const state = randomBytes(16).toString('hex');
    const authUrl = new URL(`${settings.ssoUrl}${settings.paths.auth}`);
    authUrl.search = new URLSearchParams({
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      response_type: 'code',
      scope: settings.scope,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const cookies = new Cookies();
    const page = await call(settings, 'the log-in page', authUrl.toString(), { redirect: 'manual' });
    cookies.take(page);
    if (page.status !== 200) throw statusError('the log-in page', page.status);
    const html = await page.text();
    const action = loginActionOf(html, settings.fields.loginAction);
    if (action === undefined)
      throw unexpectedShape(
        'the log-in page',
        'a login form with its action ("loginAction" or <form action>)',
      );
    let actionUrl: URL;
    try {
      actionUrl = new URL(action, authUrl);
    } catch {
      throw unexpectedShape('the log-in page', 'a login form action that is a URL');
    }
    // The password goes only to the log-in server the configuration names, whatever a page says.
    if (actionUrl.origin !== authUrl.origin)
      throw unexpectedShape('the log-in page', `a login form that posts to ${authUrl.origin}`);
    const posted = await call(settings, 'the log-in form', actionUrl.toString(), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookies.header(),
      },
      body: new URLSearchParams({
        [settings.fields.username]: credentials.username,
        [settings.fields.password]: credentials.password,
        credentialId: '',
      }).toString(),
    });
    if (posted.status === 200 || posted.status === 400 || posted.status === 401) {
      const reason = loginErrorOf(await posted.text(), settings.fields.loginError);
      throw new EdcPortalError(
        'credentials',
        `The EDC portal refused the username or password${reason === undefined ? '' : ` ("${reason}")`}; enter the representative's current EDC log-in again`,
      );
    }
    if (posted.status < 300 || posted.status >= 400) throw statusError('the log-in form', posted.status);
    const location = posted.headers.get('location');
    if (location === null) throw unexpectedShape('the log-in redirect', 'a Location header');
    let redirect: URL;
    try {
      redirect = new URL(location, actionUrl);
    } catch {
      throw unexpectedShape('the log-in redirect', 'a Location that is a URL');
    }
    // The portal puts the answer in the query (response_mode=query) or, for some clients, in the fragment.
    const answer = new URLSearchParams(redirect.search || redirect.hash.replace(/^#/, ''));
    const code = answer.get('code');
    if (code === null) {
      const description = answer.get('error_description') ?? answer.get('error');
      if (description !== null)
        throw new EdcPortalError(
          'credentials',
          `The EDC portal refused the log-in: ${description.slice(0, 300)}`,
        );
      throw unexpectedShape('the log-in redirect', 'a redirect with a code');
    }
    if (answer.get('state') !== null && answer.get('state') !== state)
      throw unexpectedShape('the log-in redirect', 'the state the connector sent');
    const tokens = await tokenCall(settings, 'the token endpoint', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: settings.redirectUri,
      client_id: settings.clientId,
      code_verifier: verifier,
    });
    return new EdcPortalSession(settings, tokens);
  }

  /** The sharing groups (SSE) the account may see. */
  async groups(): Promise<EdcGroup[]> {
    const where = `GET ${this.settings.paths.groups}`;
    const body = await this.json(where, this.settings.paths.groups, { method: 'GET' });
    const list = Array.isArray(body)
      ? body
      : isRecord(body) && Array.isArray(body['content'])
        ? body['content']
        : undefined;
    if (list === undefined) throw unexpectedShape(where, 'a list of sharing groups');
    return list.map((item: unknown) => {
      if (!isRecord(item)) throw unexpectedShape(where, 'sharing groups as objects');
      const id = idOf(item['id'] ?? item['sseId']);
      if (id === undefined) throw unexpectedShape(where, 'a numeric id for each sharing group');
      const name = [item['name'], item['sseName'], item['label'], item['ean']].find(
        (value): value is string => typeof value === 'string' && value.trim() !== '',
      );
      return { id, name: (name ?? `SSE ${id}`).slice(0, 200) };
    });
  }

  /** Asks EDC to prepare an export; answers the planned report's id. */
  async requestExport(kind: EdcReportKind, request: EdcExportRequest): Promise<string> {
    const path = kind === 'standard' ? this.settings.paths.standardExport : this.settings.paths.pairExport;
    const where = `POST ${path}`;
    const body = await this.json(where, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        calculationType: request.calculationType,
        sseId: Number(request.sseId),
        inputData: true,
        outputData: true,
        dateFrom: request.from,
        dateTo: request.to,
        fileName: request.fileName,
        exportAllProfiles: true,
      }),
    });
    if (!isRecord(body)) throw unexpectedShape(where, 'the planned report as an object');
    const id = idOf(body['id']);
    if (id === undefined || typeof body['reportState'] !== 'string')
      throw unexpectedShape(where, 'the planned report with id and reportState');
    return id;
  }

  /** Polls the list of recent reports until this one is GENERATED (answers) or ERROR / too slow (throws). */
  async waitForReport(reportId: string, describe: string, sleep = defaultSleep): Promise<void> {
    const where = `GET ${this.settings.paths.reports.split('?')[0] ?? ''}`;
    const deadline = Date.now() + this.settings.reportTimeoutMs;
    for (;;) {
      const body = await this.json(where, this.settings.paths.reports, { method: 'GET' });
      if (!isRecord(body) || !Array.isArray(body['content']))
        throw unexpectedShape(where, 'an object with a content list');
      const report = (body['content'] as unknown[]).find(
        (item) => isRecord(item) && idOf(item['id']) === reportId,
      );
      if (report !== undefined) {
        const state = (report as Record<string, unknown>)['reportState'];
        if (typeof state !== 'string') throw unexpectedShape(where, 'a reportState on each report');
        if (state === this.settings.reportStates.done) return;
        if (state === this.settings.reportStates.failed)
          throw new EdcPortalError(
            'report-failed',
            `EDC could not prepare ${describe} (its report ended in ${state})`,
          );
      }
      if (Date.now() >= deadline)
        throw new EdcPortalError(
          'report-timeout',
          `EDC did not finish ${describe} within ${Math.round(this.settings.reportTimeoutMs / 1000)} s; it will be asked again`,
        );
      await sleep(this.settings.reportPollMs);
    }
  }

  /** The report's file, as bytes (an EDC export of a month is a few MB at most for one group). */
  async download(reportId: string, describe: string): Promise<Buffer> {
    const path = this.settings.paths.download(reportId);
    const response = await this.api(`GET ${path.replace(reportId, '{id}')}`, path, {
      method: 'GET',
      headers: { accept: 'text/csv, application/octet-stream, */*' },
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length === 0) throw unexpectedShape(`the download of ${describe}`, 'a CSV file');
    const head = bytes.subarray(0, 64).toString('utf8').trimStart();
    if (head.startsWith('{') || head.startsWith('<'))
      throw unexpectedShape(`the download of ${describe}`, 'a CSV file, not JSON or HTML');
    return bytes;
  }

  /** Ends the portal session; a failure here changes nothing for the data, so it is swallowed. */
  async logOut(): Promise<void> {
    try {
      await call(this.settings, 'the log-out', `${this.settings.ssoUrl}${this.settings.paths.logout}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: this.settings.clientId,
          refresh_token: this.tokens.refresh,
        }).toString(),
      });
    } catch {
      // the tokens expire on their own
    }
  }

  private async json(where: string, path: string, init: RequestInit): Promise<unknown> {
    const response = await this.api(where, path, init);
    try {
      return await response.json();
    } catch {
      throw unexpectedShape(where, 'JSON');
    }
  }

  private async api(where: string, path: string, init: RequestInit, refreshed = false): Promise<Response> {
    if (Date.now() > this.tokens.expiresAt - 10_000) await this.refresh();
    const response = await call(this.settings, where, `${this.settings.apiUrl}${path}`, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.headers as Record<string, string> | undefined),
        authorization: `Bearer ${this.tokens.access}`,
        'Edc-Contract-Type': this.settings.contractType,
        'X-Correlation-ID': randomUUID(),
        origin: this.settings.origin,
      },
    });
    if (response.status === 401 && !refreshed) {
      await this.refresh();
      return this.api(where, path, init, true);
    }
    if (response.status === 401 || response.status === 403)
      throw new EdcPortalError(
        'credentials',
        `The EDC portal refused access at ${where} (${response.status}); the account may lack the right to this group`,
      );
    if (!response.ok) throw statusError(where, response.status);
    return response;
  }

  private async refresh(): Promise<void> {
    this.tokens = await tokenCall(this.settings, 'the token refresh', {
      grant_type: 'refresh_token',
      refresh_token: this.tokens.refresh,
      client_id: this.settings.clientId,
    });
  }
}

async function tokenCall(
  settings: EdcPortalSettings,
  where: string,
  form: Record<string, string>,
): Promise<Tokens> {
  const response = await call(settings, where, `${settings.ssoUrl}${settings.paths.token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  if (response.status === 400 || response.status === 401)
    throw new EdcPortalError(
      'credentials',
      `The EDC portal refused the log-in at ${where} (${response.status})`,
    );
  if (!response.ok) throw statusError(where, response.status);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw unexpectedShape(where, 'JSON');
  }
  if (
    !isRecord(body) ||
    typeof body['access_token'] !== 'string' ||
    typeof body['refresh_token'] !== 'string' ||
    typeof body['expires_in'] !== 'number'
  )
    throw unexpectedShape(where, 'access_token, refresh_token and expires_in');
  return {
    access: body['access_token'],
    refresh: body['refresh_token'],
    expiresAt: Date.now() + body['expires_in'] * 1000,
  };
}

/** fetch with the configured timeout; a network failure or timeout becomes `unavailable` without the URL's query. */
async function call(
  settings: EdcPortalSettings,
  where: string,
  url: string,
  init: RequestInit,
): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(settings.httpTimeoutMs) });
  } catch (error) {
    const reason =
      error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
        ? `no answer within ${Math.round(settings.httpTimeoutMs / 1000)} s`
        : 'the connection failed';
    throw new EdcPortalError(
      'unavailable',
      `The EDC portal could not be reached at ${where} (${reason}); it will be tried again`,
    );
  }
}

function statusError(where: string, status: number): EdcPortalError {
  if (status >= 500)
    return new EdcPortalError(
      'unavailable',
      `The EDC portal answered ${status} at ${where} (a fault on its side); it will be tried again`,
    );
  if (status === 404) return unexpectedShape(where, 'an existing endpoint, got 404');
  return unexpectedShape(where, `a success, got ${status}`);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
