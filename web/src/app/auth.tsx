import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onSessionExpired } from '../api/client.ts';
import type { User } from '../api/types.ts';

interface Auth {
  /** undefined while the session is being checked; null when signed out. */
  readonly user: User | null | undefined;
  /** True after the server said the session ended (idle timeout), until the next sign-in. */
  readonly expired: boolean;
  /** Signs in; `totp` is the authenticator's code, for an account with a second factor. */
  signIn(username: string, password: string, totp?: string): Promise<User>;
  signOut(): Promise<void>;
  /** Reads the session again: after a password change or an enrollment lifts its restriction. */
  refresh(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export const AuthProvider = ({ children }: { children: ReactNode }) => {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    await api
      .get<{ user: User }>('/api/session')
      .then(({ user: current }) => setUser(current))
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setUser(null);
        else setUser(null);
      });
  }, []);

  useEffect(() => {
    void refresh();
    return onSessionExpired(() => {
      setExpired(true);
      setUser(null);
    });
  }, [refresh]);

  const signIn = useCallback(async (username: string, password: string, totp?: string) => {
    const { user: signedIn } = await api.post<{ user: User }>('/api/session', { username, password, ...(totp ? { totp } : {}) });
    setExpired(false);
    setUser(signedIn);
    return signedIn;
  }, []);

  const signOut = useCallback(async () => {
    await api.delete('/api/session').catch(() => undefined);
    setExpired(false);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, expired, signIn, signOut, refresh }), [user, expired, signIn, signOut, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
};

export const useAuth = (): Auth => {
  const context = useContext(AuthContext);
  if (context === null) throw new Error('useAuth outside AuthProvider');
  return context;
};

/** The signed-in user; only for pages behind the shell, which renders nothing without one. */
export const useUser = (): User => {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
};
