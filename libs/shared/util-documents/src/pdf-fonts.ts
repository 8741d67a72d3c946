import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Regular and bold TrueType fonts with Latin-2 glyphs (ř, ů, ě…), as bytes. */
export interface InvoiceFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

/** DejaVu shipped by the `dejavu-fonts-ttf` npm package, so PDFs never depend on the machine's fonts. */
export function packagedFonts(): { readonly regular: string; readonly bold: string } | undefined {
  try {
    // Resolved from the working directory so it works from CommonJS builds and ESM test runs alike.
    const root = dirname(
      createRequire(join(process.cwd(), 'noop.js')).resolve('dejavu-fonts-ttf/package.json'),
    );
    return { regular: join(root, 'ttf', 'DejaVuSans.ttf'), bold: join(root, 'ttf', 'DejaVuSans-Bold.ttf') };
  } catch {
    return undefined;
  }
}

/**
 * Fallbacks where Debian/Ubuntu (fonts-dejavu-core, fonts-liberation), Alpine (font-dejavu) and Fedora put fonts that
 * cover Czech, for deployments that prune the font package.
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

function defaultFontCandidates(): readonly { readonly regular: string; readonly bold: string }[] {
  const packaged = packagedFonts();
  return packaged === undefined ? MACHINE_FONT_CANDIDATES : [packaged, ...MACHINE_FONT_CANDIDATES];
}

/** The first candidate pair that exists on this machine, or undefined. */
export function findMachineFonts(
  candidates: readonly { readonly regular: string; readonly bold: string }[] = defaultFontCandidates(),
): InvoiceFonts | undefined {
  for (const candidate of candidates) {
    if (existsSync(candidate.regular) && existsSync(candidate.bold)) {
      return { regular: readFileSync(candidate.regular), bold: readFileSync(candidate.bold) };
    }
  }
  return undefined;
}
