/** Display formats: won without decimals, dates in the viewer's locale, durations as m:ss. */
const won = new Intl.NumberFormat('ko-KR', { style: 'currency', currency: 'KRW', maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatWon(amount: number | bigint): string {
  return won.format(amount);
}

export function formatDate(at: Date | string): string {
  return dateTime.format(typeof at === 'string' ? new Date(at) : at);
}

const shortDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** "12/2/26, 3:22 PM": for table cells on a phone, where the medium style wraps into five lines. */
export function formatShortDate(at: Date | string): string {
  return shortDateTime.format(typeof at === 'string' ? new Date(at) : at);
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "about 2 minutes" style wording for an ETA, which is an estimate and should read like one. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds == null) return 'estimating…';
  if (seconds < 5) return 'any moment now';
  if (seconds < 60) return `about ${Math.ceil(seconds / 5) * 5} seconds`;
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The sentence with its first letter in capitals ("seats A-1-1" → "Seats A-1-1"). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
