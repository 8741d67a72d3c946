import { describe, expect, it } from 'vitest';

import { initialChunks, pagesIn, staticImports } from './portal-bundle';

const files = new Map([
  ['main-A.js', 'import{a as b}from"./chunk-1.js";import"./chunk-2.js";const r=()=>import("./chunk-3.js");'],
  ['chunk-1.js', 'import{c}from"./chunk-2.js";var x=1;'],
  ['chunk-2.js', 'var y=2;'],
  ['chunk-3.js', 'import{a}from"./chunk-1.js";p.ɵcmp=q({selectors:[["sd-members-page"]]});'],
]);

describe('portal bundle reading (P7)', () => {
  it('takes static imports, with or without bindings, and leaves dynamic import() out', () => {
    expect(staticImports(files.get('main-A.js') as string).sort()).toEqual(['chunk-1.js', 'chunk-2.js']);
  });

  it('follows static imports from main transitively, each chunk once', () => {
    expect(initialChunks(files, 'main-A.js')).toEqual(['chunk-1.js', 'chunk-2.js', 'main-A.js']);
  });

  it('finds page components by their selector', () => {
    expect(pagesIn(files, ['chunk-3.js'])).toEqual(['sd-members-page']);
    expect(pagesIn(files, initialChunks(files, 'main-A.js'))).toEqual([]);
  });

  it('refuses a build in which an imported chunk is missing', () => {
    expect(() => initialChunks(new Map([['main-A.js', 'import"./gone.js";']]), 'main-A.js')).toThrow(
      /gone\.js is imported but not in the build/,
    );
  });
});
