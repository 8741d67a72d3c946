import { encodeText, writeEdcStandardExport } from '@sdilna/shared/domain-edc';
import {
  DEFAULT_SCENARIO_SEED,
  generateScenarioDays,
  scenarioDefinition,
  scenarioKeyFile,
  scenarioPoints,
  type ScenarioDefinition,
  type ScenarioSite,
} from '@sdilna/shared/util-scenarios';

import type { MailSink } from './mail-sink';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

/** The representative's log-in at the demo's EDC portal stub, and the id EDC gave the Lomnice group there. */
export const DEMO_EDC = { username: 'zastupce@lomnice.demo', password: 'EDC-Lomnice-2026', sseId: 4711 };

const ADMIN = { email: 'spravce@lomnice.demo', password: 'Lomnice-2026', name: 'Správce Lomnice' };
const MEMBER = { email: 'skola@lomnice.demo', password: 'Skola-Lomnice-2026', name: 'ZŠ Lomnice' };
/** The town's accountant: sees the internal recharges of the town's units (issue 18 item 7). */
const ACCOUNTANT = {
  email: 'ucetni@lomnice.demo',
  password: 'Ucetni-Lomnice-2026',
  name: 'Účetní města Lomnice',
};
/** The token in an invitation mail's link. */
const INVITATION_LINK = /\/auth\/invitation\?token=([\w.-]+)/;
/** Twelve complete months ending last month: what an administrator would have imported by now. */
const FIRST_MONTH = '2025-11';
const MONTHS = Number(process.env['SDILNA_DEMO_MONTHS'] ?? 12); // tests seed fewer months to stay quick

/** Which member owns a Lomnice site: the town, except the school and kindergarten, which are its units. */
const UNIT_OF_SITE: Readonly<Record<string, string>> = {
  'primary school (ZŠ)': 'Základní škola Lomnice nad Lužnicí',
  kindergarten: 'Mateřská škola Lomnice nad Lužnicí',
};

/** What documents print of the units (fictional IČO with valid check digits): an IČO and an address each. */
const UNIT_DETAILS: Readonly<Record<string, { ico: string; address: string }>> = {
  'Základní škola Lomnice nad Lužnicí': {
    ico: '70982147',
    address: 'Školní 231, 378 16 Lomnice nad Lužnicí',
  },
  'Mateřská škola Lomnice nad Lužnicí': {
    ico: '70982155',
    address: 'Nádražní 12, 378 16 Lomnice nad Lužnicí',
  },
};

class DemoApi {
  private token = '';
  constructor(private readonly base: string) {}

