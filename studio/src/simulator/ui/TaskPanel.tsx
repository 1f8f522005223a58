import { Alert, Button, Card, Divider, Empty, Input, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { FlowDefinition, FlowState } from '../../../../rules/flow/index';
import { useLabel, useT } from '../../app/i18n';
import type { SimUser } from '../session/sim-env';
import type { SimCommand } from '../session/sim-session';
import { openTasks, waitingCalls } from '../session/sim-session';
import { simulatedActionResult } from '../session/sim-action';
import { shanghaiTime, type Namer } from './describe';
import { userLabel } from './StartPanel';

export interface TaskPanelProps {
  def: FlowDefinition;
  state: FlowState;
  users: SimUser[];
  user: Namer;
  node: Namer;
  onAction(command: SimCommand): void;
}

/** The open tasks with their assignees; act as any of them, or as the initiator (撤回, 催办), or play a service. */
export function TaskPanel({ def, state, users, user, node, onAction }: TaskPanelProps) {
  const t = useT();
  const label = useLabel();
  const tasks = openTasks(state);
  const [selected, setSelected] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [returnTo, setReturnTo] = useState<string | undefined>();
  const [transferTo, setTransferTo] = useState<string | undefined>();
  const [signers, setSigners] = useState<string[]>([]);
  const [position, setPosition] = useState<'BEFORE' | 'AFTER'>('BEFORE');
  const task = tasks.find((x) => x.id === selected) ?? tasks[0];
  useEffect(() => { setComment(''); setReturnTo(undefined); setTransferTo(undefined); setSigners([]); }, [task?.id]);
  const userOptions = useMemo(() => users.map((u) => ({ value: u.id, label: userLabel(u) })), [users]);
  const returnTargets = useMemo(() => {
    const visited = [...new Set(state.trail.map((x) => x.nodeId))];
    return visited.filter((id) => id !== task?.nodeId && ['approval', 'start'].includes(def.nodes.find((n) => n.id === id)?.type ?? ''))
      .map((id) => ({ value: id, label: node(id) }));
  }, [state.trail, task?.nodeId, def, node]);
  const withComment = comment.trim() ? { comment: comment.trim() } : {};
  const initiator = state.initiator ?? '';
  const running = state.status === 'RUNNING';

  return (
    <div data-testid="sim-tasks">
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('待办任务', 'Open tasks')} ({tasks.length})</Typography.Title>
      {tasks.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={running ? t('没有待审批的任务', 'No open task') : t('流程已结束', 'The instance has ended')} /> : (
        <List
          size="small" bordered dataSource={tasks}
          renderItem={(x, i) => (
            <List.Item
              data-testid={`sim-task-${x.id}`} data-index={i} onClick={() => setSelected(x.id)}
              style={{ cursor: 'pointer', background: x.id === task?.id ? '#e6f0ff' : undefined }}
            >
              <div style={{ width: '100%' }}>
                <div><Typography.Text strong data-testid="sim-task-assignee">{user(x.assignee)}</Typography.Text> <Tag>{node(x.nodeId)}</Tag>{x.origin !== 'ASSIGNED' && <Tag color="orange">{x.origin}</Tag>}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('第', 'Stage ')}{x.stage + 1}{t(' 级', '')} · {shanghaiTime(x.createdAt)}{x.dueAt ? ` · ${t('到期', 'due')} ${shanghaiTime(x.dueAt)}` : ''}
                  {x.escalatedTo?.length ? ` · ${t('已升级', 'escalated')} → ${x.escalatedTo.map(user).join('、')}` : ''}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      {task && (
        <Card size="small" style={{ marginTop: 8 }} title={t(`以 ${user(task.assignee)} 的身份处理`, `Act as ${user(task.assignee)}`)} data-testid="sim-task-actions">
          <Input.TextArea rows={2} placeholder={t('审批意见（可选）', 'Comment (optional)')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="sim-comment" />
          <Space style={{ marginTop: 8 }} wrap>
            <Button type="primary" data-testid="sim-action-approve" onClick={() => onAction({ type: 'approve', actor: task.assignee, taskId: task.id, ...withComment })}>{t('同意', 'Approve')}</Button>
            <Button danger data-testid="sim-action-reject" onClick={() => onAction({ type: 'reject', actor: task.assignee, taskId: task.id, ...withComment })}>{t('驳回', 'Reject')}</Button>
            <Button disabled={!comment.trim()} data-testid="sim-action-comment" onClick={() => onAction({ type: 'comment', actor: task.assignee, taskId: task.id, text: comment.trim() })}>{t('评论', 'Comment')}</Button>
          </Space>
          <Divider style={{ margin: '10px 0' }} />
          <Space.Compact style={{ width: '100%', marginBottom: 6 }}>
            <Select style={{ flex: 1 }} allowClear placeholder={t('退回到（默认上一步）', 'Return to (default: previous)')} options={returnTargets} value={returnTo} onChange={setReturnTo} />
            <Button data-testid="sim-action-return" onClick={() => onAction({ type: 'return', actor: task.assignee, taskId: task.id, ...(returnTo ? { targetNodeId: returnTo } : {}), ...withComment })}>{t('退回', 'Return')}</Button>
          </Space.Compact>
          <Space.Compact style={{ width: '100%', marginBottom: 6 }}>
            <Select style={{ flex: 1 }} showSearch optionFilterProp="label" placeholder={t('转交给', 'Transfer to')} options={userOptions} value={transferTo} onChange={setTransferTo} />
            <Button disabled={!transferTo} data-testid="sim-action-transfer" onClick={() => transferTo && onAction({ type: 'transfer', actor: task.assignee, taskId: task.id, to: transferTo, ...withComment })}>{t('转交', 'Transfer')}</Button>
          </Space.Compact>
          <Space.Compact style={{ width: '100%' }}>
            <Select style={{ flex: 1 }} mode="multiple" showSearch optionFilterProp="label" placeholder={t('加签人', 'Signers to add')} options={userOptions} value={signers} onChange={setSigners} />
            <Button disabled={signers.length === 0} data-testid="sim-action-add-signer" onClick={() => onAction({ type: 'addSigner', actor: task.assignee, taskId: task.id, users: signers, position, ...withComment })}>{t('加签', 'Add signer')}</Button>
          </Space.Compact>
          <Radio.Group size="small" style={{ marginTop: 4 }} value={position} onChange={(e) => setPosition(e.target.value)}
            options={[{ value: 'BEFORE', label: t('前加签（先审）', 'Before (they act first)') }, { value: 'AFTER', label: t('后加签（同意后再审）', 'After (approve now, they follow)') }]} />
        </Card>
      )}
      {waitingCalls(state).map((call) => (
        <Alert
          key={call.id} type="warning" style={{ marginTop: 8 }} data-testid={`sim-call-${call.id}`}
          message={call.action
            ? t(`动作「${node(call.nodeId)}」等待执行（第 ${call.attempt} 次，模拟不改动任何记录）`, `Action "${node(call.nodeId)}" waits to run (attempt ${call.attempt}; simulated, no record changes)`)
            : t(`服务「${node(call.nodeId)}」等待响应（第 ${call.attempt} 次）`, `Service "${node(call.nodeId)}" waits for an answer (attempt ${call.attempt})`)}
          action={<Space direction="vertical" size={4}>
            <Button size="small" type="primary" data-testid="sim-service-ok" onClick={() => onAction({ type: 'serviceResult', callId: call.id, ok: true, response: call.action ? simulatedActionResult(def, state, call) : {} })}>{t('模拟成功', 'Succeed')}</Button>
            <Button size="small" danger data-testid="sim-service-fail" onClick={() => onAction({ type: 'serviceResult', callId: call.id, ok: false, error: t('模拟失败', 'simulated failure') })}>{t('模拟失败', 'Fail')}</Button>
          </Space>}
        />
      ))}
      {state.incidents.filter((x) => x.status === 'OPEN').map((inc) => (
        <Alert
          key={inc.id} type="error" style={{ marginTop: 8 }} data-testid={`sim-incident-${inc.id}`}
          message={`${inc.code} · ${node(inc.nodeId)}`} description={inc.message}
          action={<Space direction="vertical" size={4}>
            <Button size="small" onClick={() => onAction({ type: 'resolveIncident', actor: tenantAdminOf(users) ?? initiator, incidentId: inc.id, action: 'RETRY' })}>{t('重试', 'Retry')}</Button>
            <Button size="small" onClick={() => onAction({ type: 'resolveIncident', actor: tenantAdminOf(users) ?? initiator, incidentId: inc.id, action: 'SKIP' })}>{t('跳过', 'Skip')}</Button>
          </Space>}
        />
      ))}
      {running && initiator && (
        <Card size="small" style={{ marginTop: 8 }} title={t(`以发起人 ${user(initiator)} 的身份`, `As the initiator ${user(initiator)}`)}>
          <Space wrap>
            <Button data-testid="sim-action-withdraw" onClick={() => onAction({ type: 'withdraw', actor: initiator, ...(comment.trim() ? { reason: comment.trim() } : {}) })}>{t('撤回', 'Withdraw')}</Button>
            <Button data-testid="sim-action-urge" onClick={() => onAction({ type: 'urge', actor: initiator })}>{t('催办', 'Urge')}</Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
            {label({ zh: '撤回仅在无人处理前可用；催办有间隔限制 — 与服务器一致。', en: 'Withdraw only before anyone acted; urging is rate-limited — as on the server.' })}
          </Typography.Paragraph>
        </Card>
      )}
    </div>
  );
}

function tenantAdminOf(users: SimUser[]): string | undefined {
  return users.find((u) => u.systemRoles.includes('TENANT_ADMIN'))?.id;
}
