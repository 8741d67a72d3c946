// `npm run demo` entry: plain JavaScript so it can install dependencies before any TypeScript tooling exists.
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
  ['-r', '@swc-node/register', join('tools', 'demo', 'main.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// Forward stop signals (a terminal's Ctrl-C may deliver twice; the TypeScript side stops only once).
process.on('SIGINT', () => child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
