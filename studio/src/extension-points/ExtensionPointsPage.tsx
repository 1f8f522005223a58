import { Alert, Card, Collapse, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { contractFields, type ContractField } from '../../../schemas/extension-points/contract-fields';
import type { ExtensionPoint } from '../../../schemas/extension-points/registry';
import { apiGet } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLabel, useT } from '../app/i18n';

type Localized = { zh: string; en: string };
interface PointView extends Omit<ExtensionPoint, 'label' | 'description' | 'calledAt' | 'whenUnbound'> {
  label: Localized; description: Localized; calledAt: Localized; whenUnbound?: Localized;
  binding: { key: string; name: Localized | null; published: boolean; version: number | null } | null;
}

const typeWords: Record<string, [string, string]> = {
  money: ['金额', 'money'], rate: ['比例', 'rate'], decimal: ['精确小数', 'decimal'], integer: ['整数', 'integer'], number: ['数字', 'number'],
  string: ['文本', 'text'], boolean: ['是/否', 'yes/no'], date: ['日期', 'date'], region: ['区域', 'region'], enum: ['代码', 'code'],
  list: ['列表', 'list'], object: ['对象', 'object'],
};

function FieldTable({ fields }: { fields: ContractField[] }) {
  const t = useT();
  const label = useLabel();
  return (
    <Table<ContractField>
      size="small" pagination={false} rowKey="path" dataSource={fields}
      columns={[
        { title: t('字段', 'Field'), dataIndex: 'path', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
        { title: t('含义', 'Meaning'), render: (_, f) => label(f.label, '') },
        {
          title: t('类型', 'Type'),
          render: (_, f) => {
            const [zh, en] = typeWords[f.valueType] ?? [f.valueType, f.valueType];
            const notes = [
              f.dictionary ? t(`取自字典 ${f.dictionary}`, `from dictionary ${f.dictionary}`) : '',
              f.customFields ? t(`租户的 ${f.customFields} 自定义字段`, `the tenant's ${f.customFields} custom fields`) : '',
              f.values ? f.values.join(' / ') : '',
              f.nullable ? t('可为空', 'may be null') : '',
            ].filter(Boolean);
            return <span>{t(zh, en)}{notes.length ? <Typography.Text type="secondary">（{notes.join('；')}）</Typography.Text> : null}</span>;
          },
        },
        { title: t('必有', 'Always'), dataIndex: 'required', width: 70, render: (r: boolean) => (r ? <Tag color="blue">{t('是', 'yes')}</Tag> : null) },
      ]}
    />
  );
}

/**
 * Where the platform calls the tenant's rules and flows: every extension point with its contract
 * (what the platform provides, what it requires back) and the rule set or flow bound to it.
 */
export default function ExtensionPointsPage() {
  const t = useT();
  const label = useLabel();
  const points = useRequest(() => apiGet<{ points: PointView[] }>('/api/extension-points'), []);
  if (points.error) return <Alert type="error" showIcon message={t('读取扩展点失败', 'Could not load the extension points')} description={points.error instanceof Error ? points.error.message : String(points.error)} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('扩展点', 'Extension points')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('平台在这些地方调用本租户的规则集与流程。绑定写在租户清单（tenant.json 的 extensionPoints）里；校验、部署和发布都会按下面的约定检查。',
          "The platform calls the tenant's rule sets and flows at these points. The bindings live in the manifest (tenant.json, extensionPoints); validate, deploy and publish check them against the contracts below.")}
      </Typography.Paragraph>
      {(points.data?.points ?? []).map((p) => {
        const target = p.binding ? (p.kind === 'ruleSet' ? `/rule-sets/${p.binding.key}` : `/workflows/${p.binding.key}`) : null;
        return (
          <Card key={p.key} size="small" data-testid={`point-${p.key}`}
            title={<Space>{label(p.label)}<Tag>{p.kind === 'ruleSet' ? t('规则集', 'Rule set') : t('流程', 'Workflow')}</Tag></Space>}
            extra={p.binding
              ? <Space><Link to={target!}>{p.binding.name ? label(p.binding.name) : p.binding.key}</Link>{p.binding.published ? <Tag color="green">v{p.binding.version}</Tag> : <Tag color="red">{t('未发布', 'Not published')}</Tag>}</Space>
              : <Tag color={p.required ? 'red' : 'default'}>{p.required ? t('未绑定（必需）', 'Not bound (required)') : t('未绑定', 'Not bound')}</Tag>}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('作用', 'What it decides')}>{label(p.description)}</Descriptions.Item>
              <Descriptions.Item label={t('调用时机', 'Called at')}>{label(p.calledAt)}</Descriptions.Item>
              {!p.binding && p.whenUnbound ? <Descriptions.Item label={t('未绑定时', 'When unbound')}>{label(p.whenUnbound)}</Descriptions.Item> : null}
            </Descriptions>
            <Collapse size="small" items={[
              { key: 'provides', label: p.kind === 'ruleSet' ? t('平台提供的事实', 'Facts the platform provides') : t('平台提供的流程变量', 'Variables the platform provides'), children: <FieldTable fields={contractFields(p.provides)} /> },
              ...(p.requires ? [{ key: 'requires', label: t('规则集必须给出的输出', 'Outputs the rule set must give'), children: <FieldTable fields={contractFields(p.requires)} /> }] : []),
            ]} />
          </Card>
        );
      })}
    </Space>
  );
}
