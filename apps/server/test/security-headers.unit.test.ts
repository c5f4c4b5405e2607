/**
 * The security headers are helmet's, recorded once (security-headers.ts): they must be what helmet itself writes on
 * a real answer, every time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { helmetHeaders, recordedHelmetHeaders, securityHeaders } from '../src/security-headers.js';

async function headersOf(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    await response.text();
    const headers: Record<string, string> = {};
    const transport = ['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'etag'];
    response.headers.forEach((value, name) => {
      if (!transport.includes(name)) headers[name] = value;
    });
    return headers;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function appWith(handlers: express.RequestHandler[]) {
  const app = express();
  app.disable('x-powered-by');
  app.use(handlers);
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

describe('recorded security headers', () => {
  it('are the same list on every recording (nothing per request)', () => {
    expect(recordedHelmetHeaders()).toEqual(recordedHelmetHeaders());
    expect(recordedHelmetHeaders().map(([name]) => name.toLowerCase())).toContain('content-security-policy');
  });

  it('equal what helmet writes on a real answer', async () => {
    const recorded = await headersOf(appWith([securityHeaders()]));
    expect(recorded).toEqual(await headersOf(appWith([helmetHeaders])));
    expect(recorded['x-frame-options']).toBe('DENY');
  });
});
