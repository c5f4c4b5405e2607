import type { Deps } from './deps.js';
import { verifySessionToken, verifyStreamTicket, type SessionUser } from './modules/auth/session.js';

export interface Context {
  deps: Deps;
  /** The signed-in user, when the session token was valid. */
  user: SessionUser | null;
  /** True when a session token was sent but was not valid (expired, tampered): reported as such. */
  sessionRejected: boolean;
  queueToken: string | null;
  /** The caller's IP address (behind a proxy on loopback, the one it forwards); null for in-process callers. */
  clientAddress: string | null;
}

export interface RequestCredentials {
  sessionToken?: string | null | undefined;
  /** A subscription's stream ticket (auth.streamTicket), standing in for the session on that one stream. */
  streamTicket?: string | null | undefined;
  queueToken?: string | null | undefined;
  /** Not a credential, but what the request says about its caller too: the key of per-address limits. */
  clientAddress?: string | null | undefined;
}

/** Builds a context from dependencies and the caller's credentials; tests call it directly. */
export function createInnerContext(deps: Deps, credentials: RequestCredentials = {}): Context {
  const { sessionSecret } = deps.config;
  const now = deps.clock.now();
  const sessionToken = credentials.sessionToken || null;
  const streamTicket = sessionToken ? null : credentials.streamTicket || null;
  const user = sessionToken
    ? verifySessionToken(sessionToken, sessionSecret, now)
    : streamTicket
      ? verifyStreamTicket(streamTicket, sessionSecret, now)
      : null;
  return {
    deps,
    user,
    sessionRejected: (sessionToken !== null || streamTicket !== null) && user === null,
    queueToken: credentials.queueToken || null,
    clientAddress: credentials.clientAddress || null,
  };
}

function bearer(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1] ?? null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * Credentials come from headers. Only a subscription (EventSource cannot set headers) reads tRPC's connection
 * params, which travel in the URL: there the session is a short-lived stream ticket, never the session token, so a
 * logged URL cannot be replayed against any other procedure.
 */
export function createHttpContextFactory(deps: Deps) {
  return ({
    req,
    info,
  }: {
    req: {
      headers: Record<string, string | string[] | undefined>;
      ip?: string | undefined;
      socket?: { remoteAddress?: string | undefined };
    };
    info?: { type?: string; connectionParams?: Record<string, unknown> | null };
  }): Context => {
    const params = info?.type === 'subscription' ? (info.connectionParams ?? {}) : {};
    const queueHeader = req.headers['x-queue-token'];
    return createInnerContext(deps, {
      sessionToken: bearer(req.headers.authorization),
      streamTicket: text(params.streamTicket),
      queueToken: text(Array.isArray(queueHeader) ? queueHeader[0] : queueHeader) ?? text(params.queueToken),
      // Express's req.ip honours `trust proxy` (loopback): a local load balancer's X-Forwarded-For, no one else's.
      clientAddress: req.ip ?? req.socket?.remoteAddress ?? null,
    });
  };
}
