/** Platform permissions. Declared once; the user schema, the server's guards and the studio derive from it. */
export const systemRoles = ['PLATFORM_ADMIN', 'TENANT_ADMIN', 'APPROVER', 'DEALER_USER', 'DEPLOYER'] as const;
export type SystemRole = (typeof systemRoles)[number];

export const systemRoleLabels: Record<SystemRole, { zh: string; en: string }> = {
  PLATFORM_ADMIN: { zh: '平台管理员', en: 'Platform admin' },
  TENANT_ADMIN: { zh: '业务管理员', en: 'Business admin' },
  APPROVER: { zh: '审批人', en: 'Approver' },
  DEALER_USER: { zh: '经销商用户', en: 'Dealer user' },
  DEPLOYER: { zh: 'IT 部署', en: 'Deployer (IT)' },
};
