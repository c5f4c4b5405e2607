/**
 * A screen's main heading: it names the browser tab ("Seats — Neon Waves Festival · tix") and, after an in-app
 * navigation, takes focus (tabindex=-1) so screen readers announce the new screen instead of falling to the body.
 * `FocusHeading` is a section's heading that takes focus when a person's action brought it (Join, say).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { takePendingFocus } from '../lib/router';

export const appName = 'tix';

/** "Seats — Neon Waves Festival · tix": what the screen is, then what it is about, then the app. */
export function screenTitle(...parts: (string | null | undefined)[]): string {
  return `${parts.filter(Boolean).join(' — ')} · ${appName}`;
}

/** Sets the tab's title while mounted and whenever it changes. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}

export function ScreenHeading({
  title,
  children,
  focus = false,
}: {
  /** The tab's title; see screenTitle. */
  title: string;
  children: ReactNode;
  /** Takes focus on mount even without a navigation (a screen that replaces itself, such as "You have tickets!"). */
  focus?: boolean;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title);
  useEffect(() => {
    if (takePendingFocus() || focus) ref.current?.focus();
    // Only on mount: the heading of a screen that stays is not re-announced when its text changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- mount only, as above
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="screen-heading">
      {children}
    </h1>
  );
}

/** A section heading (h2) that takes focus on mount when `focus` is set. */
export function FocusHeading({ id, focus, children }: { id?: string; focus: boolean; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- mount only: focus follows the action that showed it
  }, []);
  return (
    <h2 ref={ref} id={id} tabIndex={-1} className="screen-heading">
      {children}
    </h2>
  );
}

/**
 * For screens whose heading is not a ScreenHeading (the operator's): names the tab and, after a navigation, moves
 * focus to the first heading in the main area.
 */
export function ScreenTitle({ title }: { title: string }) {
  useDocumentTitle(title);
  useEffect(() => {
    if (!takePendingFocus()) return;
    const heading = document.querySelector<HTMLElement>('#main h1');
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  }, []);
  return null;
}
