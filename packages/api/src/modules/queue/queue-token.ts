/**
 * Queue tokens carry their own signed place: `<concertId>.<body>.<mac>`, where the body holds 128 random bits, the
 * owner, the place in line (the engine's order score) and when it was issued, and the mac is an HMAC of all of it
 * with a key derived from the session secret. The concert prefix lets a token alone find its concert's keys; the
 * random bits keep it unguessable; the signature lets the room put a returning holder back in line after it has
 * lost its memory (queue-recovery.ts, docs/domain.md "Recovery").
 *
 * `<concertId>.<43 random characters>` (no body, no signature) is still read, for tools that write the engine's
 * keys directly (the bench baseline); such a token cannot be restored.
 */
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { fillRandom } from '../../infra/random-pool.js';

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const tokenPattern = new RegExp(
  `^(${uuid})\\.(?:[A-Za-z0-9_-]{43}|([A-Za-z0-9_-]{64})\\.([A-Za-z0-9_-]{22}))$`,
);
const BODY_BYTES = 48;

/** What a signed token says about its holder's place. */
export interface QueuePlace {
  concertId: string;
  userId: string;
  /** The engine's order score: in [0, 1) for a pre-sale draw, 1 + a sequence after the sale opens. */
  order: number;
  issuedAt: Date;
}

/** An unsigned token (no place to restore): for tools that write the engine's keys themselves. */
export function newQueueToken(concertId: string): string {
  return `${concertId}.${randomBytes(32).toString('base64url')}`;
}

// A key of its own, so a queue token's mac can never be mistaken for a session's.
// Kept as a KeyObject: Node prepares a Buffer key again on every createHmac (see auth/session.ts).
const keys = new Map<string, KeyObject>();
function macOf(secret: string, signed: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(createHmac('sha256', secret).update('tix queue token v1').digest());
    keys.set(secret, key);
  }
  return createHmac('sha256', key).update(signed).digest().subarray(0, 16);
}

export function signQueueToken(place: QueuePlace, secret: string): string {
  const body = Buffer.alloc(BODY_BYTES);
  fillRandom(body, 0, 16);
  Buffer.from(place.userId.replaceAll('-', ''), 'hex').copy(body, 16);
  body.writeDoubleBE(place.order, 32);
  body.writeDoubleBE(place.issuedAt.getTime(), 40);
  const signed = `${place.concertId}.${body.toString('base64url')}`;
  return `${signed}.${macOf(secret, signed).toString('base64url')}`;
}

/** The place a token was signed with; null for an unsigned, malformed or forged token. */
export function readSignedToken(token: string, secret: string): QueuePlace | null {
  const match = tokenPattern.exec(token);
  const [, concertId, body64, mac64] = match ?? [];
  if (!concertId || !body64 || !mac64) return null;
  const mac = Buffer.from(mac64, 'base64url');
  const expected = macOf(secret, `${concertId}.${body64}`);
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
  const body = Buffer.from(body64, 'base64url');
  const hex = body.subarray(16, 32).toString('hex');
  return {
    concertId,
    userId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    order: body.readDoubleBE(32),
    issuedAt: new Date(body.readDoubleBE(40)),
  };
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
  const bytes = Buffer.allocUnsafe(8);
  fillRandom(bytes, 0, 8);
  const high = bytes.readUInt32BE(0) >>> 5; // 27 bits
  const low = bytes.readUInt32BE(4) >>> 6; // 26 bits
  return (high * 2 ** 26 + low) / 2 ** 53;
}
