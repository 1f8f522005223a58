import { DatabaseOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Descriptions, Popover, Space, Tag, Typography } from 'antd';
import type { SimTenant } from '../session/sim-env';
import type { TenantFilesSource } from '../sim-loader';
import { useT } from '../../app/i18n';

export interface EnvironmentButtonProps {
  tenant: Omit<SimTenant, 'ruleSets'>;
  ruleSets: { key: string; version: number }[];
  source: TenantFilesSource;
  onImport(files: File[]): void;
  onForget(): void;
}

/** What the simulation runs against: the directory, dealers, region tree, calendars and the rule-set versions. */
export function EnvironmentButton({ tenant, ruleSets, source, onImport, onForget }: EnvironmentButtonProps) {
  const t = useT();
  const sourceText = { export: t('来自配置导出', 'from the configuration export'), imported: t('来自本浏览器导入的配置文件', 'from files imported in this browser'), missing: t('缺失', 'missing') }[source];
  const content = (
    <div style={{ width: 420 }}>
      <Descriptions size="small" column={1} bordered items={[
        { key: 'u', label: t('人员', 'People'), children: `${tenant.users.length}（/api/users）` },
        { key: 'd', label: t('经销商', 'Dealers'), children: `${tenant.dealers.length}（/api/dealers）` },
        { key: 'r', label: t('区域树', 'Region tree'), children: `${tenant.regions.length} · ${sourceText}` },
        { key: 'c', label: t('工作日历', 'Calendars'), children: `${tenant.calendars.map((c) => c.year).join(', ') || '—'} · ${sourceText}` },
        { key: 's', label: t('规则集', 'Rule sets'), children: ruleSets.map((r) => <Tag key={r.key}>{r.key} v{r.version}</Tag>) },
      ]} />
      {source === 'missing' && (
        <Typography.Paragraph type="warning" style={{ marginTop: 8, fontSize: 12 }}>
          {t('业务管理员暂无读取区域树与工作日历的接口：请导入租户配置包中的 tenant.json 与 calendars/*.json。缺失时区域条件只认同名区域，日历只算周末。',
            'Business admins have no read route for the region tree and calendars yet: import tenant.json and calendars/*.json from the tenant bundle. Without them region conditions only match equal codes and the calendar counts weekends only.')}
        </Typography.Paragraph>
      )}
      <Space style={{ marginTop: 8 }}>
        <label>
          <input
            type="file" accept=".json,application/json" multiple style={{ display: 'none' }} data-testid="sim-import-files"
            onChange={(e) => { const files = Array.from(e.target.files ?? []); e.target.value = ''; if (files.length) onImport(files); }}
          />
          <Button size="small" onClick={(e) => ((e.currentTarget.previousSibling as HTMLInputElement | null)?.click())}>{t('导入配置文件…', 'Import bundle files…')}</Button>
        </label>
        {source === 'imported' && <Button size="small" type="link" onClick={onForget}>{t('清除导入', 'Forget imported files')}</Button>}
      </Space>
    </div>
  );
  return (
    <Popover content={content} title={t('模拟环境', 'Simulation environment')} trigger="click" placement="bottomRight">
      <Button size="small" icon={source === 'missing' ? <WarningOutlined style={{ color: '#faad14' }} /> : <DatabaseOutlined />} data-testid="sim-environment">
        {t('模拟环境', 'Environment')}
      </Button>
    </Popover>
  );
}
