import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cs, en } from '@sdilna/portal/util-i18n/messages';

import { axeViolations } from './axe';
import { launchChromium } from './browser';
import { signUp, type TestCommunity } from './factories';
import { invitedMember, signInThroughPortal } from './portal-community';
import { type PortalServer, startPortalServer } from './portal-server';
import {
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  type SettlementPoint,
  settleDraft,
} from './settlement-community';

/**
 * Issue 18, "Done when": every route of the portal in both languages, walked as a person would (from the start
 * pages of each kind of visitor through every link they can follow), fails on an untranslated key, an unfilled
 * placeholder or a text in the other language. The data people typed (names, labels) are theirs and exempt; a long
 * sentence the API wrote in one language is not.
 */
type Language = 'cs' | 'en';
const LANGUAGES: readonly Language[] = ['cs', 'en'];
const DICTIONARIES: Readonly<Record<Language, Readonly<Record<string, string>>>> = { cs, en };
/** Letters only Czech has among the two languages (á, é, í, ó, ú, ý also appear in names of either). */
const CZECH_ONLY = /[ěščřžťďňůĚŠČŘŽŤĎŇŮ]/;
const ENGLISH_WORDS = new Set(
  'the and of is are not for with this has have from your you been was were will which there here what when than'.split(
    ' ',
  ),
);
/**
 * Czech words an English page rightly shows: the language's own name in the language switch, and the Czech
 * identifiers a company and a VAT payer are known by (written beside their English name).
 */
const NAMES_IN_CZECH = ['Čeština', 'IČO', 'DIČ'];
/** Strings of the API's answers of at most this many words count as data people entered (names, labels). */
const DATA_MAX_WORDS = 8; // an address people typed ("Hlavní 1, 378 16 Lomnice nad Lužnicí") is data too
/** A safety stop for a walk gone astray; reaching it fails the test, so no page is skipped silently. */
const PAGES_PER_VISITOR = 80;

interface Problem {
  readonly page: string;
  readonly text: string;
  readonly why: string;
}

export type Visitor = 'anonymous' | 'admin' | 'member' | 'accountant';

/**
 * The walk for some kinds of visitor: the spec files split them (route-walk-*.e2e-spec.ts) so the e2e tier's two
 * workers can walk in parallel; each file builds the same community.
 */
export function describeRouteWalk(visitors: readonly Visitor[]): void {
  describe(`every route of the portal, in both languages (${visitors.join(', ')})`, () => {
    let server: PortalServer;
    let browser: Browser;
    let community: TestCommunity;
    let jana: SettlementPoint;
    const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();
    const starts = new Map<string, string[]>();

    beforeAll(async () => {
      server = await startPortalServer();
      browser = await launchChromium();
      community = await signUp(server.app, 'energy-community', 'Lomnice');
      const producer = await memberWithPoint(server.app, community, 'production', {
        name: 'Obec Lomnice',
        kind: 'municipality',
        pointLabel: 'FVE škola',
      });
      jana = await memberWithPoint(server.app, community, 'consumption', {
        name: 'Jana Nováková',
        pointLabel: 'Byt 12',
      });
      const key = keyOf([{ producer, consumer: jana, percent: 60 }]);
      const csv = await exportWith([producer, jana], key, '2026-06-01', '2026-06-30', (point, _d, i) =>
        point.role === 'production' ? (i >= 40 && i < 60 ? 200 : 0) : 50,
      );
      await importMonth(server.app, community, key, csv);
      await postPriceList(server.app, community, { pricePerKwh: '3.00' });
      const draft = await settleDraft(server.app, community, '2026-06');
      expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');

      const member = await invitedMember(server.app, server.mail, community, jana.memberId);
      const accountant = await invitedMember(
        server.app,
        server.mail,
        community,
        producer.memberId,
        'municipality-accountant',
      );
      const admin = `/admin/${community.communityId}`;
      for (const [visitor, login, start] of [
        ['admin', { email: community.adminEmail, password: community.adminPassword }, `${admin}/dashboard`],
        ['member', member, `/member/${community.communityId}/${jana.memberId}/dashboard`],
        ['accountant', accountant, `/municipality/${community.communityId}/${producer.memberId}`],
      ] as const) {
        const context = await browser.newContext();
        await signInThroughPortal(await context.newPage(), server.url, login.email, login.password);
        sessions.set(visitor, await context.storageState());
        starts.set(visitor, [start]);
        await context.close();
      }
      starts.set('anonymous', [
        '/',
        '/auth/login',
        '/auth/signup',
        '/auth/password-reset',
        '/auth/invitation',
        '/auth/password-reset/confirm',
        '/no-such-page',
      ]);
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    for (const visitor of visitors) {
      for (const language of LANGUAGES) {
        // axe once per page kind: in Czech, the portal's default language (the markup is the same in both)
        const accessibility = language === 'cs' ? ', and axe finds no WCAG 2 A/AA violation' : '';
        it(`${visitor}, ${language}: no untranslated key, no placeholder, no text in the other language${accessibility}`, async () => {
          const context = await browser.newContext({
            locale: language === 'cs' ? 'cs-CZ' : 'en-GB',
            storageState: sessions.get(visitor),
          });
          await context.addInitScript((lang) => localStorage.setItem('sdilna.language', lang), language);
          const page = await context.newPage();
          const data = collectApiStrings(page);
          const visited = await walk(page, server.url, starts.get(visitor) ?? [], async (path) => [
            ...(await problemsOf(page, path, language, data)),
            ...(accessibility === ''
              ? []
              : (await axeViolations(page)).map((violation) => ({
                  page: path,
                  text: violation,
                  why: 'axe',
                }))),
          ]);
          await context.close();
          // the walk reached more than its start pages (it can fail: a dead menu would leave it at the start)
          expect(visited.pages.length, visited.pages.join('\n')).toBeGreaterThan(
            visitor === 'anonymous' ? 5 : visitor === 'admin' ? 15 : visitor === 'member' ? 3 : 1,
          );
          expect(
            visited.problems.map(({ page, text, why }) => `${why}: "${text}" on ${patternOf(page)}`),
          ).toEqual([]);
        });
      }
    }
  });
}

/** Every string of the API's JSON answers that is short enough to be something a person entered. */
function collectApiStrings(page: Page): Set<string> {
  const strings = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === 'string') {
      const text = value.trim();
      if (text !== '' && text.split(/\s+/).length <= DATA_MAX_WORDS) strings.add(text);
    } else if (Array.isArray(value)) value.forEach(add);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(add);
  };
  page.on('response', (response) => {
    if (!response.url().includes('/api/')) return;
    if (!(response.headers()['content-type'] ?? '').includes('json')) return;
    response.json().then(add, () => undefined);
  });
  return strings;
}

