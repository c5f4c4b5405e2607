/** A message box: errors interrupt screen readers (role=alert), everything else is announced politely. */
import type { ReactNode } from 'react';

export function Notice({
  kind,
  children,
  testId,
}: {
  kind: 'error' | 'info' | 'success' | 'warning';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`notice notice-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}
