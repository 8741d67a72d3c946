import * as iconv from 'iconv-lite';

/**
 * EDC exports are UTF-8 (maybe with BOM); older ones are windows-1250. Only the header can hold non-ASCII text
 * (data rows are dates, times and numbers), so the encoding is decided on the header bytes.
 */
export type EdcEncoding = 'utf-8' | 'windows-1250';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

export function decodeHeaderLine(bytes: Uint8Array): { text: string; encoding: EdcEncoding } {
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  try {
    return { text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(body, 'win1250'), encoding: 'windows-1250' };
  }
}

/** Latin text of a short ASCII field (dates, times) straight from the bytes, without a decoder round trip. */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  return text;
}
