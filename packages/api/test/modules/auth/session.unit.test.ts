import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/modules/auth/password.js';
import {
  signSessionToken,
  signStreamTicket,
  verifySessionToken,
  verifyStreamTicket,
} from '../../../src/modules/auth/session.js';

const secret = 'unit-test-secret-unit-test-secret-123456';
const user = { id: '6f1c1e7e-0000-4000-8000-000000000001', username: 'ana', role: 'BUYER' as const };
const now = new Date('2026-11-24T10:00:00Z');

describe('session tokens', () => {
  it('round-trips the user', () => {
    const token = signSessionToken(user, secret, now, 60);
    expect(verifySessionToken(token, secret, now)).toEqual(user);
  });

  it('rejects a tampered payload, a wrong secret and an expired token', () => {
    const token = signSessionToken(user, secret, now, 60);
    const [v, payload, sig] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: user.id, usr: 'ana', role: 'ADMIN', exp: 9e9 }),
    ).toString('base64url');
    expect(verifySessionToken(`${v}.${forged}.${sig}`, secret, now)).toBeNull();
    expect(verifySessionToken(`${v}.${payload}.${sig}`, `${secret}x`, now)).toBeNull();
    expect(verifySessionToken(token, secret, new Date(now.getTime() + 61_000))).toBeNull();
    expect(verifySessionToken('garbage', secret, now)).toBeNull();
  });

  it('keeps every rule for a token already checked once (the verified-token memo)', () => {
    const token = signSessionToken(user, secret, now, 60);
    expect(verifySessionToken(token, secret, now)).toEqual(user);
    // Checked once under `secret`: still not valid under another secret, nor as a stream ticket, nor once expired.
    expect(verifySessionToken(token, `${secret}x`, now)).toBeNull();
    expect(verifyStreamTicket(token, secret, now)).toBeNull();
    expect(verifySessionToken(token, secret, new Date(now.getTime() + 60_000))).toBeNull();
    expect(verifySessionToken(token, secret, new Date(now.getTime() + 59_000))).toEqual(user);
    const ticket = signStreamTicket(user, secret, now);
    expect(verifyStreamTicket(ticket, secret, now)).toEqual(user);
    expect(verifySessionToken(ticket, secret, now)).toBeNull();
  });
});

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});
