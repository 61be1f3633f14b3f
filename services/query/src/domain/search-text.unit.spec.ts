import { containsPattern, normalizeSearch } from './search-text';

describe('search text', () => {
  it('normalises like the projector: NFC, lower case, trimmed', () => {
    expect(normalizeSearch('  VA\u0308RDE ')).toBe('v\u00e4rde');
  });
  it('escapes LIKE wildcards and the escape character', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
