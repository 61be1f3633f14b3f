/*
 * PostgreSQL array literals for unnest() parameters, built when a statement is built. Cheaper than pg's own array
 * serialisation (per element escaping and Date formatting) and far cheaper for the server than json_to_recordset,
 * which catch-up statements used to carry thousands of rows each. Times go as epoch milliseconds (see msToTime).
 */

const NEEDS_ESCAPE = /["\\]/g;

/** A text[] literal: every element quoted, `"` and `\` escaped; null as NULL. */
export function textArray(values: readonly (string | null)[]): string {
  if (values.length === 0) return '{}';
  let plain = true;
  for (const v of values)
    if (v === null || v.includes('"') || v.includes('\\')) {
      plain = false;
      break;
    }
  // The common case (VINs, statuses, uuids: nothing to escape, no nulls): one native join.
  if (plain) return `{"${values.join('","')}"}`;
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(NEEDS_ESCAPE, '\\$&')}"`)).join(',')}}`;
}

/** An int8[] / int4[] literal of finite integers; null as NULL. */
export function numberArray(values: readonly (number | null)[]): string {
  let nulls = false;
  for (const v of values) {
    if (v === null) nulls = true;
    else if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
  }
  return `{${nulls ? values.map((v) => (v === null ? 'NULL' : v)).join(',') : values.join(',')}}`;
}

/** A boolean[] literal (no nulls). */
export function boolArray(values: readonly boolean[]): string {
  return `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
}

/** Epoch milliseconds of a Date (null stays null), for numberArray. */
export const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

/**
 * SQL turning an int8 of epoch milliseconds into timestamptz, exactly (integer microseconds below 2^53, i.e.
 * until the year 2255; to_timestamp(float8) may round). NULL stays NULL.
 */
export const msToTime = (column: string) => `('epoch'::timestamptz + (${column}) * interval '1 millisecond')`;
