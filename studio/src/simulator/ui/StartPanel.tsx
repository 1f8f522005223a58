import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Select, Space, Switch, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { FieldDecl } from '../../../../rules/index';
import type { FlowDefinition, Json } from '../../../../rules/flow/index';
import { useLabel, useT } from '../../app/i18n';
import type { SimDealer, SimUser } from '../session/sim-env';
import { fromShanghaiTime, shanghaiTime } from './describe';

export interface StartPanelProps {
  def: FlowDefinition;
  users: SimUser[];
  dealers: SimDealer[];
  initial: { initiator: string; variables: Record<string, Json>; startAt: string };
  sample(): Record<string, Json>;
  declared(): Record<string, Json>;
  busy: boolean;
  onStart(start: { initiator: string; variables: Record<string, Json>; startAt: string }): void;
}

export function userLabel(u: SimUser): string {
  return `${u.displayName}（${u.login}）`;
}

function ScalarInput({ decl, value, onChange }: { decl: FieldDecl; value: Json | undefined; onChange(v: Json): void }) {
  switch (decl.type) {
    case 'integer': case 'number':
      return <InputNumber style={{ width: '100%' }} value={typeof value === 'number' ? value : undefined} onChange={(v) => onChange(v ?? 0)} />;
    case 'boolean':
      return <Switch checked={value === true} onChange={onChange} />;
    case 'enum':
      return <Select value={value as string} options={(decl.values ?? []).map((v) => ({ value: v, label: v }))} onChange={onChange} />;
    case 'list': case 'object':
      return <JsonField value={value} onChange={onChange} rows={3} />;
    default:
      return <Input value={typeof value === 'string' ? value : JSON.stringify(value ?? '')} onChange={(e) => onChange(e.target.value)} placeholder={decl.type} />;
  }
}

function JsonField({ value, onChange, rows }: { value: Json | undefined; onChange(v: Json): void; rows: number }) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [bad, setBad] = useState(false);
  useEffect(() => setText(JSON.stringify(value ?? null, null, 2)), [value]);
  return (
    <Input.TextArea
      rows={rows} value={text} status={bad ? 'error' : undefined} style={{ fontFamily: 'monospace', fontSize: 12 }}
      onChange={(e) => {
        setText(e.target.value);
        try { onChange(JSON.parse(e.target.value) as Json); setBad(false); } catch { setBad(true); }
      }}
    />
  );
}

/** The start form: initiator, virtual start time and the start variables (a form from the declaration, or JSON). */
export function StartPanel({ def, users, dealers, initial, sample, declared, busy, onStart }: StartPanelProps) {
  const t = useT();
  const label = useLabel();
  const [initiator, setInitiator] = useState(initial.initiator);
  const [startAt, setStartAt] = useState(initial.startAt);
  const [variables, setVariables] = useState<Record<string, Json>>(initial.variables);
  const [jsonText, setJsonText] = useState(() => JSON.stringify(initial.variables, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const setAll = (next: Record<string, Json>) => { setVariables(next); setJsonText(JSON.stringify(next, null, 2)); setJsonError(null); };
  const chosen = users.find((u) => u.id === initiator);
  const dealer = chosen?.dealerCode ? dealers.find((d) => d.code === chosen.dealerCode) : undefined;
  const options = useMemo(() => [
    { label: t('员工', 'Staff'), options: users.filter((u) => !u.systemRoles.includes('DEALER_USER')).map((u) => ({ value: u.id, label: userLabel(u) })) },
    { label: t('经销商用户', 'Dealer users'), options: users.filter((u) => u.systemRoles.includes('DEALER_USER')).map((u) => ({ value: u.id, label: `${userLabel(u)} · ${u.dealerCode ?? ''}` })) },
  ], [users, t]);

  return (
    <Form layout="vertical" size="small" data-testid="sim-start-form">
      <Form.Item label={t('发起人', 'Initiator')} required>
        <Select
          showSearch optionFilterProp="label" value={initiator || undefined} options={options} onChange={setInitiator}
          placeholder={t('选择员工或经销商用户', 'Pick a staff member or a dealer user')} data-testid="sim-initiator"
        />
      </Form.Item>
      {dealer && (
        <Alert
          type="info" showIcon style={{ marginBottom: 8 }}
          message={t(`按服务器规则，经销商 ${dealer.code}（${dealer.name}）的主数据（状态、等级、区域、自定义字段如信用额度）覆盖表单中的 dealer`,
            `As on the server, dealer ${dealer.code}'s master data (status, tier, regions, custom fields such as the credit limit) overrides the form's dealer`)}
        />
      )}
      <Form.Item label={t('模拟开始时间（北京时间）', 'Simulated start time (Asia/Shanghai)')}>
        <DatePicker
          showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} allowClear={false}
          value={dayjs(shanghaiTime(startAt), 'YYYY-MM-DD HH:mm')} data-testid="sim-start-at"
          onChange={(d) => d && setStartAt(fromShanghaiTime(d.format('YYYY-MM-DD HH:mm')))}
        />
      </Form.Item>
      <Space style={{ marginBottom: 8 }} wrap>
        <Button onClick={() => setAll(sample())} data-testid="sim-sample">{t('填入示例数据', 'Fill sample data')}</Button>
        <Button onClick={() => setAll(declared())}>{t('按声明重置', 'Reset to declaration')}</Button>
      </Space>
      <Tabs
        size="small"
        items={[
          {
            key: 'json', label: 'JSON',
            children: (
              <>
                <Input.TextArea
                  rows={14} value={jsonText} data-testid="sim-variables-json" status={jsonError ? 'error' : undefined}
                  style={{ fontFamily: 'monospace', fontSize: 12 }}
                  onChange={(e) => {
                    setJsonText(e.target.value);
                    try {
                      const parsed = JSON.parse(e.target.value) as unknown;
                      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(t('须为 JSON 对象', 'must be a JSON object'));
                      setVariables(parsed as Record<string, Json>);
                      setJsonError(null);
                    } catch (err) { setJsonError((err as Error).message); }
                  }}
                />
                {jsonError && <Typography.Text type="danger" style={{ fontSize: 12 }}>{jsonError}</Typography.Text>}
              </>
            ),
          },
          {
            key: 'form', label: t('按变量声明', 'By declaration'),
            children: def.variables.length === 0 ? <Typography.Text type="secondary">{t('流程未声明变量', 'The flow declares no variables')}</Typography.Text> : (
              def.variables.map((decl) => (
                <Form.Item key={decl.name} label={`${label(decl.label, decl.name)} · ${decl.name} (${decl.type})`} style={{ marginBottom: 8 }}>
                  <ScalarInput decl={decl} value={variables[decl.name]} onChange={(v) => setAll({ ...variables, [decl.name]: v })} />
                </Form.Item>
              ))
            ),
          },
        ]}
      />
      <Button
        type="primary" icon={<PlayCircleOutlined />} block style={{ marginTop: 8 }} data-testid="sim-start" loading={busy}
        disabled={!initiator || jsonError !== null} onClick={() => onStart({ initiator, variables, startAt })}
      >
        {t('开始模拟', 'Start simulation')}
      </Button>
    </Form>
  );
}
