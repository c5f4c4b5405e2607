/**
 * Cues for a person waiting in a background tab: the tab title says "Waiting" and then "✔ Your turn" (admissionTitle,
 * which the concert screen gives its heading) and, where the browser allows it, a notification says it too.
 * Permission is asked when the person joins (a click), never on load.
 */
import { useEffect, useRef } from 'react';

/** Asks for notification permission if the browser has not been told yet; never throws. */
export function askToNotify(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  Notification.requestPermission().catch(() => undefined);
}

/** The concert screen's tab title for a place in line: "Waiting · X", "✔ Your turn · X", or null when neither. */
export function admissionTitle(
  status: 'WAITING' | 'ACTIVE' | 'EXPIRED' | null,
  title: string,
): string | null {
  if (status === 'WAITING') return `Waiting · ${title}`;
  if (status === 'ACTIVE') return `✔ Your turn · ${title}`;
  return null;
}

export function useAdmissionCues(status: 'WAITING' | 'ACTIVE' | 'EXPIRED' | null, title: string): void {
  const was = useRef(status);
  useEffect(() => {
    const before = was.current;
    was.current = status;
    if (
      status === 'ACTIVE' &&
      before === 'WAITING' &&
      typeof Notification !== 'undefined' &&
      Notification.permission === 'granted'
    ) {
      try {
        new Notification("It's your turn", { body: `Choose your seats for ${title}.`, tag: 'tix-admitted' });
      } catch {
        // Some browsers only allow notifications from a service worker; the title still says it.
      }
    }
  }, [status, title]);
}
