import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { JreCondition, JreRule, RulesStep, ValueSpec } from '../../../rules/index';
import { useT } from '../app/i18n';
import { ConditionBuilder } from './ConditionBuilder';
import type { StepEditorProps } from './editor-support';
import { JsonEditor } from './JsonEditor';
import { problemsUnder } from './problem-map';
import { joinPointer } from './store/json-patch';
import { insertItem, moveItem, removeItem, setValue } from './store/rule-commands';
import { formatSpec, parseSpec } from './value-text';

/** json-rules-engine rules: per rule its conditions (the builder), priority and the event whose params are assigned. */
export function RulesStepEditor({ doc, step, pointer, problems, execute, readOnly, facts }: StepEditorProps<RulesStep>) {
  const t = useT();
  const rulesPtr = joinPointer(pointer, 'rules');
  const shared = Object.keys(step.conditions ?? {});
  const setRule = (i: number, rule: JreRule) => execute(setValue(doc, joinPointer(rulesPtr, i), rule, { zh: '修改规则', en: 'Edit a rule' }));
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('触发方式', 'Emit')}</span>
        <Select value={step.emit ?? 'all'} disabled={readOnly} style={{ width: 260 }} onChange={(v) => execute(setValue(doc, joinPointer(pointer, 'emit'), v))}
          options={[{ value: 'first', label: t('仅首个命中（优先级高者先）', 'first fired only (highest priority first)') }, { value: 'all', label: t('全部命中依次赋值', 'every fired rule, in order') }]} />
        <span>{t('默认值', 'Defaults')}</span>
        <Input style={{ width: 320 }} disabled={readOnly} key={JSON.stringify(step.defaults)} defaultValue={JSON.stringify(step.defaults ?? {})}
          onBlur={(e) => { try { const v = JSON.parse(e.target.value); execute(setValue(doc, joinPointer(pointer, 'defaults'), Object.keys(v).length ? v : undefined)); } catch { /* kept as typed */ } }} />
      </Space>
      {step.rules.map((rule, i) => {
        const rp = joinPointer(rulesPtr, i);
        const params = Object.entries(rule.event.params ?? {}) as [string, ValueSpec][];
        return (
          <Card key={i} size="small" style={{ marginBottom: 10 }} data-testid={`rule-${i}`}
            title={<Space><Input size="small" defaultValue={rule.name} key={rule.name} disabled={readOnly} placeholder={t('规则名', 'Rule name')} style={{ width: 200 }} onBlur={(e) => e.target.value !== (rule.name ?? '') && setRule(i, { ...rule, name: e.target.value })} />
              <span style={{ fontWeight: 'normal' }}>{t('优先级', 'Priority')}</span>
              <InputNumber size="small" min={1} value={rule.priority} disabled={readOnly} onChange={(v) => { const { priority: _p, ...rest } = rule; setRule(i, v ? { ...rest, priority: v } : rest); }} /></Space>}
            extra={!readOnly && <Space size={0}>
              <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => execute(moveItem(rulesPtr, i, i - 1))} />
              <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === step.rules.length - 1} onClick={() => execute(moveItem(rulesPtr, i, i + 1))} />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => execute(removeItem(rp, { zh: '删除规则', en: 'Delete a rule' }))} />
            </Space>}>
            <Typography.Text type="secondary">{t('当', 'When')}</Typography.Text>
            <ConditionBuilder value={rule.conditions as JreCondition} pointer={joinPointer(rp, 'conditions')} problems={problems} facts={facts} shared={shared} readOnly={readOnly}
              onChange={(next) => setRule(i, { ...rule, conditions: next as JreRule['conditions'] })} />
            <Typography.Text type="secondary">{t('则 事件', 'Then event')}</Typography.Text>
            <Space wrap style={{ marginLeft: 8 }}>
              <Input size="small" defaultValue={rule.event.type} key={rule.event.type} disabled={readOnly} style={{ width: 160 }} onBlur={(e) => e.target.value !== rule.event.type && setRule(i, { ...rule, event: { ...rule.event, type: e.target.value } })} />
              {params.map(([k, v]) => (
                <Space.Compact key={k} size="small">
                  <Input size="small" value={k} disabled style={{ width: 130 }} />
                  <Input size="small" defaultValue={formatSpec(v)} key={formatSpec(v)} disabled={readOnly} style={{ width: 200 }}
                    status={problemsUnder(problems, joinPointer(rp, 'event', 'params', k)).length ? 'error' : undefined}
                    onBlur={(e) => e.target.value !== formatSpec(v) && setRule(i, { ...rule, event: { ...rule.event, params: { ...rule.event.params, [k]: parseSpec(e.target.value) } } })} />
                </Space.Compact>
              ))}
            </Space>
            {problemsUnder(problems, joinPointer(rp, 'event')).map((p, j) => <Typography.Text key={j} type="danger" style={{ display: 'block', fontSize: 12 }}>{p.message}</Typography.Text>)}
          </Card>
        );
      })}
      {!readOnly && (
        <Button icon={<PlusOutlined />} onClick={() => execute(insertItem(rulesPtr, step.rules.length, { name: `rule-${step.rules.length + 1}`, conditions: { all: [] }, event: { type: 'matched', params: {} } }, { zh: '添加规则', en: 'Add a rule' }))}>
          {t('添加规则', 'Add rule')}
        </Button>
      )}
      {shared.length > 0 && (
        <Card size="small" title={t('共享条件', 'Shared conditions')} style={{ marginTop: 12 }}>
          <JsonEditor value={step.conditions} readOnly={readOnly} problems={problemsUnder(problems, joinPointer(pointer, 'conditions'))}
            onCommit={(v) => execute(setValue(doc, joinPointer(pointer, 'conditions'), v))} />
        </Card>
      )}
    </div>
  );
}
