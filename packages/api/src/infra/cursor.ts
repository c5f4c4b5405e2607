/**
 * Keyset-pagination cursors: an opaque base64url of `<timestamp>|<uuid>` (or, for a page in relevance order,
 * `r<score>|<uuid>`), the sort key of the last row of a page.
 * A cursor that does not decode to a storable instant and a well-formed uuid is the client's mistake
 * (VALIDATION_FAILED on `cursor`), never a 500.
 */
import { DomainError } from '../errors.js';
import { isStorableInstant } from './input.js';

export interface KeysetCursor {
  at: Date;
  id: string;
}

/** A uuid as PostgreSQL reads it: 8-4-4-4-12 hex digits. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

function unknownCursor(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'Unknown cursor; use nextCursor from a previous page', {
    fields: ['cursor'],
  });
}

/** The sort key's text and the uuid of a cursor, or the client's mistake. */
function splitCursor(cursor: string): { key: string; id: string } {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [key, id] = parts;
  if (parts.length !== 2 || key === undefined || !id || !uuidPattern.test(id)) throw unknownCursor();
  return { key, id };
}

export function decodeCursor(cursor: string): KeysetCursor {
  const { key, id } = splitCursor(cursor);
  const at = new Date(key);
  if (!isStorableInstant(at)) throw unknownCursor();
  return { at, id };
}

export interface ScoreCursor {
  score: number;
  id: string;
}

/** A cursor for rows ordered by a score (highest first), then id. The score round-trips exactly (a float8). */
export function encodeScoreCursor(score: number, id: string): string {
  return Buffer.from(`r${score}|${id}`).toString('base64url');
}

export function decodeScoreCursor(cursor: string): ScoreCursor {
  const { key, id } = splitCursor(cursor);
  const score = key.startsWith('r') ? Number(key.slice(1)) : Number.NaN;
  if (!Number.isFinite(score)) throw unknownCursor();
  return { score, id };
}
