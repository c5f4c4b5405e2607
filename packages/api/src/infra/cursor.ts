/**
 * Keyset-pagination cursors: an opaque base64url of `<timestamp>|<uuid>`, the sort key of the last row of a page.
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

export function decodeCursor(cursor: string): KeysetCursor {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [raw, id] = parts;
  const at = new Date(raw ?? '');
  if (parts.length !== 2 || !id || !uuidPattern.test(id) || !isStorableInstant(at)) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown cursor; use nextCursor from a previous page', {
      fields: ['cursor'],
    });
  }
  return { at, id };
}
