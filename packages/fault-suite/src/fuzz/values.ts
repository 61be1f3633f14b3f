import fc from 'fast-check';

/** Text an attacker or a broken client would try: SQL, path tricks, template and script injection. */
export const NASTY_STRINGS = [
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(10)',
  '%',
  '_',
  '\\',
  '%00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\uffff',
  '\ufeff',
  '\u202e',
  '𝕍𝕀ℕ',
  'Å',
  'Å', // NFD
  '🚚💨',
  '../../etc/passwd',
  '..%2f..%2f',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x10',
  '9007199254740993',
  'true',
  '[]',
  '{}',
  ' ',
  '',
];

/** Numbers at and beyond every edge JSON can carry. */
const edgeNumbers = fc.constantFrom(
  0,
  -0,
  -1,
  1,
  0.5,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
);

/** Hostile short text: injection attempts, control characters, lone surrogates, any code point. */
export const shortWeirdString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  // What text columns and jsonb cannot hold: often, since one such value anywhere is enough.
  { weight: 2, arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\ud83d') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** Hostile text, now and then huge. */
export const weirdString = fc.oneof(
  { weight: 6, arbitrary: shortWeirdString },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'Å', '\u0000', '🚚'), fc.integer({ min: 200, max: 200_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** A JSON value nested `depth` levels deep (arrays or objects), as text: parsers and validators must cope. */
export const deepJson = fc
  .tuple(fc.integer({ min: 50, max: 100_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  );

/** Any value of a wrong type (or the right type with a hostile content). */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weirdString },
  { weight: 2, arbitrary: edgeNumbers },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(weirdString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(weirdString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
);

/** JSON text that must be refused by a JSON parser. */
export const malformedJson = (valid: string) =>
  fc.oneof(
    fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }).map((n) => valid.slice(0, n)),
    fc.constantFrom(
      `${valid}}`,
      `${valid},`,
      `${valid} garbage`,
      valid.replaceAll('"', "'"),
      `\ufeff${valid}`,
      '{"a":NaN}',
      '{"a":Infinity}',
      '{"a":1,}',
      '{a:1}',
      '/* comment */{}',
      '{"a":"\\x41"}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '{"a":01}',
      'nul',
      '"',
      '\u0000',
    ),
  );

/** Keys that pollute prototypes when an object is merged naively. */
export const PROTO_JSON = [
  '"__proto__":{"polluted":"yes","isAdmin":true}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"prototype":{"polluted":"yes"}',
];

/** `valid` (an object) as JSON text with one of its fields, or a new one, set to a hostile value or pollution key. */
export function mutatedJson(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(valid);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(JSON.stringify(valid)) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(keys.length ? fc.constantFrom(...keys) : weirdString, weirdValue)
        .map(([key, value]) => JSON.stringify({ ...valid, [key]: value })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...keys.map((k) => [k]), [] as string[])
        .map((drop) =>
          JSON.stringify(Object.fromEntries(Object.entries(valid).filter(([k]) => !drop.includes(k)))),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...PROTO_JSON)
        .map((p) => `{${p}${keys.length ? `,${JSON.stringify(valid).slice(1, -1)}` : ''}}`),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: deepJson },
    { weight: 2, arbitrary: malformedJson(JSON.stringify(valid)) },
  );
}