/** A route's pattern: ids and EANs made placeholders, so each page kind is visited once. */
function patternOf(path: string): string {
  return path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
    .replace(/\b\d{18}\b/g, ':ean')
    .replace(/\b\d{4}-\d{2}(-\d{2})?\b/g, ':date');
}

/** Breadth-first through the portal's own links from `starts`; `check` judges each page once it has settled. */
async function walk(
  page: Page,
  base: string,
  starts: readonly string[],
  check: (path: string) => Promise<Problem[]>,
): Promise<{ pages: string[]; problems: Problem[] }> {
  const queue = [...starts];
  const seen = new Set(starts.map(patternOf));
  const pages: string[] = [];
  const problems: Problem[] = [];
  while (queue.length > 0 && pages.length < PAGES_PER_VISITOR) {
    const path = queue.shift() as string;
    await page.goto(`${base}${path}`);
    await page.waitForLoadState('networkidle');
    const landed = new URL(page.url()).pathname;
    pages.push(path === landed ? path : `${path} → ${landed}`);
    problems.push(...(await check(landed)));
    const links = await page.evaluate(() =>
      Array.from(document.querySelectorAll('a[href]')).map((a) => (a as HTMLAnchorElement).href),
    );
    for (const link of links) {
      const url = new URL(link);
      if (url.origin !== new URL(base).origin || url.pathname.startsWith('/api/')) continue;
      const next = `${url.pathname}${url.search}`;
      const pattern = patternOf(url.pathname);
      if (seen.has(pattern)) continue;
      seen.add(pattern);
      queue.push(next);
    }
  }
  if (queue.length > 0)
    problems.push({
      page: queue[0] as string,
      text: '',
      why: `the walk stopped at ${PAGES_PER_VISITOR} pages`,
    });
  return { pages, problems };
}

/** What a person reads on the page (text, labels, titles, placeholders), judged for the UI's language. */
async function problemsOf(
  page: Page,
  path: string,
  language: Language,
  data: ReadonlySet<string>,
): Promise<Problem[]> {
  const texts = await page.evaluate(() => {
    const found: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent === null || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text !== '') found.push(text);
    }
    for (const element of Array.from(
      document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'),
    )) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = element.getAttribute(name)?.trim();
        if (value) found.push(value);
      }
    }
    // the chosen option of a select is read like text
    for (const select of Array.from(document.querySelectorAll('select'))) {
      const chosen = select.selectedOptions[0]?.textContent?.trim();
      if (chosen) found.push(chosen);
    }
    return found;
  });
  const own = DICTIONARIES[language];
  const other = DICTIONARIES[language === 'cs' ? 'en' : 'cs'];
  const ownValues = new Set(Object.values(own).map((value) => value.trim()));
  const otherOnly = new Set(
    Object.values(other)
      .map((value) => value.trim())
      .filter((value) => value.length >= 6 && !value.includes('{') && !ownValues.has(value)),
  );
  const keys = Object.keys(own);
  const dataByLength = [...data].sort((a, b) => b.length - a.length);
  const problems: Problem[] = [];
  const problem = (text: string, why: string) => problems.push({ page: path, text, why });
  for (const text of new Set(texts)) {
    const key = keys.find((candidate) => new RegExp(`(^|[^\\w.])${escape(candidate)}($|[^\\w.])`).test(text));
    if (key !== undefined) problem(text, `untranslated key ${key}`);
    if (/\{[a-zA-Z]+\}/.test(text)) problem(text, 'unfilled placeholder');
    if (/\b(undefined|null|NaN)\b/.test(text)) problem(text, 'a missing value shown as a word');
    if (otherOnly.has(text))
      problem(text, `a ${language === 'cs' ? 'English' : 'Czech'} message in the ${language} UI`);
    let rest = text;
    for (const entered of [...dataByLength, ...NAMES_IN_CZECH])
      if (rest.includes(entered)) rest = rest.split(entered).join(' ');
    if (language === 'en' && CZECH_ONLY.test(rest)) problem(text, 'Czech text in the English UI');
    if (language === 'cs') {
      const words = rest.toLowerCase().match(/[a-z]+/g) ?? [];
      if (words.filter((word) => ENGLISH_WORDS.has(word)).length >= 2)
        problem(text, 'English text in the Czech UI');
    }
  }
  return problems;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
