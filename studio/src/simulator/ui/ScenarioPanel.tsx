import { CheckCircleFilled, CloseCircleFilled, DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { Button, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import type { ReplayResult, SimScenario } from '../session/sim-scenario';
import { outcomeLabel, shanghaiTime } from './describe';

export interface ScenarioPanelProps {
  scenarios: SimScenario[];
  canSave: boolean;
  results: Record<string, ReplayResult>;
  onSave(name: string): void;
  onRerun(scenario: SimScenario): void;
  onRemove(name: string): void;
}

/** Saved scenarios of this workflow (this browser, this tenant): save the current run, re-run one and see if it ends the same. */
export function ScenarioPanel({ scenarios, canSave, results, onSave, onRerun, onRemove }: ScenarioPanelProps) {
  const t = useT();
  const [name, setName] = useState('');
  return (
    <div data-testid="sim-scenarios">
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('场景', 'Scenarios')}</Typography.Title>
      <Space.Compact style={{ width: '100%' }}>
        <Input placeholder={t('场景名称', 'Scenario name')} value={name} onChange={(e) => setName(e.target.value)} data-testid="sim-scenario-name" />
        <Button icon={<SaveOutlined />} disabled={!canSave || !name.trim()} data-testid="sim-save-scenario" onClick={() => { onSave(name.trim()); setName(''); }}>{t('保存场景', 'Save')}</Button>
      </Space.Compact>
      <List
        size="small" style={{ marginTop: 8 }} dataSource={scenarios} locale={{ emptyText: t('还没有保存的场景', 'No saved scenario yet') }}
        renderItem={(s) => {
          const r = results[s.name];
          return (
            <List.Item
              data-testid={`sim-scenario-${s.name}`}
              actions={[
                <Button key="rerun" size="small" type="link" data-testid={`sim-rerun-${s.name}`} onClick={() => onRerun(s)}>{t('重新运行', 'Re-run')}</Button>,
                <Popconfirm key="rm" title={t('删除此场景？', 'Delete this scenario?')} onConfirm={() => onRemove(s.name)}>
                  <Button size="small" type="text" icon={<DeleteOutlined />} />
                </Popconfirm>,
              ]}
            >
              <div>
                <Typography.Text strong>{s.name}</Typography.Text>
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                  {s.definitionVersion === null ? t('草稿', 'draft') : `v${s.definitionVersion}`} · {s.actions.length} {t('步', 'steps')} · {t('结果', 'ended')} {outcomeLabel(t, s.outcome.status)} · {shanghaiTime(s.savedAt)}
                </div>
                {r && (
                  <Tag
                    data-testid={`sim-rerun-result-${s.name}`} data-same={r.same ? 'true' : 'false'} style={{ marginTop: 4 }}
                    color={r.same ? 'success' : 'error'} icon={r.same ? <CheckCircleFilled /> : <CloseCircleFilled />}
                  >
                    {r.same ? t('结果一致', 'Same outcome') : r.failedAt
                      ? t(`第 ${r.failedAt.index + 1} 步被拒绝：${r.failedAt.code}`, `Step ${r.failedAt.index + 1} refused: ${r.failedAt.code}`)
                      : t(`结果不同：${outcomeLabel(t, r.outcome?.status ?? 'NEW')}（保存时 ${outcomeLabel(t, s.outcome.status)}）`, `Different: ${r.outcome?.status} (saved ${s.outcome.status})`)}
                  </Tag>
                )}
              </div>
            </List.Item>
          );
        }}
      />
    </div>
  );
}
