/**
 * The server the hostile-request suites (issue 10's findings) send to: one real server on PostgreSQL + Redis with
 * demo data, the operator signed in, and the answer checks both suites share.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../../src/index.js';
import { createSharedBackends, type SharedBackends } from './backends.js';
import { firstConcertId, rawCall, rawSession, type RawResult } from './raw-trpc.js';

export interface HostileServer {
  readonly server: RunningServer;
  /** The operator's Authorization header. */
  readonly admin: Record<string, string>;
  /** The demo data's first concert. */
  readonly concertId: string;
  /** Signs a new buyer up over raw HTTP. */
  signUp(username: string): Promise<{ authorization: string; sessionToken: string }>;
}

/** Starts the server before the file's tests and stops it after them. */
export function useHostileServer(): HostileServer {
  let backends: SharedBackends | undefined;
  let state: { server: RunningServer; admin: Record<string, string>; concertId: string } | undefined;
  beforeAll(async () => {
    backends = await createSharedBackends({ DEMO_DATA: 'true' });
    const server = await startServer(parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent' }));
    const admin = await rawSession(server.url, 'auth.signIn', {
      username: 'admin',
      password: 'admin-pass-123',
    });
    state = { server, admin, concertId: await firstConcertId(server.url) };
  });
  afterAll(async () => {
    await state?.server.close();
    await backends?.cleanup();
  });
  const started = () => {
    if (!state) throw new Error('the hostile server is not started yet');
    return state;
  };
  return {
    get server() {
      return started().server;
    },
    get admin() {
      return started().admin;
    },
    get concertId() {
      return started().concertId;
    },
    async signUp(username) {
      const res = await rawCall(started().server.url, 'mutation', 'auth.signUp', {
        username,
        password: 'password-123',
      });
      expect(res.status).toBe(200);
      const { sessionToken } = res.body.result?.data?.json as { sessionToken: string };
      return { authorization: `Bearer ${sessionToken}`, sessionToken };
    },
  };
}

/** The answer is a refusal with this status and domain code (and names the field, when given). */
export function expectRefused(res: RawResult, status: number, domainCode: string, field?: string): void {
  expect({ status: res.status, domainCode: res.body.error?.json?.data.domainCode }).toEqual({
    status,
    domainCode,
  });
  if (field) expect(res.body.error?.json?.data.fields).toContain(field);
}
