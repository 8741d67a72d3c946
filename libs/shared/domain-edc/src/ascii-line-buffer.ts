/**
 * A growable ASCII byte buffer for writing exports. A 1 000-point day is ~1 MB of text; building it from
 * millions of small strings keeps the garbage collector busier than the formatting itself, so cells are written
 * as bytes and the day is decoded to one string at the end.
 */
export class AsciiLineBuffer {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private readonly decoder = new TextDecoder('utf-8');

  text(value: string): void {
    this.reserve(value.length);
    for (let i = 0; i < value.length; i++) this.bytes[this.length++] = value.charCodeAt(i) & 0x7f;
  }

  byte(code: number): void {
    this.reserve(1);
    this.bytes[this.length++] = code;
  }

  /** 0.01 kWh as "1,28": `minDecimals` 1 drops a trailing zero ("1,2", "0,0"), 2 keeps it ("1,20"). */
  kwh(value: number, minDecimals: 1 | 2): void {
    this.reserve(24);
    const bytes = this.bytes;
    let magnitude = value;
    if (value < 0) {
      bytes[this.length++] = 45; // '-'
      magnitude = -value;
    }
    let whole = Math.floor(magnitude / 100);
    const fraction = magnitude - whole * 100;
    // integer digits, written backwards then reversed in place
    const start = this.length;
    do {
      const next = Math.floor(whole / 10);
      bytes[this.length++] = 48 + (whole - next * 10);
      whole = next;
    } while (whole > 0);
    for (let a = start, b = this.length - 1; a < b; a++, b--) {
      const t = bytes[a] as number;
      bytes[a] = bytes[b] as number;
      bytes[b] = t;
    }
    bytes[this.length++] = 44; // ','
    const tens = Math.floor(fraction / 10);
    const ones = fraction - tens * 10;
    bytes[this.length++] = 48 + tens;
    if (ones !== 0 || minDecimals === 2) bytes[this.length++] = 48 + ones;
  }

  /** The buffered text, emptying the buffer. */
  take(): string {
    const text = this.decoder.decode(this.bytes.subarray(0, this.length));
    this.length = 0;
    return text;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}
