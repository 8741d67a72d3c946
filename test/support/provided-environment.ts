import { inject } from 'vitest';

import type { TestEnvironment } from './test-environment';

// Test workers start before the global setup's process.env changes can reach them in every pool, so the
// connection settings are handed over explicitly: those of this worker's slot where the tier has one database
// per slot (global-database.ts), else the run's one database.
const slots = JSON.parse(inject('TEST_SLOT_ENVIRONMENTS')) as TestEnvironment[];
const slot = Number(process.env['VITEST_POOL_ID'] ?? '1');
const chosen = slots[(slot - 1) % slots.length] ?? slots[0];
if (chosen === undefined) throw new Error('the global setup provided no test database');
for (const [key, value] of Object.entries(chosen)) process.env[key] = value;
