import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Issue 15: settlement reads the sharing read model (the engine's pair results stored by the recompute) and never
 * runs the allocation engine itself. This walks the value imports (type-only imports load nothing) of every source
 * file of the settlement path, through the tsconfig paths, and fails where one reaches the engine's module.
 */
const ROOT = resolve(__dirname, '../../../..');
const SETTLEMENT_PATH = [
  'libs/api/data-access-settlement/src',
  'libs/api/feature-settlements/src',
  'libs/shared/domain-settlement/src',
];
const ENGINE = join(ROOT, 'libs/shared/domain-allocation/src/allocate.ts');

const config = ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), (path) => ts.sys.readFile(path));
const options = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;

/** The files a source file loads at run time: its value imports and re-exports, resolved. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      if (!onlyTypes) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined) {
      if (statement.isTypeOnly) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers.flatMap((specifier) => {
    const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
    if (resolved === undefined || resolved.isExternalLibraryImport) return [];
    return resolved.resolvedFileName.endsWith('.d.ts') ? [] : [resolve(resolved.resolvedFileName)];
  });
}

/** Every chain of value imports from `starts` to the engine (empty: the engine is never loaded). */
function chainsToEngine(starts: readonly string[]): string[][] {
  const parent = new Map<string, string | null>(starts.map((start) => [start, null]));
  const queue = [...starts];
  const chains: string[][] = [];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (file === ENGINE) {
      const chain: string[] = [];
      for (let at: string | null = file; at !== null; at = parent.get(at) ?? null)
        chain.unshift(relative(ROOT, at));
      chains.push(chain);
      continue;
    }
    for (const next of valueImports(file)) {
      if (parent.has(next)) continue;
      parent.set(next, file);
      queue.push(next);
    }
  }
  return chains;
}

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

// Parsing every file of three libraries takes seconds on a loaded 2-core machine (7 s seen): not a unit's 5 s.
describe('the settlement path', { timeout: 60_000 }, () => {
  it('never loads the allocation engine', () => {
    const starts = SETTLEMENT_PATH.flatMap((lib) => sources(join(ROOT, lib)));
    expect(starts.length).toBeGreaterThan(20);
    expect(chainsToEngine(starts)).toEqual([]);
  });

  it('is checked by a walk that does find the engine where it is used (the recompute)', () => {
    const recompute = join(ROOT, 'libs/api/feature-sharing/src/jobs/recompute-runner.ts');
    const [chain] = chainsToEngine([recompute]);
    expect(chain?.at(0)).toBe('libs/api/feature-sharing/src/jobs/recompute-runner.ts');
    expect(chain?.at(-1)).toBe('libs/shared/domain-allocation/src/allocate.ts');
    expect(dirname(ENGINE)).toBe(join(ROOT, 'libs/shared/domain-allocation/src'));
  });
});
