import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken, setUnauthenticatedHandler } from './api';
import { answer, client } from './api/client';
import type { Me, Role } from './types';

interface Auth {
  state: 'loading' | 'signedOut' | 'signedIn';
  user: Me | null;
  /** Set when the session ended on its own (expired, signed out elsewhere). */
  expired: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  has(...roles: Role[]): boolean;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [user, setUser] = useState<Me | null>(null);
  const [state, setState] = useState<Auth['state']>('loading');
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    let live = true;
    answer(client.GET('/api/v1/auth/session'))
      .then((s) => {
        if (!live) return;
        setCsrfToken(s.csrfToken);
        setUser(s.user);
        setState('signedIn');
      })
      .catch(() => live && setState('signedOut'));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setUser(null);
      setCsrfToken(null);
      setExpired(true);
      setState('signedOut');
      qc.clear();
    });
  }, [qc]);

  const login = useCallback(async (username: string, password: string) => {
    const r = await answer(client.POST('/api/v1/auth/login', { body: { username: username.trim(), password } }));
    qc.clear();
    setCsrfToken(r.csrfToken);
    setUser(r.user);
    setExpired(false);
    setState('signedIn');
  }, [qc]);

  const logout = useCallback(async () => {
    try {
      await client.POST('/api/v1/auth/logout');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    setCsrfToken(null);
    setUser(null);
    setExpired(false);
    setState('signedOut');
    qc.clear();
  }, [qc]);

  const value = useMemo<Auth>(
    () => ({ state, user, expired, login, logout, has: (...roles) => !!user && roles.some((r) => user.roles.includes(r)) }),
    [state, user, expired, login, logout],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(Ctx);
  if (!v) throw new Error('AuthProvider missing');
  return v;
}

/** The signed-in user (inside the shell only). */
export function useMe(): Me {
  const { user } = useAuth();
  if (!user) throw new Error('not signed in');
  return user;
}
