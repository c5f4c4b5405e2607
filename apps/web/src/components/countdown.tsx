/**
 * Time left until a moment, as m:ss, re-rendered every second; calls onEnd once when it reaches zero. With
 * `announce`, a polite live region says, once each, when 2 minutes and 30 seconds are left (marks already past when
 * the countdown appears are not said).
 */
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../lib/format';
import { useNow } from '../lib/use-load';

export function secondsLeft(until: Date | null | undefined, now: number): number {
  return until ? Math.max(0, (until.getTime() - now) / 1000) : 0;
}

const marks = [
  { seconds: 120, words: '2 minutes' },
  { seconds: 30, words: '30 seconds' },
];

/** The sentence to say when a mark is crossed, once each; nothing for marks already past on the first call. */
function useMarks(left: number, announce: ((words: string) => string) | undefined): string {
  const [said, setSaid] = useState('');
  const passed = useRef<Set<number> | null>(null);
  useEffect(() => {
    if (!announce) return;
    if (passed.current === null) {
      passed.current = new Set(marks.filter((m) => left <= m.seconds).map((m) => m.seconds));
      return;
    }
    const crossed = marks.filter((m) => left <= m.seconds && !passed.current!.has(m.seconds));
    for (const m of crossed) passed.current.add(m.seconds);
    const last = crossed[crossed.length - 1];
    if (last) setSaid(announce(last.words));
  }, [left, announce]);
  return said;
}

export function Countdown({
  until,
  onEnd,
  testId,
  announce,
}: {
  until: Date;
  onEnd?: () => void;
  testId?: string;
  /** "2 minutes" → the sentence to announce at that mark. */
  announce?: (words: string) => string;
}) {
  const now = useNow(250);
  const left = secondsLeft(until, now);
  const ended = useRef(false);
  const said = useMarks(left, announce);
  useEffect(() => {
    if (left <= 0 && !ended.current) {
      ended.current = true;
      onEnd?.();
    }
  }, [left, onEnd]);
  return (
    <>
      <time
        className={left < 30 ? 'countdown urgent' : 'countdown'}
        dateTime={`PT${Math.ceil(left)}S`}
        data-testid={testId}
      >
        {formatDuration(left)}
      </time>
      {announce && (
        <span className="visually-hidden" aria-live="polite" data-testid={testId && `${testId}-warning`}>
          {said}
        </span>
      )}
    </>
  );
}
