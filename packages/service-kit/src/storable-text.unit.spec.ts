import { assertStorableText, unstorableText } from './storable-text';

describe('unstorableText', () => {
  it.each([
    ['plain text, emoji and a surrogate pair', { name: 'Åkeri 🚚', list: ['a', { b: 'c' }] }, undefined],
    ['NUL in a value', { name: 'a\u0000b' }, 'name'],
    ['a lone high surrogate', { a: [1, 'x\ud800'] }, 'a[1]'],
    ['a lone low surrogate', ['\udc00'], '[0]'],
    ['NUL in a key', { 'k\u0000': 1 }, 'k\u0000'],
    ['numbers, booleans, null', [1, true, null, { a: 2 }], undefined],
  ])('%s', (_case, value, expected) => {
    expect(unstorableText(value)).toBe(expected);
  });

  it('walks a body nested 100 000 levels deep without overflowing', () => {
    const deep = JSON.parse('['.repeat(100_000) + '"\\u0000"' + ']'.repeat(100_000)) as unknown;
    expect(unstorableText(deep)).toMatch(/^(\[0\])+$/);
  });

  it('answers 400 naming where the text was', () => {
    expect(() => assertStorableText({ q: '%\u0000' }, 'query')).toThrow(
      expect.objectContaining({ status: 400, detail: expect.stringContaining('query.q') }),
    );
  });
});
