/**
 * Signed tickets (docs/domain.md, "Tickets"). The code in a ticket's QR is `TIX1.<payload>.<signature>`: payload
 * the base64url of a small JSON naming the reservation, the holder, the performance and the seats; signature
 * Ed25519 over the payload's bytes. Standing places, which have no seat number, are named by area and count. A door scanner holding the organiser's public key (reservation.ticketKey)
 * checks it offline; the names in it are then checked against the door list, so a screenshot of someone else's
 * code shows someone else's name and seats, and a second scan of the same reservation is refused at the door.
 *
 * The key pair is derived from the session secret every server already shares (HKDF → 32-byte Ed25519 seed), so
 * all servers sign alike with no new setting, and rotating the session secret rotates the ticket key too.
 */
import { createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';

export interface TicketClaims {
  v: 1;
  /** reservation id (the order number) */
  r: string;
  /** the holder's username */
  h: string;
  /** performance id and its start */
  p: string;
  t: string;
  /** seats as "GRADE-seatNo" */
  s: string[];
  /** standing places: the area's section id and how many places in it (empty when the order has none) */
  a: { s: string; n: number }[];
}

// PKCS#8 DER header for an Ed25519 private key; the 32-byte seed follows it.
const pkcs8Ed25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const keys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

export function ticketKeys(sessionSecret: string) {
  let pair = keys.get(sessionSecret);
  if (!pair) {
    const seed = Buffer.from(hkdfSync('sha256', sessionSecret, 'tix', 'ticket-signing-ed25519', 32));
    const privateKey = createPrivateKey({
      key: Buffer.concat([pkcs8Ed25519, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    pair = { privateKey, publicKey: createPublicKey(privateKey) };
    keys.set(sessionSecret, pair);
  }
  return pair;
}

/** The public key as a scanner stores it: PEM (SPKI) and the raw 32 bytes in base64url. */
export function publishedTicketKey(sessionSecret: string) {
  const { publicKey } = ticketKeys(sessionSecret);
  const raw = publicKey.export({ format: 'jwk' }).x ?? '';
  return {
    algorithm: 'Ed25519' as const,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKey: raw,
  };
}

export function signTicket(sessionSecret: string, claims: TicketClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign(null, Buffer.from(payload), ticketKeys(sessionSecret).privateKey).toString(
    'base64url',
  );
  return `TIX1.${payload}.${signature}`;
}

/** What a scanner does, offline: the claims when the signature holds, else null. */
export function verifyTicket(code: string, publicKey: KeyObject): TicketClaims | null {
  const [tag, payload, signature] = code.split('.');
  if (tag !== 'TIX1' || !payload || !signature) return null;
  if (!verify(null, Buffer.from(payload), publicKey, Buffer.from(signature, 'base64url'))) return null;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TicketClaims;
}
