/**
 * A webhook receiver on 127.0.0.1:0 for tests: records every POST (headers and raw body) and answers 500 to the
 * first `failFirst` of them, as a receiver that is down and comes back. Tests that send to it set
 * `relay.allowPrivateTargets` (it is loopback).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** The deliveries answered 2xx, in the order they arrived. */
  accepted(): ReceivedDelivery[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { failFirst?: number } = {}): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  let failuresLeft = options.failFirst ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answered = failuresLeft > 0 ? 500 : 204;
      if (failuresLeft > 0) failuresLeft--;
      received.push({
        headers: req.headers,
        body,
        event: JSON.parse(body) as ReceivedDelivery['event'],
        answered,
      });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tix`,
    received,
    accepted: () => received.filter((r) => r.answered < 300),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
