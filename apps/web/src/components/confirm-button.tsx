/**
 * A button for something that cannot be undone (cancelling a hold, a refund): the first press asks, in the page,
 * with the consequence in words; focus moves to the safe answer, so Enter twice does not cancel by accident.
 */
import { useEffect, useId, useRef, useState } from 'react';

export function ConfirmButton(props: {
  label: string;
  question: string;
  confirmLabel: string;
  keepLabel: string;
  busy?: boolean;
  onConfirm: () => void;
}) {
  const { label, question, confirmLabel, keepLabel, busy = false, onConfirm } = props;
  const [asking, setAsking] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (wasAsking.current) opener.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button ref={opener} type="button" onClick={() => setAsking(true)} disabled={busy}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-labelledby={questionId} data-testid="confirm">
      <p id={questionId}>{question}</p>
      <button
        type="button"
        className="danger"
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
        disabled={busy}
      >
        {confirmLabel}
      </button>
      <button ref={keep} type="button" onClick={() => setAsking(false)}>
        {keepLabel}
      </button>
    </div>
  );
}
