/**
 * One day of one series: `values[i]` is meaningful where `present[i] === 1` (and 0 elsewhere). This is the
 * in-memory form of a `readings` row.
 */
export interface PackedDay {
  readonly values: Int32Array;
  readonly present: Uint8Array;
}

/**
 * The legacy stored form's "no value" (migration 1795700000000: little-endian int32, 4 bytes per value): no
 * 15-minute energy comes near it (−21 GWh). Still refused as a value, so every stored day can be written back in
 * the legacy form (the down migration of 1796720000000).
 */
export const EMPTY_CELL = -2147483648;

/**
 * The stored form since migration 1796720000000 (`readings.vals`, `pair_readings.vals`), one frame per day:
 *
 *     0x02 | varint count | varint body length | body
 *
 * The body is a sequence of unsigned LEB128 varints ("tokens") that walk the day's values in order, each value
 * a delta from the previous present value (0 before the first):
 * - `t % 2 === 0`: one present value, delta = zigzag⁻¹(t / 2) (never 0: a repeat is a run);
 * - `t % 4 === 1`: (t − 1) / 4 + 1 present values equal to the previous one (delta 0);
 * - `t % 4 === 3`: (t − 3) / 4 + 1 empty cells (no value; the previous value is kept for the next delta).
 * Metering data (0.01 kWh per quarter hour) moves by a few dozen between neighbours and is flat at night: one
 * or two bytes a value, less for runs. Frames are self-delimiting, so days concatenated by Postgres
 * (`string_agg`) are read back without knowing their lengths. The version byte keeps room for another form.
 */
export const PACKED_DAY_VERSION = 2;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function emptyPackedDay(intervalCount: number): PackedDay {
  return { values: new Int32Array(intervalCount), present: new Uint8Array(intervalCount) };
}

/** Sum and count of the present values (the row's `total` and `present` columns). */
export function totalsOf(day: PackedDay): { total: number; present: number } {
  let total = 0;
  let present = 0;
  for (let i = 0; i < day.values.length; i++) {
    if (day.present[i] === 1) {
      total += day.values[i] as number;
      present++;
    }
  }
  return { total, present };
}

/** The largest body: 100 values of 5-byte tokens. */
const MAX_BODY = 500;
const scratch = new Uint8Array(MAX_BODY + 16);

/** Frames made by `encodedLength`, kept until `encodePackedDay` copies them (the stores size a batch first). */
const framed = new WeakMap<PackedDay, Uint8Array>();

function pushToken(token: number, target: Uint8Array, at: number): number {
  if (token < 128) {
    target[at] = token;
    return at + 1;
  }
  return writeVarint(token, target, at);
}

/** Writes a day's body (the tokens) into `target` at `at`; returns where it ends. */
function encodeBody(day: PackedDay, target: Uint8Array, at: number): number {
  const { values, present } = day;
  let previous = 0;
  let repeats = 0;
  let empties = 0;
  for (let i = 0; i < values.length; i++) {
    if (present[i] !== 1) {
      if (repeats > 0) {
        at = pushToken(4 * (repeats - 1) + 1, target, at);
        repeats = 0;
      }
      empties++;
      continue;
    }
    const value = values[i] as number;
    if (value === EMPTY_CELL) throw new RangeError(`${value} cannot be stored: it marks an empty cell`);
    if (empties > 0) {
      at = pushToken(4 * (empties - 1) + 3, target, at);
      empties = 0;
    }
    const delta = value - previous;
    if (delta === 0) {
      repeats++;
      continue;
    }
    if (repeats > 0) {
      at = pushToken(4 * (repeats - 1) + 1, target, at);
      repeats = 0;
    }
    // zigzag without 32-bit operators: a delta of two int32 needs 33 bits
    at = pushToken(2 * (delta >= 0 ? 2 * delta : -2 * delta - 1), target, at);
    previous = value;
  }
  if (repeats > 0) at = pushToken(4 * (repeats - 1) + 1, target, at);
  if (empties > 0) at = pushToken(4 * (empties - 1) + 3, target, at);
  return at;
}

