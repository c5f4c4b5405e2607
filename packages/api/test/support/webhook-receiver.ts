/**
 * A webhook receiver on 127.0.0.1:0 for tests: records every POST (headers and raw body) and answers 500 to the
 * first `failFirst` of them, as a receiver that is down and comes back; while `hang` is true it answers nothing.
 * Tests that send to it allow private targets (it is loopback).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
  /** The status it was answered with; 0 for a request left hanging. */
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** While true, requests are recorded and never answered. */
  hang: boolean;
  /** The deliveries answered 2xx, in the order they arrived. */
  accepted(): ReceivedDelivery[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { failFirst?: number } = {}): Promise<WebhookReceiver> {
  let failuresLeft = options.failFirst ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(body) as ReceivedDelivery['event'];
      if (receiver.hang) {
        receiver.received.push({ headers: req.headers, body, event, answered: 0 });
        return;
      }
      const answered = failuresLeft > 0 ? 500 : 204;
      if (failuresLeft > 0) failuresLeft--;
      receiver.received.push({ headers: req.headers, body, event, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/hooks/tix`,
    received: [],
    hang: false,
    accepted: () => receiver.received.filter((r) => r.answered >= 200 && r.answered < 300),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return receiver;
}
