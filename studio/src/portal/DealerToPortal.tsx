import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { hasSystemRole, useAuth } from '../api/auth';

/** The studio's home for staff; a dealer user is sent to its portal instead. */
export function DealerToPortal({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (hasSystemRole(user, 'DEALER_USER')) return <Navigate to="/portal" replace />;
  return <>{children}</>;
}
