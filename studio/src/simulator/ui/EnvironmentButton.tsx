import { DatabaseOutlined } from '@ant-design/icons';
import { Button, Descriptions, Popover, Tag } from 'antd';
import type { SimTenant } from '../session/sim-env';
import { useT } from '../../app/i18n';

export interface EnvironmentButtonProps {
  tenant: Omit<SimTenant, 'ruleSets'>;
  ruleSets: { key: string; version: number }[];
}

/** What the simulation runs against: the directory, dealers, region tree, calendars and the rule-set versions. */
export function EnvironmentButton({ tenant, ruleSets }: EnvironmentButtonProps) {
  const t = useT();
  const content = (
    <div style={{ width: 420 }}>
      <Descriptions size="small" column={1} bordered items={[
        { key: 'u', label: t('人员', 'People'), children: `${tenant.users.length}（/api/users）` },
        { key: 'd', label: t('经销商', 'Dealers'), children: `${tenant.dealers.length}（/api/dealers）` },
        { key: 'r', label: t('区域树', 'Region tree'), children: `${tenant.regions.length}（/api/regions）` },
        { key: 'c', label: t('工作日历', 'Calendars'), children: `${tenant.calendars.map((c) => c.year).join(', ') || '—'}（/api/calendars）` },
        { key: 's', label: t('规则集', 'Rule sets'), children: ruleSets.map((r) => <Tag key={r.key}>{r.key} v{r.version}</Tag>) },
      ]} />
    </div>
  );
  return (
    <Popover content={content} title={t('模拟环境', 'Simulation environment')} trigger="click" placement="bottomRight">
      <Button size="small" icon={<DatabaseOutlined />} data-testid="sim-environment">
        {t('模拟环境', 'Environment')}
      </Button>
    </Popover>
  );
}
