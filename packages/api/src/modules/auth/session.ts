/**
 * Session tokens are `v1.<payload>.<signature>`: a base64url JSON payload signed with HMAC-SHA256 under the
 * server's secret. They carry the user's id, name and role, so checking one needs no database read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '@tix/db';

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

interface Payload {
  sub: string;
  usr: string;
  role: Role;
  exp: number;
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function signSessionToken(user: SessionUser, secret: string, now: Date, ttlSeconds: number): string {
  const payload: Payload = {
    sub: user.id,
    usr: user.username,
    role: user.role,
    exp: Math.floor(now.getTime() / 1000) + ttlSeconds,
  };
  const body = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(body, secret)}`;
}

/** The user the token names, or null when it is malformed, tampered with or expired. */
export function verifySessionToken(token: string, secret: string, now: Date): SessionUser | null {
  const cut = token.lastIndexOf('.');
  if (cut < 0 || !token.startsWith('v1.')) return null;
  const body = token.slice(0, cut);
  const given = Buffer.from(token.slice(cut + 1), 'base64url');
  const expected = Buffer.from(sign(body, secret), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body.slice(3), 'base64url').toString('utf8')) as Payload;
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime()) return null;
    return { id: payload.sub, username: payload.usr, role: payload.role };
  } catch {
    return null;
  }
}
