import { Alert, App, Button, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { useLabel, useT } from '../app/i18n';
import type { Json } from './form-binding';
import { inboxApi, type Colleague, type TaskDetail } from './inbox.api';

export type ActionKind = 'approve' | 'reject' | 'return' | 'transfer' | 'addSigner';

interface Props {
  taskId: string;
  detail: TaskDetail;
  people: Colleague[];
  /** The approver's form changes (editable fields only), sent with 同意. */
  formPatch(): Record<string, Json> | undefined;
  onDone(kind: ActionKind): void;
  /** The dialog closed after a refusal: the task may have moved on, read it again. */
  onRefused(): void;
}

/** 同意 / 驳回 / 退回 / 转交 / 加签, each with a comment; the API's refusal is shown with its code and pointers. */
export function TaskActions({ taskId, detail, people, formPatch, onDone, onRefused }: Props) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const [kind, setKind] = useState<ActionKind | null>(null);
  const [comment, setComment] = useState('');
  const [target, setTarget] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [signers, setSigners] = useState<string[]>([]);
  const [position, setPosition] = useState<'BEFORE' | 'AFTER'>('BEFORE');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);

  const titles: Record<ActionKind, string> = {
    approve: t('同意', 'Approve'), reject: t('驳回', 'Reject'), return: t('退回', 'Return'), transfer: t('转交', 'Transfer'), addSigner: t('加签', 'Add signer'),
  };
  const open = (k: ActionKind) => {
    setKind(k);
    setError(null);
    setTarget(detail.returnTargets.at(-1)?.nodeId);
    setTo(undefined);
    setSigners([]);
  };
  const staff = people.filter((p) => p.active && p.dealerCode === null && p.id !== detail.assignee);
  const options = staff.map((p) => ({
    value: p.id,
    label: `${p.displayName}（${p.login}）${p.roles.length ? ' · ' + p.roles.map((r) => label(r.name, r.role) + (r.region ? ` ${r.region}` : '')).join('、') : ''}`,
  }));
  const needsUser = (kind === 'transfer' && !to) || (kind === 'addSigner' && signers.length === 0);

  const submit = async () => {
    if (!kind) return;
    setBusy(true);
    setError(null);
    const c = comment.trim() ? { comment: comment.trim() } : {};
    try {
      if (kind === 'approve') {
        const patch = formPatch();
        await inboxApi.approve(taskId, { ...c, ...(patch ? { formPatch: patch } : {}) });
      } else if (kind === 'reject') await inboxApi.reject(taskId, c);
      else if (kind === 'return') await inboxApi.returnTo(taskId, { ...c, ...(target ? { targetNodeId: target } : {}) });
      else if (kind === 'transfer') await inboxApi.transfer(taskId, { ...c, to: to! });
      else await inboxApi.addSigner(taskId, { ...c, users: signers, position });
      message.success(t(`已${titles[kind]}`, `${titles[kind]}: done`));
      setKind(null);
      setComment('');
      onDone(kind);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space wrap data-testid="task-actions">
        <Button type="primary" onClick={() => open('approve')} data-testid="btn-approve">{titles.approve}</Button>
        <Button danger onClick={() => open('reject')} data-testid="btn-reject">{titles.reject}</Button>
        <Button onClick={() => open('return')} disabled={detail.returnTargets.length === 0} data-testid="btn-return">{titles.return}</Button>
        <Button onClick={() => open('transfer')} data-testid="btn-transfer">{titles.transfer}</Button>
        <Button onClick={() => open('addSigner')} data-testid="btn-add-signer">{titles.addSigner}</Button>
      </Space>
      <Modal
        open={kind !== null}
        title={kind ? titles[kind] : ''}
        onCancel={() => { setKind(null); if (error) onRefused(); }}
        onOk={() => void submit()}
        okText={kind ? titles[kind] : ''}
        okButtonProps={{ loading: busy, disabled: needsUser, danger: kind === 'reject', ...({ 'data-testid': 'btn-action-confirm' } as object) }}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {kind === 'return' ? (
            <div>
              <Typography.Text>{t('退回到', 'Return to')}</Typography.Text>
              <Select
                style={{ width: '100%' }}
                value={target}
                onChange={setTarget}
                options={detail.returnTargets.map((r) => ({ value: r.nodeId, label: `${label(r.name, r.nodeId)}${r.type === 'start' ? t('（发起人重新提交）', ' (the initiator resubmits)') : ''}` }))}
                data-testid="select-return-target"
              />
            </div>
          ) : null}
          {kind === 'transfer' ? (
            <div>
              <Typography.Text>{t('转交给', 'Transfer to')}</Typography.Text>
              <Select showSearch optionFilterProp="label" style={{ width: '100%' }} value={to} onChange={setTo} options={options} placeholder={t('选择同事', 'Choose a colleague')} data-testid="select-transfer-to" />
            </div>
          ) : null}
          {kind === 'addSigner' ? (
            <div>
              <Radio.Group value={position} onChange={(e) => setPosition(e.target.value)} data-testid="radio-signer-position">
                <Radio value="BEFORE">{t('前加签（他们先审，再回到我）', 'Before (they sign first, then back to me)')}</Radio>
                <Radio value="AFTER">{t('后加签（我同意后由他们继续审）', 'After (I approve now, they follow)')}</Radio>
              </Radio.Group>
              <Select mode="multiple" showSearch optionFilterProp="label" style={{ width: '100%', marginTop: 8 }} value={signers} onChange={setSigners} options={options} placeholder={t('选择加签人', 'Choose signers')} data-testid="select-signers" />
            </div>
          ) : null}
          <Input.TextArea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('审批意见', 'Comment')} data-testid="action-comment" />
          {error ? (
            <Alert
              type="error"
              showIcon
              data-testid="action-error"
              title={error.message}
              description={error instanceof ApiError ? (
                <>
                  <Typography.Text type="secondary">{error.code}</Typography.Text>
                  {error.problems.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{error.problems.map((p, i) => <li key={i}>{p.pointer ? <code>{p.pointer}</code> : null} {p.message}</li>)}</ul> : null}
                </>
              ) : undefined}
            />
          ) : null}
        </Space>
      </Modal>
    </>
  );
}
