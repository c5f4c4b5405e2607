/**
 * Cues for a person waiting in a background tab: when the place turns ACTIVE, the tab title says so and, where the
 * browser allows it, a notification does too. Permission is asked when the person joins (a click), never on load.
 */
import { useEffect, useRef } from 'react';

/** Asks for notification permission if the browser has not been told yet; never throws. */
export function askToNotify(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  Notification.requestPermission().catch(() => undefined);
}

export function useAdmissionCues(status: 'WAITING' | 'ACTIVE' | 'EXPIRED' | null, title: string): void {
  const was = useRef(status);
  useEffect(() => {
    const before = was.current;
    was.current = status;
    if (status === 'WAITING') document.title = `Waiting · ${title}`;
    if (status !== 'ACTIVE') return;
    document.title = `✔ Your turn · ${title}`;
    if (
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
  // Back to the page's own title when leaving the concert.
  useEffect(() => {
    const original = document.title;
    return () => {
      document.title = original;
    };
  }, []);
}
