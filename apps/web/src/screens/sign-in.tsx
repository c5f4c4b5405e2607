/**
 * Sign in or create an account; one form, two modes, errors named by field in plain words. "Show password" (a
 * toggle button, aria-pressed) reveals what was typed; creating an account asks for the password twice and says so
 * at once when the two differ, before anything is sent.
 */
import { useState, type FormEvent } from 'react';
import { Notice } from '../components/notice';
import { ScreenHeading, screenTitle } from '../components/screen-heading';
import { describeError, type ErrorInfo } from '../lib/errors';
import { navigate } from '../lib/router';
import { useSession } from '../lib/session';

const mismatch: ErrorInfo = {
  code: 'VALIDATION_FAILED',
  message: 'The two passwords do not match. Type the same password in both fields.',
  fields: ['confirm'],
};

export function SignIn({ inline = false }: { inline?: boolean }) {
  const { signIn } = useSession();
  const [mode, setMode] = useState<'signIn' | 'signUp'>('signIn');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const signingUp = mode === 'signUp';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (signingUp && password !== confirm) return setError(mismatch);
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password, mode);
      // Inline forms sit in place of a protected screen, which now renders itself; the page form goes back to
      // where the user came from (?next=), or home.
      if (!inline) navigate(safeNext(window.location.search), { replace: true });
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  const bad = (field: string) => error?.fields.includes(field) ?? false;
  const heading = signingUp ? 'Create an account' : 'Sign in';

  return (
    <section className="auth card narrow">
      <ScreenHeading title={screenTitle(heading)}>{heading}</ScreenHeading>
      {inline && <p className="muted">Sign in to continue.</p>}
      <form onSubmit={submit} noValidate>
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-invalid={bad('username')}
          required
        />
        <label htmlFor="password">Password</label>
        <div className="password-row">
          <input
            id="password"
            name="password"
            type={shown ? 'text' : 'password'}
            autoComplete={signingUp ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={bad('password')}
            aria-describedby="password-hint"
            required
          />
          <button
            type="button"
            className="show-password"
            aria-pressed={shown}
            aria-controls={signingUp ? 'password confirm-password' : 'password'}
            onClick={() => setShown(!shown)}
          >
            {/* "Show password" to a screen reader; "Show" on screen, beside the field it shows. */}
            Show<span className="visually-hidden"> password</span>
          </button>
        </div>
        <p id="password-hint" className="hint">
          {signingUp ? 'At least 8 characters.' : 'Try the demo buyer: demo / demo-pass-123.'}
        </p>
        {signingUp && (
          <>
            <label htmlFor="confirm-password">Confirm password</label>
            <input
              id="confirm-password"
              name="confirm-password"
              type={shown ? 'text' : 'password'}
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => {
                setConfirm(e.target.value);
                if (error === mismatch) setError(null);
              }}
              aria-invalid={bad('confirm')}
              required
            />
          </>
        )}
        {error && <Notice kind="error">{error.message}</Notice>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Please wait…' : signingUp ? 'Create account' : 'Sign in'}
        </button>
      </form>
      <p>
        {signingUp ? 'Already have an account?' : 'New here?'}{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode(signingUp ? 'signIn' : 'signUp');
            setError(null);
          }}
        >
          {signingUp ? 'Sign in instead' : 'Create an account'}
        </button>
      </p>
    </section>
  );
}

/** Only same-app paths, so a crafted link cannot send a freshly signed-in user to another site. */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
