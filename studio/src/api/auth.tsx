import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { apiGet, apiPost, getToken, setToken } from './client';

export interface CurrentUser {
  id: string;
  tenant: { id: string; code: string; name: string };
  login: string;
  displayName: string;
  systemRoles: string[];
  roles: { role: string; region?: string | null }[];
  dealerId?: string | null;
  locale?: string | null;
}

interface AuthState {
  user: CurrentUser | null;
  loading: boolean;
  login(tenant: string, login: string, password: string): Promise<CurrentUser>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [loading, setLoading] = useState(() => getToken() !== null);

  useEffect(() => {
    if (!getToken()) return;
    apiGet<CurrentUser>('/api/me').then(setUser, () => setToken(null)).finally(() => setLoading(false));
  }, []);
  useEffect(() => {
    const onLoggedOut = () => setUser(null);
    window.addEventListener('cf:logged-out', onLoggedOut);
    return () => window.removeEventListener('cf:logged-out', onLoggedOut);
  }, []);

  const login = useCallback(async (tenant: string, loginName: string, password: string) => {
    const res = await apiPost<{ token: string; user: CurrentUser }>('/api/auth/login', { tenant, login: loginName, password });
    setToken(res.token);
    setUser(res.user);
    return res.user;
  }, []);
  const logout = useCallback(async () => {
    try {
      await apiPost('/api/auth/logout');
    } finally {
      setToken(null);
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, loading, login, logout }), [user, loading, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

export const hasSystemRole = (user: CurrentUser | null, ...roles: string[]) =>
  !!user && user.systemRoles.some((r) => roles.includes(r));
