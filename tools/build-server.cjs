// Compiles the server side (api, worker, cli, libs, migrations) to plain CommonJS in dist/server with SWC,
// keeping decorator metadata for NestJS and rewriting the tsconfig path aliases into relative requires.
const { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const swc = require('@swc/core');

const root = resolve(__dirname, '..');
const out = join(root, 'dist', 'server');
const sources = [
  'apps/api/src',
  'apps/worker/src',
  'apps/cli/src',
  'libs/shared',
  'libs/api',
  'migrations',
  'tools/migrate.ts',
  'tools/backup',
];
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

function* typescriptFiles(path) {
  const full = join(root, path);
  if (statSync(full).isFile()) return yield full;
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(child);
    else if (/\.ts$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name))
      yield join(root, child);
  }
}

let count = 0;
for (const source of sources) {
  try {
    statSync(join(root, source));
  } catch {
    continue;
  }
  for (const file of typescriptFiles(source)) {
    const { code, map } = swc.transformFileSync(file, {
      swcrc: false,
      sourceMaps: true,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
        baseUrl: root,
        paths: compilerOptions.paths,
      },
      module: { type: 'commonjs' },
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
    count++;
  }
}
console.log(`compiled ${count} files to ${relative(root, out)}`);
