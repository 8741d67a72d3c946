import { accessSync, constants } from 'node:fs';

/** Where a Chromium may live: the variable first, then Debian's and other distributions' packages. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser the browser tests drive; never a downloaded one (the machines reach no browser download). */
export function findChromium(given: string | undefined): { path: string } | { problem: string } {
  if (given !== undefined && given !== '') {
    return executable(given)
      ? { path: given }
      : { problem: `CHROMIUM_PATH=${given} is not an executable file` };
  }
  const found = CHROMIUM_CANDIDATES.find(executable);
  if (found !== undefined) return { path: found };
  return {
    problem:
      'npm test needs Chromium for the browser tests: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH',
  };
}
