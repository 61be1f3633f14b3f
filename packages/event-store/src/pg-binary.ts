// Array parameters in PostgreSQL's binary format (what array_send writes and array_recv reads): a header, then
// each element as a 4-byte length and its bytes. pg sends a Buffer parameter as binary. Unlike pg's text array
// literal, built by string concatenation and escaped element by element, this is one buffer written in place,
// and the server copies the elements instead of parsing a literal.

const TEXT_OID = 25;
const INT4_OID = 23;
const HEADER = 20;

function header(out: Buffer, elementOid: number, count: number): number {
  out.writeInt32BE(1, 0); // dimensions
  out.writeInt32BE(0, 4); // no nulls
  out.writeInt32BE(elementOid, 8);
  out.writeInt32BE(count, 12); // length of the one dimension
  out.writeInt32BE(1, 16); // its lower bound
  return HEADER;
}

/** A text[] parameter (bind it as `$n::text[]`). */
export function textArrayParam(values: readonly string[]): Buffer {
  let capacity = HEADER;
  for (const v of values) capacity += 4 + 3 * v.length; // UTF-8: at most 3 bytes per UTF-16 code unit
  const out = Buffer.allocUnsafe(capacity);
  let at = header(out, TEXT_OID, values.length);
  for (const v of values) {
    const length = out.write(v, at + 4);
    out.writeInt32BE(length, at);
    at += 4 + length;
  }
  return out.subarray(0, at);
}

/** An int4[] parameter (bind it as `$n::int[]`). */
export function int4ArrayParam(values: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(HEADER + 8 * values.length);
  let at = header(out, INT4_OID, values.length);
  for (const v of values) {
    out.writeInt32BE(4, at);
    out.writeInt32BE(v, at + 4);
    at += 8;
  }
  return out;
}
