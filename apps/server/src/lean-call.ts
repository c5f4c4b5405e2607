/**
 * Which requests the lean path (lean-trpc.ts) takes: a single GET or POST call with only `input` and `batch`
 * parameters, JSON in and out, a body within the adapter's limit; anything else is the official adapter's. Decided
 * synchronously from the head alone, so the front door (front-door.ts) knows before any rule runs.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AnyProcedure, AnyRouter } from '@trpc/server/unstable-core-do-not-import';

/** What deciding whether the lean path takes a request reads: no body, no socket. */
export interface LeanRequestHead {
  method?: string | undefined;
  headers: IncomingHttpHeaders;
  /** The path after the /trpc mount (`/queue.status`). */
  path: string;
  query: Record<string, unknown>;
}

/**
 * The procedure at `path` as tRPC's `getProcedureAtPath` finds it, without its promise: null when there is none,
 * `'lazy'` when a lazy part of the router not loaded yet might hold it.
 */
export function procedureNow(router: AnyRouter, path: string): AnyProcedure | null | 'lazy' {
  const def = router._def as { procedures: Record<string, unknown>; lazy?: Record<string, unknown> };
  const found = def.procedures[path] as AnyProcedure | undefined;
  if (found) return found;
  for (const key in def.lazy ?? {}) if (path === key || path.startsWith(`${key}.`)) return 'lazy';
  return null;
}

export function leanPath(
  req: LeanRequestHead,
  query: Record<string, unknown>,
  maxBodySize: number,
): string | null {
  const method = req.method;
  if (method !== 'GET' && method !== 'POST') return null;
  const path = req.path.slice(1);
  if (path.length === 0 || path.includes('%') || path.includes(',') || path.includes('/')) return null;
  for (const key in query) if (key !== 'input' && key !== 'batch') return null;
  if (query.batch !== undefined && query.batch !== '1') return null;
  if (query.input !== undefined && typeof query.input !== 'string') return null;
  if (req.headers['trpc-accept'] !== undefined) return null;
  const accept = req.headers.accept;
  if (accept !== undefined && accept.includes('application/jsonl')) return null;
  const contentType = req.headers['content-type'];
  if (method === 'GET') return contentType === undefined || isJson(contentType) ? path : null;
  if (contentType === undefined || !isJson(contentType)) return null;
  const length = Number(req.headers['content-length']);
  if (!Number.isInteger(length) || length < 0 || length > maxBodySize) return null;
  return path;
}

/** Media types are case-insensitive; parameters (charset) do not matter, as in tRPC's own check. */
function isJson(contentType: string): boolean {
  return contentType.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}
