// Shared by the `npm run demo` and `npm test` entries: plain JavaScript, so that on a bare clone it can install the
// dependencies (npm ci) before any TypeScript tooling exists, then run a TypeScript entry point with swc-node,
// forwarding stop signals and the exit code.
const { existsSync } = require('node:fs');
const { spawnSync, spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');

function runTypeScript(entry) {
  if (!existsSync(join(root, 'node_modules', '@swc-node', 'register'))) {
    console.log('Installing dependencies (npm ci)…');
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (install.status !== 0) process.exit(install.status ?? 1);
  }
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  // A terminal's Ctrl-C may deliver twice; the TypeScript side stops only once.
  process.on('SIGINT', () => child.kill('SIGINT'));
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

module.exports = { runTypeScript };
