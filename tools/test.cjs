// `npm test` entry: plain JavaScript so it can install dependencies on a bare clone before any TypeScript tooling
// exists (as `npm run demo` does), then hands over to tools/test-run/main.ts.
const { existsSync } = require('node:fs');
const { spawnSync, spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (!existsSync(join(root, 'node_modules', '@swc-node', 'register'))) {
  console.log('Installing dependencies (npm ci)…');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const child = spawn(
  process.execPath,
  ['-r', '@swc-node/register', join('tools', 'test-run', 'main.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.on('SIGINT', () => child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
