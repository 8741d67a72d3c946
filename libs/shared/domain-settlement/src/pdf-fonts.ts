import { existsSync, readFileSync } from 'node:fs';

/** Regular and bold TrueType fonts with Latin-2 glyphs (ř, ů, ě…), as bytes. */
export interface InvoiceFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

/**
 * Where Debian/Ubuntu (fonts-dejavu-core, fonts-liberation), Alpine (font-dejavu) and Fedora put fonts that
 * cover Czech. A stop-gap: production should ship the font in an npm package (see the library README) so the
 * PDF does not depend on what the machine has installed.
 */
export const MACHINE_FONT_CANDIDATES: readonly { readonly regular: string; readonly bold: string }[] = [
  {
    regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  },
  { regular: '/usr/share/fonts/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf' },
  {
    regular: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
    bold: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf',
  },
  {
    regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  },
];

/** The first candidate pair that exists on this machine, or undefined. */
export function findMachineFonts(
  candidates: readonly { readonly regular: string; readonly bold: string }[] = MACHINE_FONT_CANDIDATES,
): InvoiceFonts | undefined {
  for (const candidate of candidates) {
    if (existsSync(candidate.regular) && existsSync(candidate.bold)) {
      return { regular: readFileSync(candidate.regular), bold: readFileSync(candidate.bold) };
    }
  }
  return undefined;
}
