/**
 * Sends one hostile request over raw HTTP (fetch, no SDK) and judges the answer: never a 5xx, every error with a
 * domain code from the closed set, and no runtime or library text in any message. Subscriptions are read for a
 * moment (their errors arrive inside the event stream) and then dropped.
 */
import { domainCodes } from '@tix/api';
import { sendWithNodeHttp } from './node-http.js';

export interface Credentials {
  label: string;
  sessionToken?: string;
  /** A subscription's one-minute stand-in for the session (auth.streamTicket); only ever sent in the URL. */
  streamTicket?: string;
  queueToken?: string;
  /** Send them as tRPC connection params in the URL, as EventSource does, instead of headers. */
  inUrl?: boolean;
}

export interface HostileRequest {
  method: string;
  /** Procedure paths after /trpc/ (several: a batch). */
  paths: string[];
  batch: boolean;
  /** One envelope per path (JSON-encoded here), or the raw body / input text as is. */
  envelopes: unknown[] | { raw: string };
  credentials: Credentials;
  contentType?: string | null;
  /** Send it as a browser's CORS preflight (an Origin and the method it asks for). */
  preflight?: boolean;
}

export interface HostileAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** JSON that also carries what JSON cannot: bigints as digits (a hostile client may send any text). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Node refuses request heads beyond 16 kB before anything of ours runs; longer inputs go in a POST body. */
const maxUrlLength = 12_000;

function inputText(request: HostileRequest): string | undefined {
  const { envelopes } = request;
  if ('raw' in envelopes) return envelopes.raw;
  if (!request.batch) return envelopes[0] === undefined ? undefined : toJson(envelopes[0]);
  return toJson(Object.fromEntries(envelopes.map((e, i) => [String(i), e])));
}

export function describeRequest(request: HostileRequest): string {
  const input = inputText(request) ?? '';
  const shown = input.length > 300 ? `${input.slice(0, 300)}… (${input.length} chars)` : input;
  return `${request.method} /trpc/${request.paths.join(',')}${request.batch ? '?batch=1' : ''} [${request.credentials.label}] ${shown}`;
}

export async function sendHostile(baseUrl: string, request: HostileRequest): Promise<HostileAnswer> {
  const { credentials } = request;
  const query = new URLSearchParams();
  if (request.batch) query.set('batch', '1');
  const headers: Record<string, string> = {};
  if (credentials.inUrl) {
    const { sessionToken, streamTicket, queueToken } = credentials;
    const params = { sessionToken, streamTicket, queueToken };
    query.set('connectionParams', JSON.stringify(params));
  } else {
    if (credentials.sessionToken) headers.authorization = `Bearer ${credentials.sessionToken}`;
    if (credentials.queueToken) headers['x-queue-token'] = credentials.queueToken;
  }
  const input = inputText(request);
  let method = request.method;
  let body: string | undefined;
  if (method === 'GET' || method === 'HEAD') {
    if (input !== undefined) query.set('input', input);
  } else {
    body = input ?? '';
    if (request.contentType !== null) headers['content-type'] = request.contentType ?? 'application/json';
  }
  let url = `${baseUrl}/trpc/${request.paths.join(',')}?${query.toString()}`;
  if (url.length > maxUrlLength) {
    query.delete('input');
    url = `${baseUrl}/trpc/${request.paths.join(',')}?${query.toString()}`;
    method = 'POST';
    body = input;
    headers['content-type'] = 'application/json';
  }
  if (request.preflight) {
    headers.origin = 'https://elsewhere.example';
    headers['access-control-request-method'] = 'POST';
    headers['access-control-request-headers'] = 'content-type, authorization';
  }
  // fetch refuses TRACE (and CONNECT); node:http sends anything.
  if (method === 'TRACE') {
    const answer = await sendWithNodeHttp(url, method, headers);
    return { status: answer.status, contentType: answer.headers['content-type'] ?? '', text: answer.text };
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  try {
    const response = await fetch(url, { method, headers, body, signal: abort.signal });
    const contentType = response.headers.get('content-type') ?? '';
    const text = contentType.includes('text/event-stream')
      ? await readEvents(response, abort)
      : await response.text();
    return { status: response.status, contentType, text };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** Reads a subscription until its first event other than `connected` or `ping` (or 400 ms), then hangs up. */
async function readEvents(response: Response, abort: AbortController): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = setTimeout(() => abort.abort(), 400);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const events = text.split('\n\n').slice(0, -1);
      if (events.some((e) => !/^(event: (connected|ping))/m.test(e))) break;
    }
  } catch {
    // Aborted at the deadline: what arrived is the answer.
  } finally {
    clearTimeout(deadline);
  }
  return text;
}

