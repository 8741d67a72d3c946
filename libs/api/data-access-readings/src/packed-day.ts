/**
 * One day of one series: `values[i]` is meaningful where `present[i] === 1` (and 0 elsewhere). This is the
 * in-memory form of a `readings` row.
 */
export interface PackedDay {
  readonly values: Int32Array;
  readonly present: Uint8Array;
}

/**
 * The stored form of an empty cell in `readings.vals` (migration 1795700000000): the column holds the day's values
 * as little-endian int32, and this value, which no 15-minute energy comes near (−21 GWh), marks "no value".
 */
export const EMPTY_CELL = -2147483648;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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

/** Bytes of a day in `readings.vals`. */
export function encodedLength(day: PackedDay): number {
  return day.values.length * 4;
}

/** Writes a day's stored form into `target` at `offset` (little-endian int32, EMPTY_CELL for empty cells). */
export function encodePackedDay(day: PackedDay, target: Buffer, offset: number): void {
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

/** A day's stored form as a Buffer of its own. */
export function encodePackedDayBuffer(day: PackedDay): Buffer {
  const buffer = Buffer.allocUnsafe(encodedLength(day));
  encodePackedDay(day, buffer, 0);
  return buffer;
}

/**
 * Reads a day's stored form. On little-endian machines the bytes are copied once into the Int32Array (no
 * number is parsed); empty cells become 0 with `present` 0.
 */
export function decodePackedDay(bytes: Uint8Array): PackedDay {
  if (bytes.length % 4 !== 0) throw new RangeError(`a stored day has 4 bytes per value, got ${bytes.length}`);
  const values = new Int32Array(bytes.length / 4);
  const present = new Uint8Array(values.length);
  decodeInto(bytes, values, present);
  return { values, present };
}

/**
 * Reads `bytes` holding several stored days of `intervalCount` values one after another: the days share one
 * pair of arrays (two allocations for a whole block instead of two per day) and are views into them.
 */
export function decodePackedDays(bytes: Uint8Array, intervalCount: number): PackedDay[] {
  const size = intervalCount * 4;
  if (size === 0 || bytes.length % size !== 0) {
    throw new RangeError(
      `stored days of ${intervalCount} values are ${size} bytes each, got ${bytes.length}`,
    );
  }
  const values = new Int32Array(bytes.length / 4);
  const present = new Uint8Array(values.length);
  decodeInto(bytes, values, present);
  const days = new Array<PackedDay>(bytes.length / size);
  for (let d = 0, start = 0; d < days.length; d++, start += intervalCount) {
    days[d] = {
      values: values.subarray(start, start + intervalCount),
      present: present.subarray(start, start + intervalCount),
    };
  }
  return days;
}

function decodeInto(bytes: Uint8Array, values: Int32Array, present: Uint8Array): void {
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
}
