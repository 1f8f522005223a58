import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useAuth } from '../api/auth';
import { apiGet, ApiError } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLabel, useLocale, useT } from '../app/i18n';
import { useVocabulary } from '../app/use-vocabulary';
import { FormRenderer } from '../form-runtime/FormRenderer';
import { approverForm, bindForm, formDataOf, formPatchOf, type Json } from './form-binding';
import { inboxApi, type InstanceView, type TaskDetail } from './inbox.api';
import { slaLabels, statusText } from './inbox-format';
import { explainRuleEvaluation, groupMoney, type ResultWords, type RuleEvaluation } from './rule-words';
import { TaskActions } from './TaskActions';
import { describeTimeline, type TimelineEvent } from './timeline-words';
import { useColleagues } from './use-colleagues';
import './inbox.css';

interface Loaded { detail: TaskDetail; instance: InstanceView; timeline: TimelineEvent[] }

/** One task (or an instance from 我发起的 / 抄送我): the form as this node may see it, why, the history and the actions. */
export default function TaskDetailPage() {
  const { taskId, instanceId } = useParams();
  const t = useT();
  const label = useLabel();
  const { locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const navigate = useNavigate();
  const { user } = useAuth();
  const { people, nameOf } = useColleagues();
  const { vocabulary } = useVocabulary();
  // region names for what a rule's results name (an approver's region); without them the codes stand
  const regions = useRequest(() => apiGet<{ code: string; name: string; nameEn?: string | null }[]>('/api/regions').catch(() => []), []);
  const edited = useRef<Record<string, Json>>({});

  const loaded = useRequest<Loaded>(async () => {
    const detail = taskId ? await inboxApi.task(taskId) : await inboxApi.instanceDetail(instanceId!);
    const [instance, timeline] = await Promise.all([inboxApi.instance(detail.row.instanceId), inboxApi.timeline(detail.row.instanceId)]);
    edited.current = {};
    return { detail, instance, timeline };
  }, [taskId, instanceId]);

  const data = loaded.data;
  const variables = data?.instance.variables ?? {};
  const binding = useMemo(() => (data?.detail.form ? bindForm(data.detail.form.schema, variables) : null), [data]); // eslint-disable-line react-hooks/exhaustive-deps
  const form = useMemo(() => (data?.detail.form && binding ? approverForm(data.detail.form.schema, data.detail.form.uiSchema, binding, data.detail.fieldPermissions) : null), [data, binding]);
  const formData = useMemo(() => (binding ? formDataOf(binding, variables) : {}), [binding]); // eslint-disable-line react-hooks/exhaustive-deps

  if (loaded.loading && !data) return <Spin style={{ margin: 48 }} />;
  if (loaded.error || !data) {
    const err = loaded.error;
    return (
      <div style={{ padding: 16 }}>
        <Alert type="error" showIcon data-testid="task-load-error" title={err instanceof ApiError ? err.message : String(err)} description={err instanceof ApiError ? err.code : undefined} />
        <Button style={{ marginTop: 12 }} onClick={() => navigate('/inbox')}>{t('返回待办中心', 'Back to the inbox')}</Button>
      </div>
    );
  }

  const { detail, instance, timeline } = data;
  const row = detail.row;
  const nodeName = (id: string) => label(detail.nodeNames[id], id);
  const actionable = !!taskId && row.taskStatus === 'PENDING' && detail.assignee === user?.id && detail.kind === 'APPROVAL';
  const history = describeTimeline(timeline, lang, nameOf, nodeName);
  const rules = timeline.filter((e) => e.type === 'ruleEvaluated').map((e) => ({ at: e.at, ev: e.data as unknown as RuleEvaluation }));

  return (
    <div style={{ padding: 16, maxWidth: 1280, margin: '0 auto' }} data-testid="task-detail">
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/inbox')} data-testid="btn-back-inbox">{t('待办中心', 'Inbox')}</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>{label(row.flowName, row.definitionKey)}</Typography.Title>
        {row.nodeId ? <Tag>{label(row.nodeName, row.nodeId)}</Tag> : null}
        {row.sla.state !== 'NONE' ? <Tag color={slaLabels[row.sla.state].color}>{slaLabels[row.sla.state][lang]}</Tag> : null}
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 4 }}
          items={[
            { key: 'dealer', label: t('经销商', 'Dealer'), children: row.dealer ? `${row.dealer.name}（${row.dealer.code}）` : '—' },
            { key: 'initiator', label: t('发起人', 'Started by'), children: row.initiator.displayName },
            { key: 'amount', label: t('订单金额', 'Order amount'), children: row.order?.orderAmount ? <span data-testid="detail-amount">¥{groupMoney(row.order.orderAmount)}</span> : '—' },
            { key: 'status', label: t('状态', 'Status'), children: <span data-testid="detail-status">{statusText(instance.status, lang)}{row.taskStatus ? ` · ${t('我的任务', 'my task')}：${statusText(row.taskStatus, lang)}` : ''}</span> },
            { key: 'since', label: t('到达时间', 'Arrived'), children: dayjs(row.waitingSince).format('YYYY-MM-DD HH:mm') },
            ...(row.order?.orderNo ? [{ key: 'no', label: t('订单号', 'Order no.'), children: row.order.orderNo }] : []),
          ]}
        />
        {actionable ? (
          <div style={{ marginTop: 12 }}>
            <TaskActions
              taskId={taskId!}
              detail={detail}
              people={people}
              formPatch={() => (binding ? formPatchOf(binding, variables, edited.current, detail.fieldPermissions) : undefined)}
              onDone={() => navigate('/inbox?box=todo')}
              onRefused={() => void loaded.reload()}
            />
          </div>
        ) : taskId && row.taskStatus === 'PENDING' && detail.kind === 'RESUBMIT' ? (
          <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('该任务需发起人在经销商门户重新提交', 'The initiator resubmits this in the dealer portal')} />
        ) : null}
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('表单', 'Form')} style={{ marginBottom: 12 }} className="cf-inbox-form" data-testid="task-form">
            {form ? (
              <>
                {form.editable.length > 0 && actionable ? (
                  <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('可修改的字段会随“同意”一起提交', 'Fields you may edit are sent with “Approve”')} />
                ) : null}
                {/* A disabled fieldset also locks widgets that do not pass `disabled` down (the lines table's cells). */}
                <fieldset disabled={!actionable || form.editable.length === 0}>
                  <FormRenderer
                    schema={form.schema}
                    uiSchema={form.uiSchema}
                    formData={formData}
                    hideSubmit
                    disabled={!actionable || form.editable.length === 0}
                    onChange={(d) => { edited.current = (d ?? {}) as Record<string, Json>; }}
                  />
                </fieldset>
              </>
            ) : <Empty description={t('没有可查看的表单字段', 'No form fields visible to you')} />}
          </Card>
          <Card size="small" title={t('流转记录', 'History')} data-testid="task-history">
            <Timeline
              items={history.map((h) => ({
                key: h.sequence,
                color: h.tone,
                title: dayjs(h.at).format('MM-DD HH:mm'),
                content: (
                  <div data-testid="history-line">
                    <Typography.Text strong>{h.who}</Typography.Text> {h.text}
                    {h.comment ? <div><Typography.Text type="secondary" data-testid="history-comment">“{h.comment}”</Typography.Text></div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('规则说明', 'Why (rule explanation)')} data-testid="task-explanation">
            {detail.order ? (
              <div style={{ marginBottom: 12 }} data-testid="order-explanation">
                <Typography.Text strong>{t(`订单 ${detail.order.orderNo}`, `Order ${detail.order.orderNo}`)}</Typography.Text>
                <ul style={{ paddingInlineStart: 18, margin: '4px 0' }}>
                  {(detail.order.explanation?.[lang] ?? []).map((s, i) => <li key={i}>{s}</li>)}
                </ul>
                <Typography.Text type="secondary">
                  {t('订单金额', 'Order amount')} ¥{groupMoney(detail.order.orderAmount)} · {t('返利抵扣', 'Rebate offset')} ¥{groupMoney(detail.order.rebateOffset)} · {t('应付', 'Payable')} ¥{groupMoney(detail.order.payableAmount)}
                </Typography.Text>
              </div>
            ) : null}
            {rules.length === 0 && !detail.order ? <Empty description={t('该流程没有运行规则', 'No rules ran in this flow')} /> : null}
            {rules.map(({ ev }, i) => {
              const declared = vocabulary.ruleSets.find((r) => r.key === ev.ruleSetKey);
              const words: ResultWords = {
                outputs: declared?.outputs as ResultWords['outputs'], name: (declared?.name as ResultWords['name']) ?? null,
                roles: vocabulary.roles, regions: regions.data ?? [],
              };
              const x = explainRuleEvaluation(ev, lang, ev.nodeId ? nodeName(ev.nodeId) : undefined, words);
              return (
                <div key={i} style={{ marginBottom: 12 }} data-testid="rule-explanation">
                  <Typography.Text strong>{x.title}</Typography.Text> <Typography.Text type="secondary" style={{ fontSize: 12 }}>{ev.ruleSetKey}</Typography.Text>
                  <ul style={{ paddingInlineStart: 18, margin: '4px 0' }}>{x.sentences.map((s, j) => <li key={j}>{s}</li>)}</ul>
                  {x.matched.length ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('命中：', 'Matched: ')}{x.matched.join('、')}</Typography.Text> : null}
                </div>
              );
            })}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
