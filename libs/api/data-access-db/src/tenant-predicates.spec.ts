import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** The one place besides migrations that may name `community_id` in a WHERE: the cross-tenant system store. */
const SYSTEM_STORE = 'libs/api/data-access-db/src/cross-tenant-store.ts';

/** A hand-written tenant predicate: the tenant column compared with a query parameter, spaced or not. */
const TENANT_PREDICATE = /community_id\s*=\s*\$\d/;

/** The tenant predicate `n` without writing it out, so a plain grep for hand-written predicates skips this file. */
const predicate = (n: number): string => ['community_id', `$${n}`].join(' = ');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    // Specs may check rows as the owner (outside RLS) with a predicate of their own; they are not the store layer.
    return path.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(path) ? [path] : [];
  });
}

function scanned(): string[] {
  const libs = join(ROOT, 'libs', 'api');
  const folders = [
    ...readdirSync(libs)
      .filter((name) => name.startsWith('feature-') || name.startsWith('data-access-'))
      .map((name) => join(libs, name)),
    join(ROOT, 'apps'),
  ];
  return folders.flatMap(sourceFiles).map((path) => relative(ROOT, path).split(sep).join('/'));
}

/** Files that write the tenant into their SQL by hand, with the line numbers. */
export function tenantPredicates(files: readonly string[], read: (file: string) => string): string[] {
  return files.flatMap((file) =>
    read(file)
      .split('\n')
      .flatMap((line, index) => (TENANT_PREDICATE.test(line) ? [`${file}:${index + 1}`] : [])),
  );
}

describe('tenant predicates', () => {
  it('appear in no feature, data-access or app code outside the system store: stores are tenant-bound', () => {
    const files = scanned().filter((file) => file !== SYSTEM_STORE);
    expect(files.length).toBeGreaterThan(100);
    expect(tenantPredicates(files, (file) => readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('are found wherever a query writes one', () => {
    const sources: Record<string, string> = {
      'a.ts': `const sql = \`SELECT 1 FROM members WHERE ${predicate(1)} AND id = $2\`;`,
      'b.ts': `JOIN x ON x.id = k.id WHERE k.${predicate(3).replaceAll(' ', '')}`,
      'c.ts': 'INSERT INTO members (community_id, id) VALUES ($1, $2)',
    };
    expect(tenantPredicates(Object.keys(sources), (file) => sources[file] ?? '')).toEqual([
      'a.ts:1',
      'b.ts:1',
    ]);
  });
});
