/**
 * The studio's editors (流程设计, 规则, 表单, 版本与部署) are for business admins and IT; a pure
 * approver's menu keeps only what they use. Hiding is a convenience: the API still decides access.
 */
const editorKeys = new Set(['/workflows', '/rule-sets', '/forms', '/deployments']);
const editorRoles = new Set(['TENANT_ADMIN', 'DEPLOYER', 'PLATFORM_ADMIN']);
const inboxRoles = new Set(['TENANT_ADMIN', 'APPROVER']);

export const seesInbox = (systemRoles: readonly string[]): boolean => systemRoles.some((r) => inboxRoles.has(r));

export function visibleMenu<T extends { key: string }>(items: T[], systemRoles: readonly string[]): T[] {
  const pureApprover = systemRoles.includes('APPROVER') && !systemRoles.some((r) => editorRoles.has(r));
  return items.filter((i) => (i.key === '/inbox' ? seesInbox(systemRoles) : !(pureApprover && editorKeys.has(i.key))));
}
