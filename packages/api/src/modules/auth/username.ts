/**
 * A username's canonical form: Unicode NFKC (so a full-width `ａｄｍｉｎ` is `admin`) and lower case. Usernames are
 * stored, compared and rate-limited in this form, so `ADMIN` and `admin` are one account.
 */
export function canonicalUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}
