/** Sign in or create an account; one form, two buttons, errors named by field. */
import { useState, type FormEvent } from 'react';
import { Notice } from '../components/notice';
import { describeError, type ErrorInfo } from '../lib/errors';
import { navigate } from '../lib/router';
import { useSession } from '../lib/session';

export function SignIn({ inline = false }: { inline?: boolean }) {
  const { signIn } = useSession();
  const [mode, setMode] = useState<'signIn' | 'signUp'>('signIn');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
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

  return (
    <section className="auth card narrow">
      <h1>{mode === 'signIn' ? 'Sign in' : 'Create an account'}</h1>
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
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === 'signIn' ? 'current-password' : 'new-password'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={bad('password')}
          aria-describedby="password-hint"
          required
        />
        <p id="password-hint" className="hint">
          {mode === 'signUp' ? 'At least 8 characters.' : 'Try the demo buyer: demo / demo-pass-123.'}
        </p>
        {error && <Notice kind="error">{error.message}</Notice>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Please wait…' : mode === 'signIn' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p>
        {mode === 'signIn' ? 'New here?' : 'Already have an account?'}{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode(mode === 'signIn' ? 'signUp' : 'signIn');
            setError(null);
          }}
        >
          {mode === 'signIn' ? 'Create an account' : 'Sign in instead'}
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
