/**
 * One webhook POST: signed, through the SSRF guard (webhook-target.ts), with a bounded time for the whole exchange,
 * no redirect followed (a 3xx is a failure: following it could lead anywhere), and at most a few KiB of the answer
 * read (kept for the delivery log). Any 2xx is success.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { signWebhookBody } from './webhook-signature.js';
import { checkWebhookHost, guardedLookup, parseWebhookUrl } from './webhook-target.js';

export interface WebhookSendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

export interface SendOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

const MAX_RESPONSE_BYTES = 4096;

export async function sendWebhook(
  target: { url: string; secret: string },
  event: { id: string; body: string },
  nowSeconds: number,
  options: WebhookSendOptions,
): Promise<SendOutcome> {
  try {
    // Node connects to an address literal without calling `lookup`, so a literal is checked here; a name is checked
    // by the lookup at connect time, against the addresses it is about to use.
    const url = parseWebhookUrl(target.url);
    if (isIP(url.hostname.replace(/^\[(.*)\]$/, '$1'))) {
      await checkWebhookHost(url.hostname, options.allowPrivate);
    }
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message };
  }
  return post(target, event, nowSeconds, options);
}

function post(
  target: { url: string; secret: string },
  event: { id: string; body: string },
  nowSeconds: number,
  options: WebhookSendOptions,
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    let url: URL;
    try {
      url = parseWebhookUrl(target.url);
    } catch (err) {
      done({ ok: false, status: null, error: (err as Error).message });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      lookup: guardedLookup(options.allowPrivate),
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(event.body),
        'user-agent': 'tix-webhooks/1',
        'x-tix-event-id': event.id,
        'x-tix-signature': signWebhookBody(target.secret, event.body, nowSeconds),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, status: null, error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    req.on('error', (err) => done({ ok: false, status: null, error: err.message.slice(0, 500) }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) res.destroy();
      });
      const finish = () => {
        const ok = status >= 200 && status < 300;
        done({ ok, status, error: ok ? null : `HTTP ${status}` });
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.end(event.body);
  });
}
