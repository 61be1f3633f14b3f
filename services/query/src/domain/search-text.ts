/**
 * The projector stores `search_text` as `s.normalize('NFC').toLowerCase()`; a query is normalised the same way
 * in JavaScript (not with SQL lower(), whose Unicode handling depends on the database collation).
 */
export function normalizeSearch(text: string): string {
  return text.trim().normalize('NFC').toLowerCase();
}

/**
 * A customer name as it appears in `search_text` ('vin regNo name', folded as one string: the spaces between the
 * parts stop both NFC composition and the final-sigma rule, so folding the name alone gives the same characters).
 */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * The longest run of ASCII characters in a normalised needle, for a cheap superset of the customer names that can
 * contain it (see customerTallies), or null when it has none. Folding a name (NFC, then toLowerCase) turns
 * non-ASCII characters into ASCII ones only for the four in FOLDS_TO_ASCII, and never joins ASCII characters that
 * were apart: a folded name holds the run only where the name, with those four mapped and ASCII lower-cased, does.
 */
export function asciiRun(needle: string): string | null {
  const runs = needle.match(/[^\u0080-\uffff]+/g) ?? []; // surrogate halves are in \u0080-\uffff too
  return runs.reduce<string | null>(
    (longest, run) => (run.length > (longest?.length ?? 0) ? run : longest),
    null,
  );
}

/** The non-ASCII characters whose folded form contains ASCII, and the ASCII character each gives. */
export const FOLDS_TO_ASCII = { '\u0130': 'i', '\u037e': ';', '\u1fef': '`', '\u212a': 'k' } as const;

/** A LIKE pattern matching `needle` anywhere, with LIKE's own wildcards (and the escape character) escaped. */
export function containsPattern(needle: string): string {
  return `%${escapeLike(needle)}%`;
}

/** The needle a `containsPattern` was made from. */
export function needleOf(pattern: string): string {
  return pattern.slice(1, -1).replace(/\\(.)/gsu, '$1');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The LIKE pattern for the VIN/registration-number head of `search_text` ('vin regno') that every match of `needle`
 * not inside the customer name must satisfy, or null when no trigram index could serve it.
 *
 * A match that starts in the head either lies in it or runs over the space after it into the name; either way the
 * head contains the needle up to its first space (the needle is trimmed, so that part is not empty). A trigram
 * index needs three letters or digits in a row to look anything up.
 */
export function headPattern(needle: string): string | null {
  const space = needle.indexOf(' ');
  const word = space < 0 ? needle : needle.slice(0, space);
  return /[\p{L}\p{N}]{3}/u.test(word) ? containsPattern(word) : null;
}
