import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One export the connector asked for, as the stub received it. */
export interface StubExportRequest {
  readonly kind: 'standard' | 'pair';
  readonly sseId: number;
  readonly calculationType: string;
  readonly from: string;
  readonly to: string;
  readonly fileName: string;
}

/** Answers the CSV (text or bytes) of a requested export, or undefined for an export EDC ends in ERROR. */
export type StubExportSource = (
  request: StubExportRequest,
) => Promise<string | Uint8Array | undefined> | string | Uint8Array | undefined;

/**
 * What the stub does wrong, switchable while it runs: `wrongPassword` refuses every log-in as Keycloak does,
 * `serverError` answers 503 everywhere, `reportNeverFinishes` keeps reports PLANNED, `reportFails` ends them in
 * ERROR, `changedShape` answers the API's lists and reports in a shape the connector does not know.
 */
export interface StubBehaviour {
  wrongPassword: boolean;
  serverError: boolean;
  reportNeverFinishes: boolean;
  reportFails: boolean;
  changedShape: boolean;
  /** `script`: Keycloak's newer page data with "loginAction"; `form`: the classic <form action>; `foreign`: a
   * form that posts elsewhere (what a hijacked page would do) */
  loginPage: 'script' | 'form' | 'foreign';
  /** polls of the report list before a report is GENERATED */
  pollsUntilGenerated: number;
  /** seconds an access token lives (short values exercise the refresh) */
  accessTokenSeconds: number;
}

export interface EdcPortalStubOptions {
  readonly username: string;
  readonly password: string;
  readonly groups: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  readonly exports: StubExportSource;
  readonly clientId?: string;
  readonly redirectUri?: string;
  readonly port?: number;
}

interface Report {
  readonly id: number;
  readonly name: string;
  readonly request: StubExportRequest;
  readonly requested: string;
  polls: number;
  state: 'PLANNED' | 'GENERATED' | 'ERROR';
  csv: string | Uint8Array | undefined;
}

const REALM = '/auth/realms/edc';
const API = '/api/v0';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * A local stand-in for the EDC portal (docs/edc-portal.md) on 127.0.0.1: Keycloak's log-in (login page, form post
 * with cookies, redirect with code, PKCE-checked token, refresh, logout) and the JSON API (groups, standard and pair
 * exports planned → generated / error, the report list, download). Tests and `npm run demo` use it.
 */
export class EdcPortalStub {
  readonly behaviour: StubBehaviour = {
    wrongPassword: false,
    serverError: false,
    reportNeverFinishes: false,
    reportFails: false,
    changedShape: false,
    loginPage: 'script',
    pollsUntilGenerated: 1,
    accessTokenSeconds: 300,
  };
  /** Every export request received, in order (tests read what the connector asked for). */
  readonly exportRequests: StubExportRequest[] = [];
  /** Every request line received, without query strings or bodies. */
  readonly requestLog: string[] = [];
  /** Form bodies and headers are never kept; this counts the log-ins that succeeded. */
  logins = 0;
  refreshes = 0;
  logouts = 0;
  /** The account's sharing groups; tests add theirs while the stub runs. */
  readonly groups: Array<{ readonly id: number; readonly name: string }>;
  /** Every token and code the stub issued, so a test can check that none of them leaked into logs or answers. */
  readonly issuedSecrets: string[] = [];

  private readonly server: Server;
  private baseUrl = '';
  private readonly sessions = new Map<string, { state: string; challenge: string; redirect: string }>();
  private readonly codes = new Map<string, { challenge: string; redirect: string }>();
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  private readonly reports: Report[] = [];
  private nextReportId = 9100;

