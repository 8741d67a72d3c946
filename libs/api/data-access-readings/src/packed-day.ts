/**
 * One day of one series: `values[i]` is meaningful where `present[i] === 1`. This is the in-memory form of a
 * `readings` row (int4[] with NULL elements for empty cells).
 */
export interface PackedDay {
  readonly values: Int32Array;
  readonly present: Uint8Array;
}

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

/** The Postgres array literal of a day (`{1,2,NULL}`), sent as text and cast to int4[] by the insert. */
export function int4ArrayLiteral(day: PackedDay): string {
  const parts = new Array<string>(day.values.length);
  for (let i = 0; i < day.values.length; i++)
    parts[i] = day.present[i] === 1 ? String(day.values[i]) : 'NULL';
  return `{${parts.join(',')}}`;
}

/**
 * Parses Postgres' text output of an int4[] (`{1,-2,NULL}`). Written by hand because the driver's generic array
 * parser allocates a string per element, which dominated reading a year of a large community (P3).
 */
export function parseInt4ArrayText(text: string): PackedDay {
  let count = text.length > 2 ? 1 : 0;
  for (let i = 1; i < text.length - 1; i++) if (text.charCodeAt(i) === 44) count++;
  const values = new Int32Array(count);
  const present = new Uint8Array(count);
  let index = 0;
  let value = 0;
  let negative = false;
  let isNull = false;
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44 || code === 125) {
      if (index < count) {
        if (!isNull) {
          values[index] = negative ? -value : value;
          present[index] = 1;
        }
        index++;
      }
      value = 0;
      negative = false;
      isNull = false;
    } else if (code >= 48 && code <= 57) value = value * 10 + (code - 48);
    else if (code === 45) negative = true;
    else if (code === 78) isNull = true;
  }
  if (index !== count) throw new RangeError(`not an int4[] literal: ${text.slice(0, 40)}…`);
  return { values, present };
}
