import { describe, expect, it } from 'vitest';

import { findChromium } from './browser-path';

describe('finding the browser for npm test', () => {
  it('takes CHROMIUM_PATH when it names an executable', () => {
    expect(findChromium(process.execPath)).toEqual({ path: process.execPath });
  });

  it('says in one line what is wrong when CHROMIUM_PATH names no executable', () => {
    const found = findChromium('/no/such/chromium');
    expect(found).toEqual({ problem: 'CHROMIUM_PATH=/no/such/chromium is not an executable file' });
  });
});