  constructor(private readonly options: EdcPortalStubOptions) {
    this.groups = [...options.groups];
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get url(): string {
    return this.baseUrl;
  }

  /** The environment that points Sdílna's connector at this stub (EDC_* variables). */
  environment(): Record<string, string> {
    return {
      EDC_SSO_URL: `${this.baseUrl}${REALM}`,
      EDC_API_URL: `${this.baseUrl}${API}`,
      EDC_ORIGIN: this.baseUrl,
      EDC_REDIRECT_URI: this.options.redirectUri ?? 'https://portal.edc-cr.cz/',
      EDC_CLIENT_ID: this.options.clientId ?? 'a63c22a3-6e1d-4eac-b383-d06373da046a',
    };
  }

  reset(): void {
    Object.assign(this.behaviour, {
      wrongPassword: false,
      serverError: false,
      reportNeverFinishes: false,
      reportFails: false,
      changedShape: false,
      loginPage: 'script',
      pollsUntilGenerated: 1,
      accessTokenSeconds: 300,
    } satisfies StubBehaviour);
    this.exportRequests.length = 0;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    this.requestLog.push(`${request.method ?? '?'} ${url.pathname}`);
    if (this.behaviour.serverError) return this.send(response, 503, 'text/plain', 'Service Unavailable');
    const body = request.method === 'POST' ? await readBody(request) : '';
    const route = `${request.method ?? ''} ${url.pathname}`;
    switch (route) {
      case `GET ${REALM}/protocol/openid-connect/auth`:
        return this.loginPage(url, response);
      case `POST ${REALM}/login-actions/authenticate`:
        return this.authenticate(url, request, new URLSearchParams(body), response);
      case `POST ${REALM}/protocol/openid-connect/token`:
        return this.token(new URLSearchParams(body), response);
      case `POST ${REALM}/protocol/openid-connect/logout`:
        this.refreshTokens.delete(new URLSearchParams(body).get('refresh_token') ?? '');
        this.logouts++;
        return this.send(response, 204, 'text/plain', '');
      default:
        break;
    }
    if (!url.pathname.startsWith(`${API}/`)) return this.send(response, 404, 'text/plain', 'Not Found');
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expires = bearer === undefined ? undefined : this.accessTokens.get(bearer);
    if (expires === undefined || expires < Date.now())
      return this.json(response, 401, { error: 'unauthorized' });
    if (request.headers['edc-contract-type'] !== 'STANDARD' || !request.headers['x-correlation-id'])
      return this.json(response, 400, { error: 'missing EDC headers' });
    const path = url.pathname.slice(API.length);
    if (request.method === 'GET' && path === '/profiles-data/get-sse') {
      const groups = this.groups.map((group) => ({
        id: group.id,
        name: group.name,
        ean: `SSE-${group.id}`,
      }));
      return this.json(response, 200, this.behaviour.changedShape ? { data: { items: groups } } : groups);
    }
    if (
      request.method === 'POST' &&
      (path === '/profiles-data/standard/export' || path === '/profiles-data/pair/export')
    )
      return this.planExport(path.includes('pair') ? 'pair' : 'standard', body, response);
    if (request.method === 'GET' && path === '/report') return this.reportList(response);
    const download = /^\/report\/(\d+)\/download$/.exec(path);
    if (request.method === 'GET' && download !== null) {
      const report = this.reports.find((item) => item.id === Number(download[1]));
      if (report === undefined || report.state !== 'GENERATED' || report.csv === undefined)
        return this.json(response, 404, { error: 'no such report' });
      return this.send(response, 200, 'text/csv; charset=utf-8', report.csv);
    }
    return this.json(response, 404, { error: 'not found' });
  }

  private loginPage(url: URL, response: ServerResponse): void {
    const query = url.searchParams;
    if (
      query.get('client_id') !== (this.options.clientId ?? 'a63c22a3-6e1d-4eac-b383-d06373da046a') ||
      query.get('response_type') !== 'code' ||
      query.get('code_challenge_method') !== 'S256' ||
      !query.get('code_challenge') ||
      !query.get('state')
    )
      return this.send(response, 400, 'text/html', '<p>Invalid request</p>');
    const session = randomBytes(12).toString('hex');
    this.sessions.set(session, {
      state: query.get('state') as string,
      challenge: query.get('code_challenge') as string,
      redirect: query.get('redirect_uri') ?? '',
    });
    const host = this.behaviour.loginPage === 'foreign' ? 'https://elsewhere.example' : this.baseUrl;
    const action = `${host}${REALM}/login-actions/authenticate?session_code=${session}&amp;execution=stub&amp;client_id=${encodeURIComponent(query.get('client_id') ?? '')}&amp;tab_id=${session.slice(0, 8)}`;
    response.setHeader('set-cookie', [
      `AUTH_SESSION_ID=${session}; Path=${REALM}/; HttpOnly`,
      `KC_RESTART=x${session}; Path=${REALM}/`,
    ]);
    this.send(response, 200, 'text/html; charset=utf-8', this.page(action, undefined));
  }

  private page(action: string, error: string | undefined): string {
    if (this.behaviour.loginPage === 'form')
      return `<!doctype html><html><body>${error === undefined ? '' : `<span id="input-error">${escapeHtml(error)}</span>`}<form id="kc-form-login" onsubmit="return true;" action="${action}" method="post"><input name="username"><input name="password" type="password"></form></body></html>`;
    const data = {
      loginAction: action.replace(/&amp;/g, '&'),
      ...(error === undefined ? {} : { message: { summary: error, type: 'error' } }),
    };
    return `<!doctype html><html><head><script>window.kcContext = ${JSON.stringify(data).replace(/\//g, '\\/')};</script></head><body><div id="root"></div></body></html>`;
  }

  private authenticate(
    url: URL,
    request: IncomingMessage,
    form: URLSearchParams,
    response: ServerResponse,
  ): void {
    const session = url.searchParams.get('session_code') ?? '';
    const pending = this.sessions.get(session);
    const cookie = request.headers.cookie ?? '';
    if (pending === undefined || !cookie.includes(`AUTH_SESSION_ID=${session}`))
      return this.send(
        response,
        400,
        'text/html',
        this.page('', 'Your login attempt timed out. Login will start from the beginning.'),
      );
    if (
      this.behaviour.wrongPassword ||
      form.get('username') !== this.options.username ||
      form.get('password') !== this.options.password
    )
      return this.send(
        response,
        200,
        'text/html; charset=utf-8',
        this.page(url.toString(), 'Invalid username or password.'),
      );
    this.sessions.delete(session);
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { challenge: pending.challenge, redirect: pending.redirect });
    this.issuedSecrets.push(code);
    const target = new URL(pending.redirect);
    target.searchParams.set('state', pending.state);
    target.searchParams.set('session_state', randomUUID());
    target.searchParams.set('code', code);
    response.writeHead(302, { location: target.toString() });
    response.end();
  }

