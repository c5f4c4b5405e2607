/**
 * The graceful stop's HTTP side (src/drain.ts): a stream that opens during the drain, over a connection kept alive
 * from before the stop, ends at once with the reconnect hint like the streams open when the stop began, and the
 * drain does not wait for it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { reconnectHintMs, trackForDrain } from '../src/drain.js';

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

function streamingServer() {
  const server = http.createServer((req, res) => {
    if (req.url === '/stream') {
      res.setHeader('content-type', 'text/event-stream');
      res.writeHead(200);
      res.write(': open\n\n');
      return;
    }
    if (req.url === '/slow') return void setTimeout(() => res.end('slow'), 400);
    res.end('ok');
  });
  servers.push(server);
  const drain = trackForDrain(server);
  return { server, drain };
}

/** One GET over `agent`, resolving with the whole body once the server ends it. */
function get(port: number, path: string, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('drain', () => {
  it('ends a stream opened during the drain on a kept-alive connection, and cuts nothing', async () => {
    const { server, drain } = streamingServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await get(port, '/plain', agent); // leaves one idle kept-alive connection in the agent
      const before = get(port, '/stream', agent);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A call in flight keeps the drain going while the stream comes back.
      const slow = get(port, '/slow', new http.Agent());
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      const drained = drain.drain(5_000);
      // A reconnect that reaches the stopping server on a connection it had already accepted.
      const late = get(port, '/stream', agent).catch(() => 'refused');
      await expect(before).resolves.toContain(`retry: ${reconnectHintMs}`);
      const result = await drained;
      await expect(slow).resolves.toBe('slow');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(result.cut).toBe(0);
      expect(result).toMatchObject({ finished: 1, streams: 2 });
      expect(await late).toContain(`retry: ${reconnectHintMs}`);
    } finally {
      agent.destroy();
    }
  });
});
