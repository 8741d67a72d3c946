import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeStubCall {
  readonly method: string;
  readonly path: string;
  /** the form-encoded body as key → value ("line_items[0][quantity]" → "3") */
  readonly form: Map<string, string>;
}

/**
 * A tiny local Stripe API for tests: the real `stripe` library talks HTTP to it (STRIPE_API_BASE) and gets the
 * few objects Sdílna asks for. Every call is recorded, so tests can assert what was sent.
 */
export class StripeStub {
  readonly calls: StripeStubCall[] = [];
  private counter = 0;
  /** connected accounts by id, and whether each takes card payments yet (`activate`) */
  private readonly accounts = new Map<
    string,
    { chargesEnabled: boolean; metadata: Record<string, string> }
  >();

  /** The connected account finished Stripe's onboarding: it takes card payments from now on. */
  activate(accountId: string): void {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`stub has no account ${accountId}`);
    account.chargesEnabled = true;
  }

  private constructor(private readonly server: Server) {}

  static async start(): Promise<StripeStub> {
    const holder: { stub?: StripeStub } = {};
    const server = createServer((request, response) => {
      void (holder.stub as StripeStub).answer(request).then(({ status, body }) => {
        response.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${Date.now()}` });
        response.end(JSON.stringify(body));
      });
    });
    const stub = new StripeStub(server);
    holder.stub = stub;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private account(accountId: string): object {
    const account = this.accounts.get(accountId);
    return {
      id: accountId,
      object: 'account',
      type: 'express',
      charges_enabled: account?.chargesEnabled ?? false,
      details_submitted: account?.chargesEnabled ?? false,
      metadata: account?.metadata ?? {},
    };
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; body: object }> {
    let raw = '';
    for await (const chunk of request) raw += String(chunk);
    const form = new Map(new URLSearchParams(raw).entries());
    const path = (request.url ?? '').split('?')[0] ?? '';
    this.calls.push({ method: request.method ?? '', path, form });
    const id = (prefix: string) => `${prefix}_test_${++this.counter}`;
    if (request.method === 'POST' && path === '/v1/customers') {
      return {
        status: 200,
        body: { id: id('cus'), object: 'customer', name: form.get('name') ?? null, metadata: {} },
      };
    }
    if (request.method === 'POST' && path === '/v1/checkout/sessions') {
      const session = id('cs');
      return {
        status: 200,
        body: {
          id: session,
          object: 'checkout.session',
          mode: form.get('mode'),
          url: `https://checkout.stripe.test/${session}`,
        },
      };
    }
    if (request.method === 'POST' && path === '/v1/accounts') {
      const account = id('acct');
      const metadata = { communityId: form.get('metadata[communityId]') ?? '' };
      this.accounts.set(account, { chargesEnabled: false, metadata });
      return { status: 200, body: this.account(account) };
    }
    const accountPath = /^\/v1\/accounts\/(acct_\w+)$/.exec(path);
    if (request.method === 'GET' && accountPath?.[1] && this.accounts.has(accountPath[1])) {
      return { status: 200, body: this.account(accountPath[1]) };
    }
    if (request.method === 'POST' && path === '/v1/account_links') {
      return {
        status: 200,
        body: {
          object: 'account_link',
          url: `https://connect.stripe.test/setup/${form.get('account') ?? ''}/${++this.counter}`,
          expires_at: Math.floor(Date.now() / 1000) + 300,
        },
      };
    }
    if (request.method === 'POST' && path === '/v1/billing_portal/sessions') {
      const session = id('bps');
      return {
        status: 200,
        body: {
          id: session,
          object: 'billing_portal.session',
          url: `https://billing.stripe.test/${session}`,
        },
      };
    }
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: `stub has no ${request.method} ${path}` } },
    };
  }
}
