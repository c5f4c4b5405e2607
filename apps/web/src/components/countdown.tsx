/** Time left until a moment, as m:ss, re-rendered every second; calls onEnd once when it reaches zero. */
import { useEffect, useRef } from 'react';
import { formatDuration } from '../lib/format';
import { useNow } from '../lib/use-load';

export function secondsLeft(until: Date | null | undefined, now: number): number {
  return until ? Math.max(0, (until.getTime() - now) / 1000) : 0;
}

export function Countdown({ until, onEnd, testId }: { until: Date; onEnd?: () => void; testId?: string }) {
  const now = useNow(250);
  const left = secondsLeft(until, now);
  const ended = useRef(false);
  useEffect(() => {
    if (left <= 0 && !ended.current) {
      ended.current = true;
      onEnd?.();
    }
  }, [left, onEnd]);
  return (
    <time
      className={left < 30 ? 'countdown urgent' : 'countdown'}
      dateTime={`PT${Math.ceil(left)}S`}
      data-testid={testId}
    >
      {formatDuration(left)}
    </time>
  );
}
