import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../api/auth';
import { inboxApi, type Colleague } from './inbox.api';

/** The tenant's people (approvers and admins may list them): names for ids and the 转交 / 加签 choices. */
export function useColleagues(): { people: Colleague[]; nameOf(id: string): string } {
  const { user } = useAuth();
  const [people, setPeople] = useState<Colleague[]>([]);
  const canList = !!user?.systemRoles.some((r) => r === 'APPROVER' || r === 'TENANT_ADMIN');
  useEffect(() => {
    if (!canList) return;
    let alive = true;
    inboxApi.users().then((rows) => alive && setPeople(rows), () => undefined);
    return () => {
      alive = false;
    };
  }, [canList]);
  const nameOf = useCallback((id: string) => {
    const p = people.find((u) => u.id === id);
    if (p) return p.displayName;
    if (user?.id === id) return user.displayName;
    return id === 'system' ? 'system' : id.slice(0, 8);
  }, [people, user]);
  return { people, nameOf };
}
