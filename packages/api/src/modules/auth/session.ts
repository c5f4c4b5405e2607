/**
 * Session tokens are `v1.<payload>.<signature>`: a base64url JSON payload signed with HMAC-SHA256 under the
 * server's secret. They carry the user's id, name and role, so checking one needs no database read.
 *
 * A stream ticket has the same form with `aud: "stream"` and a lifetime of a minute: it is what a subscription
 * sends in its URL (EventSource cannot send headers), so the URL that lands in proxy logs and browser history can
 * open a live stream for a minute and do nothing else. A ticket is never accepted as a session, nor a session as a
 * ticket.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Role } from '@tix/db';

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

type Audience = 'session' | 'stream';

interface Payload {
  sub: string;
  usr: string;
  role: Role;
  exp: number;
  /** Absent on session tokens (as they have always been issued). */
  aud?: 'stream';
}

/** How long a stream ticket may be used to open a stream. */
export const STREAM_TICKET_TTL_SECONDS = 60;

// The secret as a KeyObject, made once: Node prepares a string or Buffer key again on every createHmac, which the
// profiled queue bench showed costing more than the hash itself (issue 12).
const keys = new Map<string, KeyObject>();

function sign(body: string, secret: string): string {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return createHmac('sha256', key).update(body).digest('base64url');
}

export function signSessionToken(user: SessionUser, secret: string, now: Date, ttlSeconds: number): string {
  return signToken(user, 'session', secret, now, ttlSeconds);
}

export function signStreamTicket(user: SessionUser, secret: string, now: Date): string {
  return signToken(user, 'stream', secret, now, STREAM_TICKET_TTL_SECONDS);
}

function signToken(
  user: SessionUser,
  audience: Audience,
  secret: string,
  now: Date,
  ttlSeconds: number,
): string {
  const payload: Payload = {
    sub: user.id,
    usr: user.username,
    role: user.role,
    exp: Math.floor(now.getTime() / 1000) + ttlSeconds,
    ...(audience === 'stream' ? { aud: 'stream' as const } : {}),
  };
  const body = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(body, secret)}`;
}

/** The user the session token names, or null when it is malformed, tampered with, expired or a stream ticket. */
export function verifySessionToken(token: string, secret: string, now: Date): SessionUser | null {
  return verifyToken(token, 'session', secret, now);
}

/** The user a stream ticket names, or null (see the top of this file). */
export function verifyStreamTicket(ticket: string, secret: string, now: Date): SessionUser | null {
  return verifyToken(ticket, 'stream', secret, now);
}

interface Verified {
  user: SessionUser;
  audience: Audience;
  expiresAtMs: number;
}

/**
 * Tokens whose signature and payload were checked, per secret: a client sends the same session on every call, and
 * each check is a MAC, a base64 decode and a JSON parse. Expiry is still checked on every call. Bounded: when full
 * it starts again empty, which costs one full check per live session.
 */
const verified = new Map<string, Map<string, Verified>>();
const VERIFIED_MAX = 10_000;

function verifyToken(token: string, audience: Audience, secret: string, now: Date): SessionUser | null {
  let known = verified.get(secret);
  if (!known) {
    known = new Map();
    verified.set(secret, known);
  }
  let entry = known.get(token);
  if (!entry) {
    const checked = checkToken(token, secret);
    if (!checked) return null;
    if (known.size >= VERIFIED_MAX) known.clear();
    known.set(token, checked);
    entry = checked;
  }
  if (entry.expiresAtMs <= now.getTime() || entry.audience !== audience) return null;
  return entry.user;
}

/** The token's payload when its signature is the server's and the payload reads; expiry is the caller's. */
function checkToken(token: string, secret: string): Verified | null {
  const cut = token.lastIndexOf('.');
  if (cut < 0 || !token.startsWith('v1.')) return null;
  const body = token.slice(0, cut);
  // Compared as text, not as decoded bytes: base64url decoding ignores padding and unused low bits, so only the
  // exact signature the server wrote verifies (one canonical token per session).
  const given = Buffer.from(token.slice(cut + 1), 'utf8');
  const expected = Buffer.from(sign(body, secret), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body.slice(3), 'base64url').toString('utf8')) as Payload;
    if (typeof payload.exp !== 'number') return null;
    return {
      user: Object.freeze({ id: payload.sub, username: payload.usr, role: payload.role }),
      audience: payload.aud ?? 'session',
      expiresAtMs: payload.exp * 1000,
    };
  } catch {
    return null;
  }
}
