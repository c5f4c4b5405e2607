/**
 * The front door: the `node:http` server's request listener. A single tRPC query or mutation that the lean path
 * takes (lean-trpc.ts) is answered here, before Express; everything else (batches, subscriptions, the layout's
 * ETag route, health, metrics, the web client) goes on to the Express app untouched.
 *
 * Why before Express and not as its middleware: Express's request set-up and its router's walk through the layers
 * before /trpc cost a tRPC no-op about a quarter of its server CPU. Measured with bench `lean-position` (a no-op
 * with the product's headers, A B B A, 2 shared cores; bench/results/lean-front-2026-12-06.md): in front it served
 * 1.32× the requests per server CPU-second it served as Express middleware.
 *
 * The rules before tRPC are written once for both places: the headers (security-headers.ts), the timer
 * (http-metrics.ts) and the call rules (trpc-rules.ts) are plain functions that the Express middleware and `before`
 * (app.ts) call in the same order, and the lean path's answers are held to the official adapter's by
 * apps/server/test/lean-path.contract.e2e.test.ts.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import proxyAddr from 'proxy-addr';
import type { LeanPath, LeanRequest } from './lean-trpc.js';

/** Express's `trust proxy: 'loopback'` (app.ts): a local load balancer's X-Forwarded-For, no one else's. */
export const trustProxy = proxyAddr.compile('loopback');

/** A call the front door takes, as the rules before tRPC read it. */
export interface FrontCall {
  /** The URL's path from the root (`/trpc/queue.status`). */
  pathname: string;
  /** The procedure's path (`queue.status`). */
  procedurePath: string;
  query: Record<string, unknown>;
}

/**
 * Every rule the Express app applies to a call before tRPC, in its order (app.ts passes them); true when one of
 * them has answered the call.
 */
export type BeforeCall = (call: FrontCall, req: IncomingMessage, res: ServerResponse) => boolean;

/** A read of a layout: its own route answers it, with an ETag and 304s (app.ts), and hands its errors to tRPC's. */
function isLayoutRead(method: string | undefined, url: string): boolean {
  return method === 'GET' && (url.startsWith('/trpc/concert.layout?') || url === '/trpc/concert.layout');
}

export function frontDoor(app: RequestListener, lean: LeanPath, before: BeforeCall): RequestListener {
  return (req, res) => {
    const url = req.url ?? '';
    if (!url.startsWith('/trpc/') || isLayoutRead(req.method, url)) return app(req, res);
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    // As Express 5 sees it under the /trpc mount: the path after it, the query string by its default parser.
    const path = pathname.slice('/trpc'.length);
    const query = q < 0 ? {} : (parseQuery(url.slice(q + 1)) as Record<string, unknown>);
    const call = lean.take({ method: req.method, headers: req.headers, path, query });
    if (call === null) return app(req, res);

    if (before({ pathname, procedurePath: call.path, query }, req, res)) return;
    const leanReq: LeanRequest = Object.assign(req, { path, query, ip: proxyAddr(req, trustProxy) });
    lean.answer(call, leanReq, res).catch(() => {
      // Only a request that broke off (its body unread) ends here: nobody is left to answer.
      if (!res.headersSent) res.statusCode = 400;
      res.end();
    });
  };
}
