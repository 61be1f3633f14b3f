import fc from 'fast-check';
import { jsonBytes, jsonbParam } from './json-bytes';

describe('jsonBytes', () => {
  it('is the UTF-8 of head + JSON.stringify(values) + tail, for any values and sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 350 }),
        fc.string(),
        fc.string(),
        (values, head, tail) => {
          const expected = Buffer.from(head + JSON.stringify(values) + tail);
          expect(jsonBytes(values, head, tail).equals(expected)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes an empty array, undefined as null, and non-ASCII text', () => {
    expect(jsonBytes([]).toString()).toBe('[]');
    expect(jsonBytes([undefined, 'ä😀"\\']).toString()).toBe(JSON.stringify([null, 'ä😀"\\']));
    const many = Array.from({ length: 1001 }, (_, i) => ({ i, s: 'ö'.repeat(i % 7) }));
    expect(JSON.parse(jsonBytes(many, '{"x":', '}').toString())).toEqual({ x: many });
  });

  it('leads a jsonb parameter with the binary format version byte', () => {
    const bytes = jsonbParam([1, 'a']);
    expect(bytes[0]).toBe(1);
    expect(bytes.subarray(1).toString()).toBe('[1,"a"]');
  });
});