/** Text that shows the runtime, a library, the database, or the code's own insides rather than a message of ours. */
const leakPatterns = [
  /Iterator value/i,
  /Maximum call stack/i,
  /Cannot convert/i,
  // The wire format is public (superjson, API.md) and the fixed envelope messages may name it; superjson's own
  // texts (unknown class, its issue links) may not.
  /superjson\/|blitz-js|deserialize unknown|Trying to/i,
  /github\.com/i,
  /\b(Type|Range|Syntax|Reference)Error\b/,
  /\bat .+:\d+:\d+/,
  /node_modules/,
  /Unexpected (token|end of JSON)/i,
  /is not a function|is not iterable|Cannot read propert|undefined is not/i,
  /invalid input syntax|violates|out of range for type|null character not permitted|time zone displacement/i,
  /postgres|pglite|kysely|ioredis|zod/i,
];

interface ErrorShape {
  message?: unknown;
  data?: { domainCode?: unknown; httpStatus?: unknown; stack?: unknown };
}

function errorsIn(value: unknown): ErrorShape[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    const error = (item as { error?: { json?: ErrorShape } } | null)?.error;
    return error ? [error.json ?? (error as ErrorShape)] : [];
  });
}

function judgeError(error: ErrorShape, problems: string[]): void {
  const code = error.data?.domainCode;
  if (typeof code !== 'string' || !(domainCodes as string[]).includes(code))
    problems.push(`domain code ${JSON.stringify(code)} not in the closed set`);
  if (typeof error.data?.httpStatus === 'number' && error.data.httpStatus >= 500)
    problems.push(`error with httpStatus ${error.data.httpStatus} (${String(code)})`);
  if (error.data?.stack !== undefined) problems.push('a stack trace in the answer');
  const message = typeof error.message === 'string' ? error.message : '';
  for (const pattern of leakPatterns) {
    if (pattern.test(message)) problems.push(`message leaks ${pattern}: ${message.slice(0, 200)}`);
  }
}

/** What is wrong with an answer; an empty list is a pass. */
export function judgeAnswer(answer: HostileAnswer, method: string): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  if (method === 'HEAD' || answer.status === 204) return problems;
  if (answer.contentType.includes('text/event-stream')) {
    for (const event of answer.text.split('\n\n')) {
      if (!/^event: serialized-error/m.test(event)) continue;
      const data = /^data: (.*)$/m.exec(event)?.[1] ?? 'null';
      try {
        // The error shape, written by the transformer: { json: shape } (with meta when it needed one).
        const written = JSON.parse(data) as { json?: ErrorShape };
        judgeError(written.json ?? {}, problems);
      } catch {
        problems.push(`unreadable stream error: ${data.slice(0, 200)}`);
      }
    }
    return problems;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    problems.push(`not JSON (${answer.contentType}): ${answer.text.slice(0, 200)}`);
    return problems;
  }
  for (const error of errorsIn(parsed)) judgeError(error, problems);
  if (answer.status >= 400 && errorsIn(parsed).length === 0)
    problems.push('an error status without an error body');
  return problems;
}

/** The domain code of an answer: the first error's, in the body or in the event stream. */
export function domainCodeOf(answer: HostileAnswer): string | null {
  return /"domainCode":"(\w+)"/.exec(answer.text)?.[1] ?? null;
}
