/**
 * Reads the text back from an uncompressed pdfkit PDF, for tests only (no PDF parser is installed). It follows
 * what pdfkit writes: Type0 fonts with Identity-H 2-byte codes and a ToUnicode CMap made of `bfrange` arrays,
 * standard fonts with single-byte codes, and text shown with `Tj`/`TJ` after `/Fn size Tf`.
 */
export function extractPdfText(bytes: Uint8Array): string {
  const pdf = Buffer.from(bytes).toString('latin1');
  const objects = new Map<string, string>();
  for (const match of pdf.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g))
    objects.set(match[1] as string, match[2] as string);

  const fontObjectOfName = new Map<string, string>();
  for (const body of objects.values()) {
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(body);
    if (!fontDict) continue;
    for (const ref of (fontDict[1] as string).matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      fontObjectOfName.set(ref[1] as string, ref[2] as string);
    }
  }
  const unicodeOfFont = new Map<string, Map<number, string> | undefined>();
  for (const [name, id] of fontObjectOfName) {
    const toUnicode = /\/ToUnicode\s+(\d+) 0 R/.exec(objects.get(id) ?? '');
    unicodeOfFont.set(name, toUnicode ? parseCmap(objects.get(toUnicode[1] as string) ?? '') : undefined);
  }

  const texts: string[] = [];
  for (const body of objects.values()) {
    const stream = /stream\r?\n([\s\S]*?)endstream/.exec(body)?.[1];
    if (!stream || !/\bTf\b/.test(stream)) continue;
    let font: Map<number, string> | undefined;
    for (const op of stream.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (op[1] !== undefined) {
        font = unicodeOfFont.get(op[1]);
        continue;
      }
      const hexParts =
        op[2] !== undefined
          ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1] as string)
          : [op[3] as string];
      texts.push(hexParts.map((hex) => decode(hex, font)).join(''));
    }
  }
  return texts.join('\n').replace(/\u00a0/g, ' ');
}

function decode(hex: string, unicode: Map<number, string> | undefined): string {
  if (!unicode) {
    let out = '';
    for (let i = 0; i + 1 < hex.length; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
    return out;
  }
  let out = '';
  for (let i = 0; i + 3 < hex.length; i += 4)
    out += unicode.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd';
  return out;
}

function parseCmap(body: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    const start = parseInt(range[1] as string, 16);
    [...(range[3] as string).matchAll(/<([0-9a-fA-F ]+)>/g)].forEach((value, index) => {
      const units = (value[1] as string).split(' ').map((unit) => parseInt(unit, 16));
      map.set(start + index, String.fromCharCode(...units));
    });
  }
  return map;
}
