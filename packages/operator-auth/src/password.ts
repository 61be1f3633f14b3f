import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, about 50-100 ms here); stored with each hash, so it can grow. */
const COST = { ln: 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

interface ParsedHash {
  ln: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

function derive(password: string, salt: Buffer, cost: { ln: number; r: number; p: number }) {
  const N = 2 ** cost.ln;
  return new Promise<Buffer>((resolve, reject) =>
    // maxmem: scrypt needs 128 * N * r bytes, exactly node's default limit at ln=15, r=8; leave room.
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_BYTES,
      { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

function format(cost: { ln: number; r: number; p: number }, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(key)}`;
}

/** Parses `$scrypt$ln=15,r=8,p=1$<salt>$<key>` (unpadded base64); undefined when malformed or out of bounds. */
function parse(stored: string): ParsedHash | undefined {
  const m =
    /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/.exec(
      stored,
    );
  if (!m) return undefined;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Bounds keep a corrupted or hostile row from making one verification take minutes or gigabytes.
  if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  // scrypt's output for a shorter length is a prefix of the longer one: a truncated key must not pass.
  if (salt.length < SALT_BYTES || key.length !== KEY_BYTES) return undefined;
  return { ln, r, p, salt, key };
}

/**
 * Stands in for the hash of an unknown user: same cost, random bytes that no password derives to, so a sign-in
 * with an unknown username pays one scrypt like any other (no timing oracle for which usernames exist).
 */
const NOBODY = format(COST, randomBytes(SALT_BYTES), randomBytes(KEY_BYTES));

/** A self-describing scrypt hash of `password` with a fresh random 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return format(COST, salt, await derive(password, salt, COST));
}

/**
 * True when `password` matches `stored`, compared in constant time. `stored` null (no such user) still runs one
 * scrypt of the same cost and answers false; a malformed hash answers false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parse(stored ?? NOBODY);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed);
  return timingSafeEqual(key, parsed.key) && stored !== null;
}
