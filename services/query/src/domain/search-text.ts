/**
 * The projector stores `search_text` as `s.normalize('NFC').toLowerCase()`; a query is normalised the same way
 * in JavaScript (not with SQL lower(), whose Unicode handling depends on the database collation).
 */
export function normalizeSearch(text: string): string {
  return text.trim().normalize('NFC').toLowerCase();
}

/** A LIKE pattern matching `needle` anywhere, with LIKE's own wildcards (and the escape character) escaped. */
export function containsPattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
