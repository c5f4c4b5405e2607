/**
 * Input building blocks that refuse, at the edge, what PostgreSQL would refuse later (and answer as a 500):
 * instants outside the years PostgreSQL and PGlite both store, and text with control characters (PostgreSQL refuses
 * the NUL byte in text; the others have no place in a name, a title or a password).
 */
import { z } from 'zod';

/** The instants the API accepts: 1970-01-01 up to the end of 9999 (PGlite refuses year 0 and year 275760). */
export const MIN_INSTANT = new Date('1970-01-01T00:00:00.000Z');
export const MAX_INSTANT = new Date('9999-12-31T23:59:59.999Z');

export function isStorableInstant(at: Date): boolean {
  const ms = at.getTime();
  return ms >= MIN_INSTANT.getTime() && ms <= MAX_INSTANT.getTime();
}

/** A date (or an ISO string or epoch milliseconds, as the SDK and the CLI send them) that the database can store. */
export const ZInstant = z
  .union([z.date(), z.string().max(64), z.number()], { error: 'a date' })
  .pipe(
    z.coerce
      .date<string | number | Date>({ error: 'a date' })
      .min(MIN_INSTANT, 'a date from 1970 on')
      .max(MAX_INSTANT, 'a date before the year 10000'),
  );

// C0 and C1 control characters; line breaks and tabs are allowed only where `multiline` says so. Matching them is
// the point of these patterns.
/* eslint-disable no-control-regex */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
const controlCharactersButLines = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */

export function hasControlCharacters(text: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? controlCharactersButLines : controlCharacters).test(text);
}

/** One line of text, trimmed, with no control characters. */
export function ZLine(options: { min?: number; max: number }) {
  return z
    .string({ error: 'text' })
    .trim()
    .min(
      options.min ?? 1,
      options.min === undefined || options.min === 1 ? 'required' : `at least ${options.min} characters`,
    )
    .max(options.max, `at most ${options.max} characters`)
    .refine((text) => !hasControlCharacters(text), 'no control characters');
}

/** Free text that may span lines (a description), with no other control characters. */
export function ZParagraphs(options: { max: number }) {
  return z
    .string({ error: 'text' })
    .max(options.max, `at most ${options.max} characters`)
    .refine((text) => !hasControlCharacters(text, { multiline: true }), 'no control characters');
}

/** An opaque page cursor as the API hands it out (base64url). Whether it decodes is the decoder's business. */
export const ZCursor = z
  .string({ error: 'a cursor from a previous page' })
  .max(200, 'a cursor from a previous page')
  .regex(/^[A-Za-z0-9_-]+$/, 'a cursor from a previous page');