  private token(form: URLSearchParams, response: ServerResponse): void {
    if (form.get('client_id') !== (this.options.clientId ?? 'a63c22a3-6e1d-4eac-b383-d06373da046a'))
      return this.json(response, 401, { error: 'invalid_client' });
    if (form.get('grant_type') === 'authorization_code') {
      const pending = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (
        pending === undefined ||
        pending.challenge !== challenge ||
        pending.redirect !== form.get('redirect_uri')
      )
        return this.json(response, 400, { error: 'invalid_grant', error_description: 'Code not valid' });
      this.logins++;
      return this.issue(response);
    }
    if (form.get('grant_type') === 'refresh_token') {
      const token = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.has(token)) return this.json(response, 400, { error: 'invalid_grant' });
      this.refreshTokens.delete(token);
      this.refreshes++;
      return this.issue(response);
    }
    return this.json(response, 400, { error: 'unsupported_grant_type' });
  }

  private issue(response: ServerResponse): void {
    const access = randomBytes(24).toString('hex');
    const refresh = randomBytes(24).toString('hex');
    this.accessTokens.set(access, Date.now() + this.behaviour.accessTokenSeconds * 1000);
    this.issuedSecrets.push(access, refresh);
    this.refreshTokens.add(refresh);
    this.json(response, 200, {
      access_token: access,
      refresh_token: refresh,
      expires_in: this.behaviour.accessTokenSeconds,
      refresh_expires_in: 1800,
      token_type: 'Bearer',
    });
  }

  private async planExport(kind: 'standard' | 'pair', body: string, response: ServerResponse): Promise<void> {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return this.json(response, 400, { error: 'bad json' });
    }
    const request: StubExportRequest = {
      kind,
      sseId: Number(parsed['sseId']),
      calculationType: String(parsed['calculationType']),
      from: String(parsed['dateFrom']),
      to: String(parsed['dateTo']),
      fileName: String(parsed['fileName']),
    };
    if (!this.groups.some((group) => group.id === request.sseId))
      return this.json(response, 403, { error: 'no access to this SSE' });
    this.exportRequests.push(request);
    const report: Report = {
      id: this.nextReportId++,
      name: request.fileName,
      request,
      requested: new Date().toISOString(),
      polls: 0,
      state: 'PLANNED',
      csv: await this.options.exports(request),
    };
    this.reports.unshift(report);
    const answer = {
      id: report.id,
      name: report.name,
      reportState: report.state,
      reportType: kind.toUpperCase(),
      requested: report.requested,
      generated: null,
    };
    this.json(response, 200, this.behaviour.changedShape ? { report: answer } : answer);
  }

  private reportList(response: ServerResponse): void {
    for (const report of this.reports) {
      if (report.state !== 'PLANNED' || this.behaviour.reportNeverFinishes) continue;
      report.polls++;
      if (report.polls >= this.behaviour.pollsUntilGenerated)
        report.state = this.behaviour.reportFails || report.csv === undefined ? 'ERROR' : 'GENERATED';
    }
    const content = this.reports.slice(0, 25).map((report) => ({
      id: report.id,
      name: report.name,
      reportState: report.state,
      requested: report.requested,
      generated: report.state === 'PLANNED' ? null : new Date().toISOString(),
    }));
    this.json(
      response,
      200,
      this.behaviour.changedShape ? content : { content, totalElements: this.reports.length },
    );
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    this.send(response, status, 'application/json', JSON.stringify(body));
  }

  private send(response: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
    response.writeHead(status, { 'content-type': type });
    response.end(body);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
