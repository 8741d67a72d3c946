// `npm run bench`: runs every bench/*.bench.ts in its own process, one after another, so figures do not
// disturb each other. Benchmarks print `name: value unit (baseline: …, ratio: x)` lines; they never fail on time.
const { readdirSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

// `--scale` runs the country-scale benchmarks (`bench/*.scale.ts`, tens of minutes) instead of the others.
const root = join(__dirname, '..');
const scale = process.argv.includes('--scale');
const only = process.argv.slice(2).find((arg) => arg !== '--scale');
const files = readdirSync(join(root, 'bench'))
  .filter((name) => name.endsWith(scale ? '.scale.ts' : '.bench.ts'))
  .filter((name) => only === undefined || name.includes(only))
  .sort();
if (files.length === 0) console.log('no benchmarks found in bench/');
let failed = 0;
for (const file of files) {
  console.log(`\n# ${file}`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '-r', '@swc-node/register', join('bench', file)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
