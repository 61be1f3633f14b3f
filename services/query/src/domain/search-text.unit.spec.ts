import fc from 'fast-check';
import {
  asciiRun,
  containsPattern,
  FOLDS_TO_ASCII,
  foldName,
  headPattern,
  needleOf,
  normalizeSearch,
} from './search-text';

describe('search text', () => {
  it('normalises like the projector: NFC, lower case, trimmed', () => {
    expect(normalizeSearch('  VA\u0308RDE ')).toBe('v\u00e4rde');
  });
  it('escapes LIKE wildcards and the escape character', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
  it('gives back the needle of any pattern it made', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => needleOf(containsPattern(s)) === s));
    expect(needleOf(containsPattern('50%_a\\b'))).toBe('50%_a\\b');
  });
  it.each(['ΣΟΦΙΑΣ ΑΒ', 'Σ', 'A\u030aKERI', 'İSTANBUL', ' Åsas ', '\u0301x'])(
    "folds the name %j as the projector's search text holds it after 'vin regno '",
    (name) => {
      expect(`abc123 reg σ ${foldName(name)}`).toBe(`ABC123 REG Σ ${name}`.normalize('NFC').toLowerCase());
    },
  );
});

describe('headPattern', () => {
  it('is the needle up to its first space, escaped', () => {
    expect(headPattern('kalles grustransporter ab')).toBe('%kalles%');
    expect(headPattern('abc123')).toBe('%abc123%');
    expect(headPattern('abc_1 x')).toBe('%abc\\_1%');
    expect(headPattern('åsa')).toBe('%åsa%');
  });
  it('is null when no three letters or digits in a row could use a trigram index', () => {
    expect(headPattern('ab cdef')).toBeNull();
    expect(headPattern('a-b-c')).toBeNull();
    expect(headPattern('%')).toBeNull();
  });
  it('is inside the VIN/reg. no head for every needle that starts there', () => {
    const part = fc.stringMatching(/^[a-z0-9 -]{1,12}$/);
    fc.assert(
      fc.property(part, part, part, fc.nat(), fc.nat(), (vin, reg, name, a, b) => {
        const head = `${vin} ${reg}`;
        const full = `${head} ${name}`;
        const raw = full.slice(a % head.length, (a % head.length) + 1 + (b % full.length));
        const start = (a % head.length) + raw.length - raw.trimStart().length;
        const needle = raw.trim();
        const pattern = headPattern(needle);
        fc.pre(needle !== '' && start < head.length && pattern !== null);
        expect(head).toContain(needleOf(pattern!));
      }),
    );
  });
});

describe('asciiRun', () => {
  it('is the longest run of ASCII characters', () => {
    expect(asciiRun('åsas åkeri ab')).toBe('keri ab');
    expect(asciiRun('kalles grus')).toBe('kalles grus');
    expect(asciiRun('åäö')).toBeNull();
    expect(asciiRun('a😀bc')).toBe('bc');
  });

  it('knows every character that folds to something with ASCII in it', () => {
    const found: Record<string, string> = {};
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const ascii = foldName(c).replace(/[\u0080-\uffff]/g, '');
      if (ascii) found[c] = ascii;
    }
    expect(found).toEqual(FOLDS_TO_ASCII);
  });

  it('is in the name, those characters mapped and ASCII lower-cased, wherever the folded name has the needle', () => {
    const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
    const mapped = (name: string) =>
      lowerAscii([...name].map((c) => FOLDS_TO_ASCII[c as keyof typeof FOLDS_TO_ASCII] ?? c).join(''));
    const char = fc.constantFrom(...'aAzZ09 -;`Åå\u030a\u0301eE\u0130\u037e\u1fef\u212aΣσ😀'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 16 }), fc.nat(), fc.nat(), (chars, a, b) => {
        const name = chars.join('');
        const folded = foldName(name);
        const needle = folded.slice(a % (folded.length + 1), (a % (folded.length + 1)) + (b % 8)).trim();
        const run = asciiRun(needle);
        fc.pre(needle !== '' && run !== null);
        expect(mapped(name)).toContain(run);
      }),
      { numRuns: 2_000 },
    );
  });
});
