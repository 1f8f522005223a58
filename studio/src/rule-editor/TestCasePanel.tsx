import { CheckCircleFilled, CloseCircleFilled, DeleteOutlined, EditOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Empty, Form, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { RuleSetDocument, TestCase } from '../../../rules/index';
import { useT } from '../app/i18n';
import type { Command } from './store/command-store';
import { addTestCase, removeTestCase, updateTestCase } from './store/rule-commands';
import { formatTrace, type CaseRun, type TestRun } from './test-run';

interface Props {
  doc: RuleSetDocument;
  run: TestRun | undefined;
  onRun(): void;
  execute(cmd: Command): void;
  readOnly: boolean;
}

const mono = { fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 };

function CaseDetail({ run, doc }: { run: CaseRun; doc: RuleSetDocument }) {
  const t = useT();
  const [all, setAll] = useState(false);
  const lines = run.trace ? formatTrace(run.trace, doc, !all, t) : [];
  return (
    <div data-testid={`test-case-detail-${run.index}`} style={{ marginTop: 6, padding: 8, background: '#fff7f7', borderRadius: 4 }}>
      {run.error && <Alert type="error" showIcon message={`${run.error.code}: ${run.error.message}`} style={{ marginBottom: 6 }} />}
      {run.diff && (
        <div data-testid="test-diff">
          <Typography.Text strong>{t('差异', 'Differences')}</Typography.Text>
          {run.diff.map((d, i) => <div key={i} style={{ ...mono, color: '#a8071a' }}>{d}</div>)}
        </div>
      )}
      {run.actual !== undefined && (
        <div style={{ display: 'flex', gap: 8, marginTop: 6 }}>
          <div style={{ flex: 1, minWidth: 0 }}><Typography.Text type="secondary">{t('期望', 'Expected')}</Typography.Text><pre style={{ ...mono, margin: 0, overflow: 'auto', maxHeight: 180 }}>{JSON.stringify(run.expected, null, 1)}</pre></div>
          <div style={{ flex: 1, minWidth: 0 }}><Typography.Text type="secondary">{t('实际', 'Actual')}</Typography.Text><pre style={{ ...mono, margin: 0, overflow: 'auto', maxHeight: 180 }}>{JSON.stringify(pick(run.actual, run.expected), null, 1)}</pre></div>
        </div>
      )}
      {lines.length > 0 && (
        <div style={{ marginTop: 6 }} data-testid="test-trace">
          <Space><Typography.Text strong>{t('执行轨迹', 'Trace')}</Typography.Text><Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>{t('含未命中', 'include misses')}</Checkbox></Space>
          <div style={{ maxHeight: 260, overflow: 'auto' }}>
            {lines.map((l, i) => (
              <div key={i} style={{ ...mono, paddingLeft: l.depth * 14, color: l.matched === false ? '#999' : undefined, whiteSpace: 'pre-wrap' }}>
                {l.matched === true ? '✓ ' : l.matched === false ? '✗ ' : '· '}{l.text}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

/** The outputs a case names (the only ones compared), in the order the author wrote them. */
function pick(actual: unknown, expected: Record<string, unknown>): unknown {
  if (!actual || typeof actual !== 'object') return actual;
  const a = actual as Record<string, unknown>;
  return Object.fromEntries(Object.keys(expected).filter((k) => !k.startsWith('$')).map((k) => [k, a[k]]));
}

function CaseModal({ initial, onOk, onCancel }: { initial: TestCase; onOk(tc: TestCase): void; onCancel(): void }) {
  const t = useT();
  const [form] = Form.useForm<{ name: string; description?: string; input: string; expected: string }>();
  const json = (_: unknown, v: string) => { try { const o = JSON.parse(v); return o && typeof o === 'object' && !Array.isArray(o) ? Promise.resolve() : Promise.reject(new Error(t('需要 JSON 对象', 'a JSON object'))); } catch (e) { return Promise.reject(new Error((e as Error).message)); } };
  return (
    <Modal open title={t('测试用例', 'Test case')} width={720} onCancel={onCancel} onOk={() => form.submit()} okText={t('确定', 'OK')}>
      <Form form={form} layout="vertical" initialValues={{ name: initial.name, description: initial.description, input: JSON.stringify(initial.input, null, 2), expected: JSON.stringify(initial.expected, null, 2) }}
        onFinish={(v) => onOk({ name: v.name, ...(v.description ? { description: v.description } : {}), input: JSON.parse(v.input), expected: JSON.parse(v.expected) })}>
        <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true }]}><Input data-testid="case-name" /></Form.Item>
        <Form.Item name="description" label={t('说明', 'Description')}><Input /></Form.Item>
        <Space style={{ width: '100%' }} align="start">
          <Form.Item name="input" label={t('输入事实（JSON，金额用字符串 "58643.20"）', 'Input facts (JSON, money as "58643.20")')} rules={[{ validator: json }]} style={{ width: 330 }}>
            <Input.TextArea autoSize={{ minRows: 10, maxRows: 20 }} style={mono} data-testid="case-input" />
          </Form.Item>
          <Form.Item name="expected" label={t('期望输出（JSON，或 {"$error": "RUL_ERR_…"}）', 'Expected outputs (JSON, or {"$error": "RUL_ERR_…"})')} rules={[{ validator: json }]} style={{ width: 330 }}>
            <Input.TextArea autoSize={{ minRows: 10, maxRows: 20 }} style={mono} data-testid="case-expected" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** The rule set's test cases, run in the browser on the document as edited (saved or not). */
export function TestCasePanel({ doc, run, onRun, execute, readOnly }: Props) {
  const t = useT();
  const [editing, setEditing] = useState<{ index: number | null; value: TestCase }>();
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const cases = doc.testCases ?? [];
  const blank = (): TestCase => ({ name: t('新用例', 'New case'), input: Object.fromEntries(doc.inputs.map((i) => [i.name, i.default ?? null])), expected: Object.fromEntries(doc.outputs.map((o) => [o.name, null])) });
  const toggle = (i: number) => setCollapsed((s) => { const n = new Set(s); if (n.has(i)) n.delete(i); else n.add(i); return n; });
  return (
    <div style={{ padding: 12 }} data-testid="test-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('测试用例', 'Test cases')} ({cases.length})</Typography.Title>
        <Space size={4}>
          {!readOnly && <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing({ index: null, value: blank() })} data-testid="btn-add-case">{t('添加', 'Add')}</Button>}
          <Button size="small" type="primary" icon={<PlayCircleOutlined />} onClick={onRun} data-testid="btn-run-tests">{t('运行', 'Run')}</Button>
        </Space>
      </Space>
      {run && (
        <Typography.Paragraph style={{ margin: '8px 0' }} data-testid="test-summary">
          <Typography.Text type="success">{t(`通过 ${run.passed}`, `${run.passed} passed`)}</Typography.Text>
          {' · '}
          <Typography.Text type={run.failed ? 'danger' : 'secondary'}>{t(`失败 ${run.failed}`, `${run.failed} failed`)}</Typography.Text>
        </Typography.Paragraph>
      )}
      {cases.length === 0 && <Empty description={t('还没有测试用例', 'No test cases yet')} />}
      {cases.map((c, i) => {
        const r = run?.cases[i];
        const status = r ? (r.ok ? 'pass' : 'fail') : 'idle';
        return (
          <div key={i} data-testid={`test-case-${i}`} data-status={r ? status : undefined} style={{ borderBottom: '1px solid #f0f0f0', padding: '6px 0' }}>
            <div style={{ display: 'flex', alignItems: 'flex-start', gap: 6, cursor: r && !r.ok ? 'pointer' : undefined }} onClick={() => r && !r.ok && toggle(i)}>
              {status === 'pass' ? <CheckCircleFilled style={{ color: '#52c41a', marginTop: 4 }} /> : status === 'fail' ? <CloseCircleFilled style={{ color: '#f5222d', marginTop: 4 }} /> : <span style={{ width: 14, height: 14, marginTop: 4, borderRadius: 7, border: '1px solid #d9d9d9', flex: 'none' }} />}
              <Typography.Text style={{ flex: 1, fontSize: 13 }}>{c.name}</Typography.Text>
              {!readOnly && (
                <span onClick={(e) => e.stopPropagation()} style={{ whiteSpace: 'nowrap' }}>
                  <Button size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing({ index: i, value: c })} aria-label={t('编辑', 'Edit')} />
                  <Popconfirm title={t('删除此用例？', 'Delete this case?')} onConfirm={() => execute(removeTestCase(i))}><Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('删除', 'Delete')} /></Popconfirm>
                </span>
              )}
            </div>
            {r && !r.ok && !collapsed.has(i) && <CaseDetail run={r} doc={doc} />}
          </div>
        );
      })}
      {editing && (
        <CaseModal initial={editing.value} onCancel={() => setEditing(undefined)}
          onOk={(tc) => { execute(editing.index === null ? addTestCase(doc, tc) : updateTestCase(doc, editing.index, tc)); setEditing(undefined); }} />
      )}
    </div>
  );
}
