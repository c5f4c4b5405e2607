/** Who is signed in, shared by every screen; the session token itself lives in the client and localStorage. */
import { isDomainError, type RouterOutputs } from '@tix/sdk';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { forgetAllPlaces, saveSessionToken, tix } from './client';

const OWNER_KEY = 'tix.queue-owner';

export type Me = RouterOutputs['auth']['me'];

interface SessionState {
  me: Me | null;
  /** True until the stored token has been checked, so screens do not flash the sign-in form. */
  checking: boolean;
  signIn(username: string, password: string, mode: 'signIn' | 'signUp'): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(tix.credentials.sessionToken !== null);

  useEffect(() => {
    if (!tix.credentials.sessionToken) return;
    tix.auth.me.query().then(
      (who) => {
        setMe(who);
        setChecking(false);
      },
      (err: unknown) => {
        // A stale or revoked token just means "signed out"; a network failure keeps the token for the next load.
        if (isDomainError(err, 'UNAUTHENTICATED')) saveSessionToken(null);
        setChecking(false);
      },
    );
  }, []);

  const signIn = useCallback(async (username: string, password: string, mode: 'signIn' | 'signUp') => {
    const { sessionToken } = await tix.auth[mode].mutate({ username, password });
    saveSessionToken(sessionToken);
    const who = await tix.auth.me.query();
    // Waiting-room tokens are bound to the user who joined; keep them only when the same user signs back in.
    if (localStorage.getItem(OWNER_KEY) !== who.userId) forgetAllPlaces();
    localStorage.setItem(OWNER_KEY, who.userId);
    setMe(who);
  }, []);

  const signOut = useCallback(() => {
    saveSessionToken(null);
    tix.setQueueToken(null);
    setMe(null);
  }, []);

  const value = useMemo(() => ({ me, checking, signIn, signOut }), [me, checking, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
