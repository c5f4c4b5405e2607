/**
 * The head of an answer the front door writes, in one `writeHead`. Each `setHeader` validates, lower-cases and
 * stores its header on the response; the 15 of a lean answer (helmet's recorded set, Cache-Control, the adapter's
 * own) cost a tRPC no-op about a tenth of its CPU, where a prepared array handed to `writeHead` skips the storing
 * (bench/results/answer-head-2026-12-07.md). So the front door defers the headers every answer carries onto the
 * response (`deferAnswerHeaders`), and whatever answers the call writes them with its own (`writeAnswer`).
 * Headers set the usual way before (the Express path) are kept: node merges the two.
 */
import type { ServerResponse } from 'node:http';

const deferred = Symbol('tix.answerHead');
type WithHead = ServerResponse & { [deferred]?: readonly string[] };

/** Headers (name, value, name, value…) that every answer to this request carries, written with it. */
export function deferAnswerHeaders(res: ServerResponse, flat: readonly string[]): void {
  (res as WithHead)[deferred] = flat;
}

/** The status, the deferred headers, `headers` and the body's length, in one head; then the body. */
export function writeAnswer(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): void {
  const head = [...((res as WithHead)[deferred] ?? [])];
  for (const name in headers) head.push(name, headers[name]!);
  head.push('content-length', String(Buffer.byteLength(body)));
  res.writeHead(status, head);
  res.end(body);
}