function varintLength(value: number): number {
  let length = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

function writeVarint(value: number, target: Uint8Array, offset: number): number {
  while (value >= 128) {
    target[offset++] = (value % 128) | 128;
    value = Math.floor(value / 128);
  }
  target[offset++] = value;
  return offset;
}

/** The frame of a day, in a new array. */
function frameOf(day: PackedDay): Uint8Array {
  if (day.values.length > 100) throw new RangeError(`a day has at most 100 values, got ${day.values.length}`);
  const body = encodeBody(day, scratch, 0);
  const header = 1 + varintLength(day.values.length) + varintLength(body);
  const frame = new Uint8Array(header + body);
  frame[0] = PACKED_DAY_VERSION;
  writeVarint(body, frame, writeVarint(day.values.length, frame, 1));
  frame.set(scratch.subarray(0, body), header);
  return frame;
}

/** Bytes of a day in `readings.vals` (the frame); the frame is kept for `encodePackedDay`. */
export function encodedLength(day: PackedDay): number {
  const frame = frameOf(day);
  framed.set(day, frame);
  return frame.length;
}

/** Writes a day's stored form (one frame) into `target` at `offset`; returns the offset after it. */
export function encodePackedDay(day: PackedDay, target: Uint8Array, offset: number): number {
  const frame = framed.get(day) ?? frameOf(day);
  framed.delete(day);
  target.set(frame, offset);
  return offset + frame.length;
}

/** A batch of days as the stores send it: one bytea, with each day's 1-based offset and length, and its totals. */
export interface PackedBatch {
  readonly values: Buffer;
  readonly offsets: number[];
  readonly lengths: number[];
  readonly present: number[];
  readonly totals: number[];
}

/**
 * Encodes each day once into one Buffer that SQL cuts into rows (`substring(values FROM offset FOR length)`): the
 * values of a whole insert travel as one binary parameter, no text per value on either side.
 */
export function packBatch(days: readonly PackedDay[]): PackedBatch {
  const offsets = new Array<number>(days.length);
  const lengths = new Array<number>(days.length);
  let size = 0;
  days.forEach((day, index) => {
    const length = encodedLength(day);
    offsets[index] = size + 1;
    lengths[index] = length;
    size += length;
  });
  const values = Buffer.allocUnsafe(size);
  days.forEach((day, index) => encodePackedDay(day, values, (offsets[index] as number) - 1));
  const sums = days.map(totalsOf);
  return {
    values,
    offsets,
    lengths,
    present: sums.map((sum) => sum.present),
    totals: sums.map((sum) => sum.total),
  };
}

/** A day's stored form as a Buffer of its own. */
export function encodePackedDayBuffer(day: PackedDay): Buffer {
  const buffer = Buffer.allocUnsafe(encodedLength(day));
  encodePackedDay(day, buffer, 0);
  return buffer;
}

/**
 * Reads a day's stored form: a frame, or (a row written before migration 1796720000000 converted it) the legacy
 * little-endian int32 form.
 */
export function decodePackedDay(bytes: Uint8Array): PackedDay {
  if (isLegacy(bytes)) return decodeLegacyDays(bytes, bytes.length / 4)[0] ?? emptyPackedDay(0);
  const days = decodePackedDays(bytes);
  if (days.length !== 1) throw new RangeError(`expected one stored day, got ${days.length}`);
  return days[0] as PackedDay;
}

/**
 * Reads `bytes` holding several stored days one after another (frames carry their value count; `intervalCount`
 * is read only for the legacy form, so callers that pass `bytes.length / 4` keep working): the days share one pair of arrays (two allocations for a
 * whole block instead of two per day) and are views into them.
 */
export function decodePackedDays(bytes: Uint8Array, intervalCount?: number): PackedDay[] {
  if (isLegacy(bytes)) {
    if (intervalCount === undefined || !Number.isInteger(intervalCount)) {
      throw new RangeError('legacy stored days need their interval count');
    }
    return decodeLegacyDays(bytes, intervalCount);
  }
  // First pass over the headers only: the frames' value counts and body offsets (three numbers a frame).
  const headers: number[] = [];
  let total = 0;
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] !== PACKED_DAY_VERSION) {
      throw new RangeError(`stored day at byte ${at}: version ${bytes[at]}, expected ${PACKED_DAY_VERSION}`);
    }
    // The two header varints: one byte each for every day of up to 100 values and a body under 128 bytes.
    let count = bytes[at + 1];
    let body = at + 2;
    if (count === undefined || count >= 128) {
      const read = readVarint(bytes, at + 1);
      count = read.value;
      body = read.next;
    }
    let length = bytes[body];
    if (length !== undefined && length < 128) {
      body++;
    } else {
      const read = readVarint(bytes, body);
      length = read.value;
      body = read.next;
    }
    const end = body + length;
    if (end > bytes.length) throw new RangeError(`stored day at byte ${at} is torn`);
    headers.push(count, body, end);
    total += count;
    at = end;
  }
  const values = new Int32Array(total);
  // Empty cells are rare: every cell starts present and the empty runs clear theirs.
  const present = new Uint8Array(total).fill(1);
  const days = new Array<PackedDay>(headers.length / 3);
  for (let d = 0, start = 0; d < days.length; d++) {
    const count = headers[3 * d] as number;
    decodeBody(
      bytes,
      headers[3 * d + 1] as number,
      headers[3 * d + 2] as number,
      values,
      present,
      start,
      start + count,
    );
    days[d] = {
      values: values.subarray(start, start + count),
      present: present.subarray(start, start + count),
    };
    start += count;
  }
  return days;
}

/**
 * The legacy form has no version byte, so its first byte is the low byte of the first value: after migration
 * 1796720000000 rewrote every row as frames, it is read only from bytes that do not start with the version
 * (an empty buffer, the unit tests, rows restored from a backup of an older release before migrating).
 */
