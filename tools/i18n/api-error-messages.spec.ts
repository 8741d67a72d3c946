import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

/**
 * Every error code the API answers with has a message in both portal languages: without one the Czech portal
 * showed the API's English sentence behind "the request failed". Read as text (the API and the portal are
 * separate scopes): the codes from each module's `… satisfies ErrorStatuses` table, the texts from the message
 * files.
 */
const ROOT = resolve(__dirname, '../..');

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(path) ? [path] : [];
  });
}

function apiErrorCodes(): string[] {
  const codes = new Set<string>();
  for (const file of sources(join(ROOT, 'libs/api'))) {
    const text = readFileSync(file, 'utf8');
    for (const table of text.matchAll(/=\s*\{([^=]*?)\}\s*as const satisfies ErrorStatuses/gs)) {
      for (const code of (table[1] ?? '').matchAll(/'([A-Z][A-Z0-9_]+)'/g)) codes.add(code[1] as string);
    }
  }
  return [...codes].sort();
}

function messageKeys(language: 'cs' | 'en'): Set<string> {
  const text = readFileSync(join(ROOT, `libs/portal/util-i18n/src/messages-${language}.ts`), 'utf8');
  return new Set([...text.matchAll(/^\s*'(error\.[A-Za-z0-9_]+)'\s*:/gm)].map((match) => match[1] as string));
}

describe('messages of the API error codes', () => {
  const codes = apiErrorCodes();

  it('finds the error tables of the API modules', () => {
    expect(codes.length).toBeGreaterThan(100);
    expect(codes).toContain('MEMBER_NOT_FOUND');
  });

  for (const language of ['cs', 'en'] as const) {
    it(`has a text for every code in ${language}`, () => {
      const keys = messageKeys(language);
      expect(codes.filter((code) => !keys.has(`error.${code}`))).toEqual([]);
    });
  }
});
