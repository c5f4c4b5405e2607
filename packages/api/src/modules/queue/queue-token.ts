/**
 * Queue tokens are `<concertId>.<32 random bytes, base64url>`: the concert prefix lets a token alone find its
 * concert's keys, and the 256 random bits make it unguessable. The owner is stored with the token and checked.
 */
import { randomBytes } from 'node:crypto';

const tokenPattern = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

export function newQueueToken(concertId: string): string {
  return `${concertId}.${randomBytes(32).toString('base64url')}`;
}

/** The concert a well-formed token belongs to; null for anything that cannot be a token. */
export function concertIdOfToken(token: string): string | null {
  return tokenPattern.exec(token)?.[1] ?? null;
}

/**
 * A uniform random number in [0, 1) with 53 bits from the CSPRNG. Pre-sale joiners are ordered by it, which is the
 * same as shuffling them uniformly when the sale opens (ties have probability ~2^-53).
 */
export function randomDrawScore(): number {
  const bytes = randomBytes(8);
  const high = bytes.readUInt32BE(0) >>> 5; // 27 bits
  const low = bytes.readUInt32BE(4) >>> 6; // 26 bits
  return (high * 2 ** 26 + low) / 2 ** 53;
}
