// The registry this project installs from serves only the platform packages of its own machines (linux),
// so npm leaves the other platforms' optional binaries out of package-lock.json while their parents still
// list them, and `npm ci` then refuses the lock as out of sync. This drops those dangling optional names.
// Run after every `npm install` that changes the lock: `node tools/prune-lockfile.cjs`.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const path = join(process.argv[2] ?? join(__dirname, '..'), 'package-lock.json');
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

function resolves(fromPath, name) {
  // Node resolution inside the lock: walk up the nested node_modules folders.
  let base = fromPath;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return true;
    if (base === '') return false;
    const index = base.lastIndexOf('/node_modules/');
    base = index === -1 ? '' : base.slice(0, index);
  }
}

let pruned = 0;
for (const [packagePath, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies;
  if (optional === undefined) continue;
  for (const name of Object.keys(optional)) {
    if (!resolves(packagePath, name)) {
      delete optional[name];
      pruned++;
    }
  }
  if (Object.keys(optional).length === 0) delete entry.optionalDependencies;
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: pruned ${pruned} optional dependencies that the registry does not serve`);
