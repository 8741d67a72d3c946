import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import * as contract from './index';

/**
 * The portal imports the API's words and shapes from this library: it may give them its own names with
 * `export type { MemberResponse as Member } from '@sdilna/shared/util-api-contract'`, but it declares none of
 * them again, and writes none of the contract's word lists out as a union of string literals.
 */
const root = join(__dirname, '../../../..');
const portalRoots = ['libs/portal', 'apps/portal/src'].map((dir) => join(root, dir));
const contractDir = __dirname;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const contractNames = new Set(
  tsFiles(contractDir).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^export (?:type|interface|const|function) (\w+)/gm)].map(
      (m) => m[1]!,
    ),
  ),
);

const portalFiles = portalRoots.flatMap((dir) => tsFiles(dir));

/** Names the portal gives contract types (`X as Y` in re-exports from the contract). */
const aliasNames = new Set(
  portalFiles.flatMap((file) =>
    [
      ...readFileSync(file, 'utf8').matchAll(
        /(?:import|export) type \{([^}]*)\} from '@sdilna\/shared\/util-api-contract'/g,
      ),
    ].flatMap((m) => [...m[1]!.matchAll(/\w+ as (\w+)/g)].map((a) => a[1]!)),
  ),
);

const wordLists: [string, readonly string[]][] = Object.entries(contract as Record<string, unknown>).flatMap(
  ([name, value]) =>
    Array.isArray(value) && value.every((word) => typeof word === 'string')
      ? [[name, value as readonly string[]] as [string, readonly string[]]]
      : [],
);

function declarations(source: string): string[] {
  return [
    ...source.matchAll(/^\s*(?:export\s+)?(?:declare\s+)?(?:type|interface|enum|const|class)\s+(\w+)/gm),
  ].map((m) => m[1]!);
}

/** `'a' | 'b' | …` in type positions, as word sets. */
function literalUnions(source: string): string[][] {
  return [...source.matchAll(/'[^'\n]+'(?:\s*\|\s*'[^'\n]+')+/g)].map((m) =>
    [...m[0].matchAll(/'([^'\n]+)'/g)].map((w) => w[1]!),
  );
}

function copiesIn(file: string, text: string): string[] {
  const where = relative(root, file);
  const source = text.replace(/^(?:import|export)\b[^;]*?\bfrom\s*'[^']*';/gms, '');
  const found: string[] = [];
  for (const name of declarations(source)) {
    if (contractNames.has(name) || aliasNames.has(name)) found.push(`${where}: declares ${name}`);
  }
  for (const union of literalUnions(source)) {
    const list = wordLists.find(([, words]) => union.every((word) => words.includes(word)));
    if (list) found.push(`${where}: writes out ${list[0]} as ${union.map((w) => `'${w}'`).join(' | ')}`);
  }
  return found;
}

describe('the portal has no hand-copied API types', () => {
  it('finds the contract names and word lists it checks', () => {
    expect(contractNames.has('MemberKind')).toBe(true);
    expect(contractNames.has('MemberResponse')).toBe(true);
    expect(aliasNames.has('Member')).toBe(true);
    expect(wordLists.map(([name]) => name)).toContain('DOCUMENT_KINDS');
    expect(portalFiles.length).toBeGreaterThan(50);
  });

  it('catches a copy', () => {
    expect(
      copiesIn(join(root, 'libs/portal/x.ts'), "export type MemberKind =\n  'household' | 'sme';\n"),
    ).toHaveLength(2);
    expect(copiesIn(join(root, 'libs/portal/x.ts'), 'interface Member {\n  id: string;\n}\n')).toHaveLength(
      1,
    );
    expect(copiesIn(join(root, 'libs/portal/x.ts'), "function f(format: 'pdf' | 'isdoc') {}\n")).toHaveLength(
      1,
    );
  });

  it('declares none of them in libs/portal or apps/portal', () => {
    const copies = portalFiles.flatMap((file) => copiesIn(file, readFileSync(file, 'utf8')));
    expect(copies).toEqual([]);
  });
});
