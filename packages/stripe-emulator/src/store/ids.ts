import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const POOL_SIZE = 16 * 1024;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** Random base62 text, like the tail of Stripe ids (`cus_Q1w2E3r4T5y6U7`); bytes come from a pool. */
export function randomToken(length: number): string {
  if (offset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[pool[offset + i]! % 62];
  offset += length;
  return out;
}

/** Stripe ids are a type prefix and 14–24 random characters; checkout sessions are longer. */
export function newId(prefix: string): string {
  if (prefix === 'cs_test') return `cs_test_${randomToken(58)}`;
  const length = prefix === 'cus' || prefix === 'prod' || prefix === 'si' || prefix === 'promo' ? 14 : 24;
  return `${prefix}_${randomToken(length)}`;
}
