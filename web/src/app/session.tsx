import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { api, setCsrfToken, setUnauthenticatedHandler, unwrap } from '../api/client';
import { fetchMe, keys } from '../api/queries';
import type { Me } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** Why the sign-in screen is showing, when it is not the first visit. */
export type SignInNotice = 'expired' | 'signedOut' | null;

interface SessionValue {
  /** undefined while the first GET /v1/me is on its way; null when signed out. */
  me: Me | null | undefined;
  isLoading: boolean;
  error: unknown;
  retry(): void;
  notice: SignInNotice;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Whether the principal holds a permission (names from src/modules/access/domain/permissions.ts). */
  can(permission: string): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * The signed-in user, from GET /v1/me (which also gives the session's CSRF token after a reload). A 401
 * on any call while signed in means the session ended (idle or absolute timeout, sign-out elsewhere, a
 * disabled account): every cached answer is dropped and the sign-in screen says the session expired.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const { setUser } = useI18n();
  const [notice, setNotice] = useState<SignInNotice>(null);
  const query = useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 60_000, retry: 1 });
  const me = query.data;
  const signedIn = useRef(false);
  signedIn.current = Boolean(me);

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
    setUser(me ? me.userId : null);
  }, [me, setUser]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (!signedIn.current) return;
      signedIn.current = false;
      setCsrfToken(null);
      setNotice('expired');
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      client.setQueryData(keys.me, null);
    });
    return () => setUnauthenticatedHandler(null);
  }, [client]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await unwrap(api.POST('/v1/auth/login', { body: { email, password } }));
      setCsrfToken(result.csrfToken);
      const current = await fetchMe();
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      client.setQueryData(keys.me, current);
      setNotice(null);
    },
    [client],
  );

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST('/v1/auth/logout', { body: {} }));
    } catch {
      // Signed out either way: the session may already have ended on the server.
    }
    signedIn.current = false;
    setCsrfToken(null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    client.setQueryData(keys.me, null);
    setNotice('signedOut');
  }, [client]);

  const value = useMemo<SessionValue>(() => {
    const permissions = new Set(me?.permissions ?? []);
    return {
      me,
      isLoading: query.isPending,
      error: query.error,
      retry: () => void query.refetch(),
      notice,
      signIn,
      signOut,
      can: (permission) => permissions.has(permission),
    };
  }, [me, query.isPending, query.error, query.refetch, notice, signIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in principal; only inside routes behind RequireAuth. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
