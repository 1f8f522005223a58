import { useEffect, useState } from 'react';
import { apiGet } from '../api/client';
import { useAuth } from '../api/auth';

interface UserRow {
  id: string;
  login: string;
  displayName: string;
}

/** Who a user id is (versions name their author by id). Only business admins may list users; others see the login-less id. */
export function useUserNames(): (id: string | null | undefined) => string | undefined {
  const { user } = useAuth();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const canList = !!user?.systemRoles.includes('TENANT_ADMIN');
  useEffect(() => {
    if (!canList) return;
    let alive = true;
    apiGet<UserRow[]>('/api/users').then(
      (rows) => alive && setNames(new Map(rows.map((u) => [u.id, `${u.displayName}（${u.login}）`]))),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [canList]);
  return (id) => (id ? names.get(id) ?? (user?.id === id ? `${user.displayName}（${user.login}）` : undefined) : undefined);
}