  authorise(token: string): void {
    this.token = token;
  }

  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    expected: number[] = [200, 201, 202],
  ): Promise<T> {
    const response = await fetch(`${this.base}/api${path}`, {
      method,
      headers: {
        ...(body instanceof FormData ? {} : { 'content-type': 'application/json' }),
        ...(this.token === '' ? {} : { authorization: `Bearer ${this.token}` }),
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status))
      throw new DemoSeedError(`${method} ${path} answered ${response.status}: ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async tryLogin(email: string, password: string): Promise<string | undefined> {
    const response = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) return undefined;
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
}

export class DemoSeedError extends Error {}

function monthRange(index: number): { from: string; to: string; label: string } {
  const [year, month] = FIRST_MONTH.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 1 + index, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  const iso = (date: Date): string => date.toISOString().slice(0, 10);
  return { from: iso(first), to: iso(last), label: iso(first).slice(0, 7) };
}

async function exportFor(definition: ScenarioDefinition, from: string, to: string): Promise<Blob> {
  const days = generateScenarioDays(definition, { from, to, seed: DEFAULT_SCENARIO_SEED });
  const parts: Uint8Array[] = [];
  for await (const chunk of encodeText(writeEdcStandardExport(scenarioPoints(definition), days)))
    parts.push(chunk);
  const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return new Blob([bytes], { type: 'text/csv' });
}

async function registerLomnice(
  api: DemoApi,
  communityId: string,
  definition: ScenarioDefinition,
  validFrom: string,
): Promise<void> {
  const base = `/communities/${communityId}`;
  const town = await api.call<{ id: string }>('POST', `${base}/members`, {
    name: 'Město Lomnice nad Lužnicí',
    kind: 'municipality',
    ico: '00247766',
    dic: 'CZ00247766',
    email: 'mesto@lomnice.demo',
    address: 'Náměstí 9, 378 16 Lomnice nad Lužnicí',
    vatStatus: 'payer',
    // the community self-bills the town's plants (§ 28 odst. 3 ZDPH)
    selfBillingAgreedOn: validFrom,
    joinedOn: validFrom,
  });
  const units = new Map<string, string>();
  for (const unitName of Object.values(UNIT_OF_SITE)) {
    const unit = await api.call<{ id: string }>('POST', `${base}/members`, {
      name: unitName,
      kind: 'municipal-unit',
      parentMemberId: town.id,
      ...UNIT_DETAILS[unitName],
      email: unitName.startsWith('Základní') ? MEMBER.email : undefined,
      joinedOn: validFrom,
    });
    units.set(unitName, unit.id);
  }
  const ownerOf = (site: ScenarioSite): string => {
    const unit = UNIT_OF_SITE[site.label];
    return unit === undefined ? town.id : (units.get(unit) ?? town.id);
  };
  for (const site of definition.sites) {
    if (site.producerEan !== undefined) {
      const point = await api.call<{ id: string }>('POST', `${base}/metering-points`, {
        ean: site.producerEan,
        role: 'production',
        memberId: ownerOf(site),
        validFrom,
        label: `${site.label} – výroba`,
      });
      // Lomnice energy plan: the town sells its surplus to the trader at 2.00 Kč/kWh.
      await api.call('POST', `${base}/metering-points/${point.id}/prices`, {
        kind: 'feed-in',
        pricePerKwh: '2.00',
        validFrom,
      });
      const kind = site.generation?.kind === 'chp' ? 'chp' : 'pv';
      await api.call('POST', `${base}/sources`, {
        name: site.label,
        kind,
        installedKw: kind === 'chp' ? 30 : Math.round((site.generation?.annualKwh ?? 0) / 950),
        meteringPointId: point.id,
      });
    }
    if (site.consumerEan !== undefined) {
      const point = await api.call<{ id: string }>('POST', `${base}/metering-points`, {
        ean: site.consumerEan,
        role: 'consumption',
        memberId: ownerOf(site),
        validFrom,
        label: `${site.label} – odběr`,
      });
      // …and buys from its supplier at 6.50 Kč/kWh, which is what sharing saves against.
      await api.call('POST', `${base}/metering-points/${point.id}/prices`, {
        kind: 'supplier-energy',
        pricePerKwh: '6.50',
        validFrom,
      });
    }
  }
  const key = scenarioKeyFile(definition);
  // A static-iterative key is what a group that asked EDC for iteration registers; record the request first.
  if (key.method === 'static-iterative') {
    const [group] = await api.call<Array<{ id: string }>>('GET', `${base}/sharing-groups`);
    if (group === undefined) throw new DemoSeedError('the demo community has no sharing group');
    await api.call('PUT', `${base}/sharing-groups/${group.id}/iteration`, { requested: true, validFrom });
  }
  await api.call('POST', `${base}/allocation-keys`, { ...key, validFrom });
}

async function waitForImport(api: DemoApi, communityId: string, importId: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const state = await api.call<{ status: string; error?: unknown }>(
      'GET',
      `/communities/${communityId}/imports/${importId}`,
    );
    if (state.status === 'done') return;
    if (state.status === 'failed')
      throw new DemoSeedError(`import ${importId} failed: ${JSON.stringify(state.error)}`);
    await new Promise((wait) => setTimeout(wait, 250));
  }
  throw new DemoSeedError(`import ${importId} did not finish`);
}

/**
 * Fills the demo through the public API, as a newcomer would: signs up the Lomnice community (scenarios.md A),
 * registers its buildings and key, imports a year of generated EDC exports through the real pipeline, and
 * invites the school as a member. Idempotent: a second run logs in and finds everything in place.
 */
export async function seedDemo(
  apiUrl: string,
  mail: MailSink,
  say: (line: string) => void,
): Promise<DemoLogin[]> {
  const api = new DemoApi(apiUrl);
  const definition = scenarioDefinition({ name: 'lomnice', seed: DEFAULT_SCENARIO_SEED });
  const validFrom = monthRange(0).from;

  // Each stage checks what is already there, so an interrupted seed resumes instead of starting over.
  let communityId: string;
  const token = await api.tryLogin(ADMIN.email, ADMIN.password);
  if (token === undefined) {
    const signup = await api.call<{ accessToken: string; community: { id: string } }>(
      'POST',
      '/auth/signup',
      {
        email: ADMIN.email,
        password: ADMIN.password,
        name: ADMIN.name,
        community: {
          name: 'Lomnice nad Lužnicí – obecní budovy',
          type: definition.communityType,
          // fictional IČO and seat: the community is the buyer on the town's self-billed invoices
          ico: '12345679',
          address: 'Náměstí 9, 378 16 Lomnice nad Lužnicí',
        },
      },
    );
    api.authorise(signup.accessToken);
    communityId = signup.community.id;
  } else {
    api.authorise(token);
    const communities = await api.call<Array<{ id: string }>>('GET', '/communities');
    if (communities[0] === undefined) throw new DemoSeedError('the demo administrator has no community');
    communityId = communities[0].id;
  }
  const base = `/communities/${communityId}`;

  const members = await api.call<{ items: unknown[] }>('GET', `${base}/members?limit=1`);
  if (members.items.length === 0) {
    await registerLomnice(api, communityId, definition, validFrom);
    say(`registered ${definition.sites.length} Lomnice buildings and their allocation key`);
  }

  const imports = await api.call<Array<{ status: string; fileName: string | null }>>(
    'GET',
    `${base}/imports`,
  );
  // Only the seed's own uploads count here; the connector's files have names of their own.
  const done = imports.filter(
    (batch) => batch.status === 'done' && (batch.fileName ?? '').startsWith('lomnice-'),
  ).length;
  for (let index = done; index < MONTHS; index++) {
    const month = monthRange(index);
    const form = new FormData();
    form.append('file', await exportFor(definition, month.from, month.to), `lomnice-${month.label}.csv`);
    const queued = await api.call<{ id: string }>('POST', `${base}/imports`, form);
    await waitForImport(api, communityId, queued.id);
    say(`imported EDC data for ${month.label}`);
  }

  await settleLastMonth(api, communityId, validFrom, say);
  await connectEdcPortal(api, communityId, monthRange(MONTHS - 1).to, say);

  const logins: DemoLogin[] = [{ role: 'administrator', email: ADMIN.email, password: ADMIN.password }];
  if ((await api.tryLogin(MEMBER.email, MEMBER.password)) === undefined) {
    await api.call('POST', `${base}/invitations`, {
      email: MEMBER.email,
      role: 'member',
      memberId: await schoolId(api, communityId),
    });
    const invitation = await mail.waitFor(MEMBER.email, INVITATION_LINK);
    await new DemoApi(apiUrl).call('POST', '/auth/invitations/accept', {
      token: invitation,
      password: MEMBER.password,
      name: MEMBER.name,
    });
  }
  logins.push({ role: 'member, primary school', email: MEMBER.email, password: MEMBER.password });
  if ((await api.tryLogin(ACCOUNTANT.email, ACCOUNTANT.password)) === undefined) {
    await api.call('POST', `${base}/invitations`, {
      email: ACCOUNTANT.email,
      role: 'municipality-accountant',
      memberId: await townId(api, communityId),
    });
    const invitation = await mail.waitFor(ACCOUNTANT.email, INVITATION_LINK);
    await new DemoApi(apiUrl).call('POST', '/auth/invitations/accept', {
      token: invitation,
      password: ACCOUNTANT.password,
      name: ACCOUNTANT.name,
    });
  }
  logins.push({
    role: 'accountant, the town',
    email: ACCOUNTANT.email,
    password: ACCOUNTANT.password,
  });
  return logins;
}

async function townId(api: DemoApi, communityId: string): Promise<string> {
  const page = await api.call<{ items: Array<{ id: string; kind: string }> }>(
    'GET',
    `/communities/${communityId}/members?limit=100`,
  );
  const town = page.items.find((member) => member.kind === 'municipality');
  if (town === undefined) throw new DemoSeedError('the town member is missing');
  return town.id;
}

/** Settles the newest imported month at the plan's 3.00 Kč/kWh, so members see savings and documents. */
async function settleLastMonth(
  api: DemoApi,
  communityId: string,
  validFrom: string,
  say: (line: string) => void,
): Promise<void> {
  const base = `/communities/${communityId}`;
  const runs = await api.call<unknown[]>('GET', `${base}/settlements`);
  if (runs.length > 0) return;
  await api.call('PUT', `${base}/settlement-settings`, {
    mode: 'community-clearing',
    czechAccount: '19-2000145399/0800',
    dueDays: 14,
  });
  await api.call('POST', `${base}/price-lists`, {
    name: 'Ceník energetického plánu',
    validFrom,
    pricePerKwh: '3.00',
    vatRatePercent: 21,
  });
  const period = monthRange(MONTHS - 1).label;
  const run = await api.call<{ id: string }>('POST', `${base}/settlements`, { period });
  for (let attempt = 0; attempt < 240; attempt++) {
    const state = await api.call<{ computeStatus: string }>('GET', `${base}/settlements/${run.id}`);
    if (state.computeStatus === 'failed') throw new DemoSeedError(`settling ${period} failed`);
    if (state.computeStatus === 'done') break;
    await new Promise((wait) => setTimeout(wait, 250));
  }
  await api.call('POST', `${base}/settlements/${run.id}/approve`);
  await api.call('POST', `${base}/settlements/${run.id}/finalize`);
  say(`settled ${period} at 3.00 Kč/kWh and issued its documents`);
}

async function schoolId(api: DemoApi, communityId: string): Promise<string> {
  const page = await api.call<{ items: Array<{ id: string; name: string }> }>(
    'GET',
    `/communities/${communityId}/members?limit=100`,
  );
  const school = page.items.find((member) => member.name.startsWith('Základní škola'));
  if (school === undefined) throw new DemoSeedError('the school member is missing');
  return school.id;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Turns on the EDC portal connector as an administrator would (credentials with consent, the group mapped) and
 * fetches the days after the uploaded months, up to yesterday (at most a month), from the demo's EDC portal stub;
 * from then on its nightly run keeps the data current. A second demo run finds it on and leaves it alone.
 */
async function connectEdcPortal(
  api: DemoApi,
  communityId: string,
  lastUploadedDay: string,
  say: (line: string) => void,
): Promise<void> {
  const base = `/communities/${communityId}/edc-connector`;
  const status = await api.call<{ state: string; credentials: unknown }>('GET', base);
  if (status.state === 'unavailable' || status.credentials !== null) return;
  await api.call('PUT', `${base}/credentials`, {
    username: DEMO_EDC.username,
    password: DEMO_EDC.password,
    consent: true,
  });
  const groups = await api.call<Array<{ id: string }>>('GET', `/communities/${communityId}/sharing-groups`);
  await api.call('PUT', `${base}/mapping`, {
    groups: [{ edcGroupId: String(DEMO_EDC.sseId), sharingGroupId: groups[0]?.id }],
  });
  const yesterday = isoDay(new Date(Date.now() - 86_400_000));
  const dayAfterUploads = isoDay(new Date(Date.parse(`${lastUploadedDay}T00:00:00Z`) + 86_400_000));
  const monthAgo = isoDay(new Date(Date.now() - 31 * 86_400_000));
  const from = dayAfterUploads > monthAgo ? dayAfterUploads : monthAgo;
  if (from > yesterday) return;
  await api.call('POST', `${base}/fetch`, { from, to: yesterday });
  for (let attempt = 0; attempt < 600; attempt++) {
    const state = await api.call<{ state: string; progress: unknown; lastError: string | null }>('GET', base);
    if (state.progress === null && state.state !== 'running') {
      if (state.lastError !== null) throw new DemoSeedError(`the EDC connector failed: ${state.lastError}`);
      say(`fetched ${from} – ${yesterday} from the EDC portal (local stub) through the connector`);
      return;
    }
    await new Promise((wait) => setTimeout(wait, 500));
  }
  throw new DemoSeedError('the EDC connector did not finish its first fetch');
}
