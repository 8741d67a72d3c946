// `npm run demo` entry (see run-typescript.cjs for why it is plain JavaScript).
const { join } = require('node:path');
const { runTypeScript } = require('./run-typescript.cjs');

runTypeScript(join('tools', 'demo', 'main.ts'));
