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

/** Token stream of a day, handed to `emit` one token at a time (shared by sizing and writing). */
function tokens(day: PackedDay, emit: (token: number) => void): void {
  const { values, present } = day;
  let previous = 0;
  let repeats = 0;
  let empties = 0;
  for (let i = 0; i < values.length; i++) {
    if (present[i] !== 1) {
      if (repeats > 0) {
        emit(4 * (repeats - 1) + 1);
        repeats = 0;
      }
      empties++;
      continue;
    }
    const value = values[i] as number;
    if (value === EMPTY_CELL) throw new RangeError(`${value} cannot be stored: it marks an empty cell`);
    if (empties > 0) {
      emit(4 * (empties - 1) + 3);
      empties = 0;
    }
    const delta = value - previous;
    if (delta === 0) {
      repeats++;
      continue;
    }
    if (repeats > 0) {
      emit(4 * (repeats - 1) + 1);
      repeats = 0;
    }
    // zigzag without 32-bit operators: a delta of two int32 needs 33 bits
    emit(2 * (delta >= 0 ? 2 * delta : -2 * delta - 1));
    previous = value;
  }
  if (repeats > 0) emit(4 * (repeats - 1) + 1);
  if (empties > 0) emit(4 * (empties - 1) + 3);
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

function bodyLength(day: PackedDay): number {
  let length = 0;
  tokens(day, (token) => {
    length += token < 128 ? 1 : varintLength(token);
  });
  return length;
}

/** Bytes of a day in `readings.vals` (the frame). */
export function encodedLength(day: PackedDay): number {
  const body = bodyLength(day);
  return 1 + varintLength(day.values.length) + varintLength(body) + body;
}

/** Writes a day's stored form (one frame) into `target` at `offset`; returns the offset after it. */
export function encodePackedDay(day: PackedDay, target: Uint8Array, offset: number): number {
  const body = bodyLength(day);
  target[offset++] = PACKED_DAY_VERSION;
  offset = writeVarint(day.values.length, target, offset);
  offset = writeVarint(body, target, offset);
  tokens(day, (token) => {
    if (token < 128) target[offset++] = token;
    else offset = writeVarint(token, target, offset);
  });
  return offset;
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
  // First pass over the headers only: the frames' value counts and body offsets.
  const counts: number[] = [];
  const bodies: number[] = [];
  const ends: number[] = [];
  let total = 0;
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] !== PACKED_DAY_VERSION) {
      throw new RangeError(`stored day at byte ${at}: version ${bytes[at]}, expected ${PACKED_DAY_VERSION}`);
    }
    const count = readVarint(bytes, at + 1);
    const length = readVarint(bytes, count.next);
    const end = length.next + length.value;
    if (end > bytes.length) throw new RangeError(`stored day at byte ${at} is torn`);
    counts.push(count.value);
    bodies.push(length.next);
    ends.push(end);
    total += count.value;
    at = end;
  }
  const values = new Int32Array(total);
  const present = new Uint8Array(total);
  const days = new Array<PackedDay>(counts.length);
  for (let d = 0, start = 0; d < counts.length; d++) {
    const count = counts[d] as number;
    decodeBody(bytes, bodies[d] as number, ends[d] as number, values, present, start, start + count);
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
    const low = token % 4;
    if (low === 1 || low === 3) {
      const run = (token - low) / 4 + 1;
      if (i + run > to) throw new RangeError(`stored day has more than ${to - from} values`);
      if (low === 1) {
        values.fill(previous, i, i + run);
        present.fill(1, i, i + run);
      }
      i += run;
    } else {
      const zigzag = token / 2;
      const value = previous + (zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2);
      if (value < INT32_MIN || value > INT32_MAX)
        throw new RangeError(`stored value ${value} is out of range`);
      values[i] = value;
      present[i] = 1;
      previous = value;
      i++;
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
