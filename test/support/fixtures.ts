import { formatJson } from '../../server/bundle/json-format.js';
import type { BundleFile } from '../../server/bundle/bundle-validate.js';
import type { DemoData } from '../../server/seed/tenant-seed.service.js';

/** Every seeded test account uses this password. */
export const TEST_PASSWORD = 'test-password-123';

/** A second, small tenant, to prove tenants are walled off from each other. */
export const betaToolsManifest = {
  $schema: 'http://localhost:3000/schemas/TenantManifest.json',
  code: 'beta-tools',
  name: '贝塔工具有限公司',
  nameEn: 'Beta Tools Ltd.',
  locale: 'zh-CN',
  currency: 'CNY',
  regions: [
    { code: 'CN', name: '全国', parent: null },
    { code: 'R-WEST', name: '西部大区', parent: 'CN' },
  ],
  roles: [{ code: 'REGIONAL_SALES_MANAGER', name: '大区经理', scope: 'REGION' }],
};

export const betaToolsBundle: BundleFile[] = [{ path: 'tenant.json', content: formatJson(betaToolsManifest) }];

export const betaToolsDemo: DemoData = {
  dealers: [{ code: 'B01', name: '成都贝塔', homeRegion: 'R-WEST', authorizedRegions: ['R-WEST'], status: 'ACTIVE', tier: 'GOLD' }],
  users: [
    { login: 'admin', displayName: '贝塔管理员', systemRoles: ['TENANT_ADMIN'], roles: [] },
    { login: 'deployer', displayName: '贝塔 IT', systemRoles: ['DEPLOYER'], roles: [] },
    { login: 'b01.buyer', displayName: '成都贝塔 采购', systemRoles: ['DEALER_USER'], dealer: 'B01', roles: [] },
  ],
};
