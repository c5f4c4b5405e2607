/**
 * The concert list's search box: results follow the typing after a short pause (one request per pause, not per
 * key), and the words live in the URL (`/?q=…`) so a search can be shared, reloaded and gone back to.
 */
import { useEffect, useId, useState } from 'react';

/** How long typing must pause before a search is sent. */
const DEBOUNCE_MS = 250;

function queryInUrl(): string {
  return new URLSearchParams(window.location.search).get('q') ?? '';
}

/** The text in the box, and the same text once typing has paused (what to search for), kept in the URL. */
export function useSearchQuery(): { text: string; query: string; setText: (text: string) => void } {
  const [text, setText] = useState(queryInUrl);
  const [query, setQuery] = useState(text);

  useEffect(() => {
    const id = setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [text]);

  useEffect(() => {
    const url = new URL(window.location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    // Replace, not push: each pause in typing is not a page the back button should step through.
    if (url.href !== window.location.href) history.replaceState(null, '', url);
  }, [query]);

  useEffect(() => {
    const back = () => setText(queryInUrl());
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);

  return { text, query, setText };
}

export function ConcertSearchBox({
  text,
  onText,
  status,
}: {
  text: string;
  onText: (text: string) => void;
  /** What the results are, read out by screen readers when it changes ("3 concerts match …"). */
  status: string;
}) {
  const id = useId();
  return (
    <div className="concert-search" role="search">
      <label htmlFor={id}>Search concerts</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Title, artist, venue or city"
        autoComplete="off"
        onChange={(e) => onText(e.target.value)}
      />
      <p className="muted concert-search-status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
