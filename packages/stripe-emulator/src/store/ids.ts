import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The character code each random byte stands for (`ALPHABET[byte % 62]`). */
const CODES = Uint8Array.from({ length: 256 }, (_, byte) => ALPHABET.charCodeAt(byte % 62));
const POOL_SIZE = 16 * 1024;
let pool = randomBytes(POOL_SIZE);
let offset = 0;
/**
 * Ids are assembled here and read out as one flat string: a string built with `+=` is a rope,
 * which every Map lookup and serialization must flatten first.
 */
const scratch = Buffer.allocUnsafe(256);

/** Write `length` random base62 characters at `at` in the scratch buffer; bytes come from a pool. */
function writeToken(at: number, length: number): number {
  if (offset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  for (let i = 0; i < length; i++) scratch[at + i] = CODES[pool[offset + i]!]!;
  offset += length;
  return at + length;
}

/** Random base62 text, like the tail of Stripe ids (`cus_Q1w2E3r4T5y6U7`). */
export function randomToken(length: number): string {
  if (length > scratch.length) throw new RangeError(`randomToken: at most ${scratch.length} characters`);
  return scratch.toString('latin1', 0, writeToken(0, length));
}

/** Stripe ids are a type prefix (ASCII) and 14–24 random characters; checkout sessions are longer. */
export function newId(prefix: string): string {
  const length =
    prefix === 'cs_test'
      ? 58
      : prefix === 'cus' || prefix === 'prod' || prefix === 'si' || prefix === 'promo'
        ? 14
        : 24;
  if (prefix.length + 1 + length > scratch.length) return `${prefix}_${randomToken(length)}`;
  const at = scratch.write(prefix, 0, 'latin1');
  scratch[at] = 0x5f; // _
  return scratch.toString('latin1', 0, writeToken(at + 1, length));
}
