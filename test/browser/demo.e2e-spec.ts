import { spawn, type ChildProcess } from 'node:child_process';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from '../support/axe';
import { launchChromium, saveScreenshot } from '../support/browser';
import { freePort } from '../support/free-port';

/** `npm run demo` for real: API, worker and portal as child processes, checked through the browser. */
describe('npm run demo', () => {
  let demo: ChildProcess;
  let browser: Browser;
  let url = '';
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    demo = spawn(process.execPath, ['tools/demo.cjs'], {
      env: { ...process.env, PORT: String(port), NODE_ENV: 'development', SDILNA_DEMO_MONTHS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so the API, worker and services it starts can be stopped with it whatever fails.
      detached: true,
    });
    demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await new Promise<string>((done, fail) => {
      const timer = setInterval(() => {
        const match = /Sdílna is up: (http:\/\/\S+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearInterval(timer);
          done(match[1]);
        }
      }, 200);
      demo.once('exit', (code) => {
        clearInterval(timer);
        fail(new Error(`demo exited early (code ${code ?? '?'}):\n${output}`));
      });
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stopGroup(demo);
  });

  it('serves the portal, whose start page shows the API, database and Redis as healthy', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const status = page.getByTestId('service-status');
    await status.waitFor();
    // the status reads "ověřuji…" until the health check answers
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Vše v provozu');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Sdílení elektřiny');
    await saveScreenshot(page, 'start-page');
  });

  it('starts a worker that connects and names the queues it serves', () => {
    expect(output).toMatch(/serving queues: system/);
  });

  it('seeds the Lomnice community through the import pipeline and the EDC connector and prints logins that work', async () => {
    expect(output).toContain('imported EDC data for 2025-11');
    expect(output).toContain('settled 2025-11 at 3.00 Kč/kWh and issued its documents');
    // …and turns on the EDC portal connector, which fetches the latest days from the demo's local EDC portal stub.
    expect(output).toMatch(/started a local EDC portal stub on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(
      /fetched \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2} from the EDC portal \(local stub\) through the connector/,
    );
    const logins = [...output.matchAll(/demo login \([^)]*\): (\S+) \/ (\S+)/g)];
    expect(logins.map((match) => match[1])).toEqual([
      'spravce@lomnice.demo',
      'skola@lomnice.demo',
      'ucetni@lomnice.demo',
    ]);
    for (const [, email, password] of logins) {
      const response = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(response.status).toBe(200);
    }
  });

  it("settles the demo month so that the run's totals equal its documents' sums by kind to the haléř", async () => {
    const admin = /demo login \(admin[^)]*\): (\S+) \/ (\S+)/.exec(output);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin?.[1], password: admin?.[2] }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, path).toBe(200);
      return (await response.json()) as T;
    };
    const [community] = await get<Array<{ id: string }>>('/communities');
    const base = `/communities/${community?.id}`;
    const runs = await get<
      Array<{ id: string; period: string; status: string; totals: Record<string, string> }>
    >(`${base}/settlements`);
    const run = runs.find((candidate) => candidate.period === '2025-11' && candidate.status === 'final');
    expect(run, 'the demo month is final').toBeDefined();
    const documents = await get<Array<{ kind: string; net: string }>>(`${base}/documents?runId=${run?.id}`);
    const halere = (text: string | undefined) => Math.round(Number(text) * 100);
    const netOf = (kinds: string[]) =>
      documents.filter((d) => kinds.includes(d.kind)).reduce((sum, d) => sum + halere(d.net), 0);
    // consumers pay the community's invoices and the town's internal recharges; producers receive the
    // self-billed documents and the recharges
    expect(netOf(['invoice', 'internal-recharge'])).toBe(halere(run?.totals['consumersPay']));
    expect(netOf(['self-billed-invoice', 'self-billed-credit-note', 'internal-recharge'])).toBe(
      halere(run?.totals['producersReceive']),
    );
  });

  it('lets the printed member log in to an accessible dashboard', async () => {
    const member = /demo login \(member[^)]*\): (\S+) \/ (\S+)/.exec(output);
    const page = await browser.newPage();
    await page.goto(`${url}/auth/login`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(/e-mail/i).fill(member?.[1] ?? '');
    await page.getByLabel(/heslo/i).fill(member?.[2] ?? '');
    await page.getByRole('button', { name: /přihlásit/i }).click();
    await page.waitForURL(/\/member\/.+\/dashboard/);
    await page.getByText('Úspora').waitFor();
    await page.locator('sd-chart').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'demo-member-dashboard');
  });

  it("lets the printed accountant log in to the town's recharges per unit and month, down to a document", async () => {
    const accountant = /demo login \(accountant[^)]*\): (\S+) \/ (\S+)/.exec(output);
    const page = await browser.newPage();
    await page.goto(`${url}/auth/login`);
    await page.getByLabel(/e-mail/i).fill(accountant?.[1] ?? '');
    await page.getByLabel(/heslo/i).fill(accountant?.[2] ?? '');
    await page.getByRole('button', { name: /přihlásit/i }).click();
    await page.waitForURL(/\/municipality\/[\w-]+\/[\w-]+/);
    // The demo settles its one seeded month (SDILNA_DEMO_MONTHS=1): November 2025, the page opens on it.
    const month = page.getByTestId('month-2025-11');
    await month.waitFor();
    expect(await month.getByRole('heading', { level: 2 }).textContent()).toContain('listopad 2025');
    const school = month.locator('tbody tr', { hasText: 'Základní škola' }).first();
    await school.getByTestId('open-documents').click();
    const documents = page.getByTestId('recharge-documents');
    await documents.waitFor();
    expect(await documents.textContent()).toMatch(/PF-\d{4}-\d+/);
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'demo-accountant-recharges');
  });

  it('stops everything it started on Ctrl-C', async () => {
    const exited = new Promise<number | null>((done) => demo.once('exit', (code) => done(code)));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[demo] stopped');
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});

/** Ctrl-C as a user would (the demo stops what it started), then SIGKILL to whatever of the group is left. */
async function stopGroup(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined) return;
  const group = -child.pid;
  const exited =
    child.exitCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(group, 'SIGINT');
  } catch {
    return; // the group is gone already
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  try {
    process.kill(group, 'SIGKILL');
  } catch {
    // nothing left to stop
  }
}
