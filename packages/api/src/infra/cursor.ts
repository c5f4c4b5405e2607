/**
 * Keyset-pagination cursors: an opaque base64url of `<timestamp>|<uuid>`, the sort key of the last row of a page.
 * A cursor that does not decode is the client's mistake (VALIDATION_FAILED on `cursor`), never a 500.
 */
import { DomainError } from '../errors.js';

export interface KeysetCursor {
  at: Date;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetCursor {
  const [raw, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(raw ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(at.getTime())) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown cursor; use nextCursor from a previous page', {
      fields: ['cursor'],
    });
  }
  return { at, id };
}
