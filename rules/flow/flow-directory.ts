import type { DirectoryUser, FlowDirectory } from './flow-env.types.js';

export interface DirectorySnapshot {
  users: readonly DirectoryUser[];
  tenantAdmins: readonly string[];
}

/** A directory over a plain snapshot (the simulator's and the tests'; the server may build the same per command). */
export function createFlowDirectory(snapshot: DirectorySnapshot): FlowDirectory {
  const byId = new Map(snapshot.users.map((u) => [u.id, u]));
  const active = (u: DirectoryUser) => u.active !== false;
  return {
    findUser: (id) => byId.get(id),
    usersWithRole(role, region) {
      return snapshot.users
        .filter((u) => active(u) && u.roles.some((r) => r.role === role && (region == null || r.region == null || r.region === region)))
        .map((u) => u.id);
    },
    managerOf: (id) => byId.get(id)?.managerId ?? undefined,
    tenantAdmins: () => snapshot.tenantAdmins.filter((id) => { const u = byId.get(id); return u !== undefined && active(u); }),
  };
}
