/**
 * "The sale is very busy" while the SDK waits to retry a call the server refused for load. The client reports each
 * retry here; the notice stays for the wait plus a moment and then clears itself, so a retry that succeeded leaves
 * no trace and one that keeps failing keeps it up.
 */
import { describeRetry, type RetryInfo } from '@tix/sdk';
import { useSyncExternalStore } from 'react';

let message: string | null = null;
let clearTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function set(next: string | null): void {
  message = next;
  for (const listener of listeners) listener();
}

export function reportRetry(info: RetryInfo): void {
  set(describeRetry(info));
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => set(null), info.delayMs + 1500);
}

export function useBusyMessage(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => message,
  );
}