function isLegacy(bytes: Uint8Array): boolean {
  return bytes.length === 0 || bytes[0] !== PACKED_DAY_VERSION;
}

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (at >= bytes.length) throw new RangeError('stored day is torn (varint)');
    const byte = bytes[at++] as number;
    value += (byte & 127) * scale;
    if (byte < 128) return { value, next: at };
    scale *= 128;
    if (scale > 2 ** 49) throw new RangeError('stored day has a varint too long');
  }
}

function decodeBody(
  bytes: Uint8Array,
  at: number,
  end: number,
  values: Int32Array,
  present: Uint8Array,
  from: number,
  to: number,
): void {
  let previous = 0;
  let i = from;
  while (i < to) {
    if (at >= end) throw new RangeError(`stored day ends after ${i - from} of ${to - from} values`);
    let token = bytes[at++] as number;
    if (token >= 128) {
      token &= 127;
      let scale = 128;
      for (;;) {
        if (at >= end) throw new RangeError('stored day is torn (varint)');
        const byte = bytes[at++] as number;
        token += (byte & 127) * scale;
        if (byte < 128) break;
        scale *= 128;
        if (scale > 2 ** 49) throw new RangeError('stored day has a varint too long');
      }
    }
    if (token < 0x40000000) {
      // the hot path: 32-bit integer operations (every token of metering data is far below 2^30)
      if ((token & 1) === 0) {
        const zigzag = token >>> 1;
        previous += (zigzag >>> 1) ^ -(zigzag & 1);
        if ((previous | 0) !== previous) throw new RangeError(`stored value ${previous} is out of range`);
        values[i++] = previous;
        continue;
      }
      const run = (token >>> 2) + 1;
      if (i + run > to) throw new RangeError(`stored day has more than ${to - from} values`);
      if ((token & 3) === 1) {
        for (const stop = i + run; i < stop; i++) values[i] = previous;
      } else {
        present.fill(0, i, i + run);
        i += run;
      }
      continue;
    }
    const low = token % 4;
    if (low === 1 || low === 3) {
      const run = (token - low) / 4 + 1;
      if (i + run > to) throw new RangeError(`stored day has more than ${to - from} values`);
      if (low === 1) values.fill(previous, i, i + run);
      else present.fill(0, i, i + run);
      i += run;
    } else {
      const zigzag = token / 2;
      const value = previous + (zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2);
      if (value < INT32_MIN || value > INT32_MAX)
        throw new RangeError(`stored value ${value} is out of range`);
      values[i++] = value;
      previous = value;
    }
  }
  if (at !== end) throw new RangeError(`stored day has ${end - at} bytes after its ${to - from} values`);
}

/** Bytes of a day in the legacy form (4 per value). */
export function legacyEncodedLength(day: PackedDay): number {
  return day.values.length * 4;
}

/** Writes a day's legacy form (little-endian int32, EMPTY_CELL for empty cells), for the down migration and tests. */
export function encodeLegacyPackedDay(day: PackedDay, target: Buffer, offset: number): void {
  for (let i = 0; i < day.values.length; i++) {
    const value = day.values[i] as number;
    if (day.present[i] !== 1) {
      target.writeInt32LE(EMPTY_CELL, offset + 4 * i);
    } else if (value === EMPTY_CELL) {
      throw new RangeError(`${value} cannot be stored: it marks an empty cell`);
    } else {
      target.writeInt32LE(value, offset + 4 * i);
    }
  }
}

/** A day's legacy form as a Buffer of its own. */
export function encodeLegacyPackedDayBuffer(day: PackedDay): Buffer {
  const buffer = Buffer.allocUnsafe(legacyEncodedLength(day));
  encodeLegacyPackedDay(day, buffer, 0);
  return buffer;
}

function decodeLegacyDays(bytes: Uint8Array, intervalCount: number): PackedDay[] {
  const size = intervalCount * 4;
  if (bytes.length % 4 !== 0) throw new RangeError(`a stored day has 4 bytes per value, got ${bytes.length}`);
  if (bytes.length === 0) return [emptyPackedDay(0)];
  if (size === 0 || bytes.length % size !== 0) {
    throw new RangeError(
      `stored days of ${intervalCount} values are ${size} bytes each, got ${bytes.length}`,
    );
  }
  const values = new Int32Array(bytes.length / 4);
  const present = new Uint8Array(values.length);
  if (LITTLE_ENDIAN) {
    new Uint8Array(values.buffer, values.byteOffset, values.byteLength).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < values.length; i++) values[i] = view.getInt32(4 * i, true);
  }
  for (let i = 0; i < values.length; i++) {
    if (values[i] === EMPTY_CELL) values[i] = 0;
    else present[i] = 1;
  }
  const days = new Array<PackedDay>(bytes.length / size);
  for (let d = 0, start = 0; d < days.length; d++, start += intervalCount) {
    days[d] = {
      values: values.subarray(start, start + intervalCount),
      present: present.subarray(start, start + intervalCount),
    };
  }
  return days;
}
