import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { initialChunks, pagesIn } from './portal-bundle';

/**
 * P7: the portal's production build. Initial JavaScript is `main` and every chunk it imports statically (what the
 * browser must load before the first page renders), each gzipped as a web server would (level 6), in kB of
 * 1 000 bytes. Routes must be lazy: no page component (`sd-…-page`) may sit in the initial chunks.
 */
const TARGET_KB = 350;
const root = join(__dirname, '..');
const browserDir = join(root, 'dist', 'apps', 'portal', 'browser');

function main(): void {
  const build = spawnSync('npx', ['nx', 'run', 'portal:build:production', '--skip-nx-cache'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`portal build failed:\n${build.stdout}\n${build.stderr}`);
  const files = new Map(
    readdirSync(browserDir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => [name, readFileSync(join(browserDir, name), 'utf8')] as const),
  );
  const entry = [...files.keys()].find((name) => /^main-[A-Z0-9]+\.js$/.test(name));
  if (entry === undefined) throw new Error(`no main-*.js in ${browserDir}`);
  const initial = initialChunks(files, entry);
  const gzipBytes = initial.reduce(
    (sum, chunk) => sum + gzipSync(files.get(chunk) as string, { level: 6 }).length,
    0,
  );
  const rawBytes = initial.reduce((sum, chunk) => sum + Buffer.byteLength(files.get(chunk) as string), 0);
  const kb = gzipBytes / 1000;
  console.log(
    `P7 portal-initial-js-gzip: ${kb.toFixed(1)} kB (baseline: target ${TARGET_KB} kB, ratio: ${(kb / TARGET_KB).toFixed(2)}x)`,
  );
  const lazy = [...files.keys()].filter((name) => !initial.includes(name));
  const eagerPages = pagesIn(files, initial);
  const lazyPages = pagesIn(files, lazy);
  console.log(
    `# initial: ${initial.length} chunks, ${(rawBytes / 1000).toFixed(1)} kB before gzip; lazy: ${lazy.length} chunks with ${lazyPages.length} pages; pages in the initial chunks: ${eagerPages.length === 0 ? 'none' : eagerPages.join(', ')}`,
  );
  if (eagerPages.length > 0) process.exitCode = 1;
}

main();
