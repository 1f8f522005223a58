import { Alert, Card, Result, Spin, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { dealerStatuses } from '../../../schemas/api/dealer.schema';
import { useAuth } from '../api/auth';
import { apiGet } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLabel, useLocale, useT } from '../app/i18n';
import { boundKey, useVocabulary } from '../app/use-vocabulary';
import { FormRenderer } from '../form-runtime/FormRenderer';
import { ApiErrorAlert } from './ApiErrorAlert';
import { newIdempotencyKey } from './order-form';
import { portalApi, type Dealer, type Instance } from './portal-api';
import { shanghaiTime } from './portal-format';

const dealerStatusWords: Record<(typeof dealerStatuses)[number], [string, string]> = {
  PENDING_ONBOARDING: ['入驻审核中', 'onboarding under review'],
  ACTIVE: ['合作中', 'active'],
  SUSPENDED: ['已暂停', 'suspended'],
  TERMINATED: ['已终止', 'terminated'],
};
const instanceWords: Record<string, [string, string, string]> = {
  NEW: ['已提交', 'Submitted', 'default'],
  RUNNING: ['审批中', 'In review', 'processing'],
  APPROVED: ['已通过', 'Approved', 'success'],
  REJECTED: ['未通过', 'Declined', 'error'],
  CANCELLED: ['已撤回', 'Withdrawn', 'default'],
};

function InstanceTag({ status }: { status: string }) {
  const t = useT();
  const [zh, en, color] = instanceWords[status] ?? [status, status, 'default'];
  return <Tag color={color}>{t(zh, en)}</Tag>;
}

/**
 * 入驻申请. The onboarding flow names no starters, so any signed-in user of the tenant may start
 * it; a dealer user's application is filed under its own dealer (the server sets that), and its
 * code goes to the flow's activateDealer step, which turns PENDING_ONBOARDING into ACTIVE, leaves
 * an active dealer as it is and refuses a suspended one. A company without a portal account
 * cannot apply here, and the screen says so.
 */
export default function OnboardingPage({ dealer }: { dealer: Dealer | null }) {
  const t = useT();
  const label = useLabel();
  const { locale } = useLocale();
  const { user } = useAuth();
  // the tenant's onboarding flow is the one its manifest binds to dealerOnboarding; its start node names the form
  const { vocabulary, loaded } = useVocabulary();
  const flowKey = boundKey(vocabulary, 'dealerOnboarding');
  const formKey = vocabulary.startForms.dealerOnboarding ?? null;
  const flows = useRequest(() => apiGet<{ key: string; name: { zh?: string; en?: string }; description?: string }[]>('/api/workflows'), []);
  const form = useRequest(() => (formKey ? portalApi.form(formKey) : Promise.resolve(null)), [formKey]);
  const [reload, setReload] = useState(0);
  const mine = useRequest(() => (flowKey ? portalApi.myOnboardingApplications(flowKey) : Promise.resolve([])), [reload, flowKey]);
  const [started, setStarted] = useState<Instance | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  const flow = flowKey ? flows.data?.find((f) => f.key === flowKey) : undefined;
  const dealerName = dealer ? `${locale === 'en' && dealer.nameEn ? dealer.nameEn : dealer.name}（${dealer.code}）` : null;
  const status = dealer ? dealerStatusWords[dealer.status] : null;

  const start = async (application: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      if (!flowKey) return;
      setStarted(await portalApi.startOnboarding(flowKey, application, dealer?.code ?? null, key.current));
      key.current = newIdempotencyKey();
      setReload((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="onboarding">
      <Typography.Title level={4} style={{ margin: '4px 0 8px' }}>{t('入驻申请', 'Apply for onboarding')}</Typography.Title>
      <Card size="small" className="cf-portal-card" title={t('谁可以申请', 'Who may apply')} data-testid="onboarding-who">
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          {t(
            `提交后发起「${label(flow?.name, '经销商准入')}」审批流程。该流程未限定发起人，本企业任何已登录的账号都可以提交。`,
            `Submitting starts the “${label(flow?.name, 'Dealer onboarding')}” approval flow. The flow names no starters: any signed-in account of this company may submit.`,
          )}
        </Typography.Paragraph>
        {dealerName ? (
          <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="onboarding-filed-under">
            {t(`以经销商账号提交的申请记在贵司 ${dealerName} 名下，审批人可见提交人。`, `An application sent from a dealer account is filed under your company ${dealerName}; approvers see who sent it.`)}
            {status ? t(` 贵司当前状态：${status[0]}。`, ` Your company is ${status[1]}.`) : null}
            {dealer?.status === 'ACTIVE' ? t('审批通过不会改变贵司的状态。', ' Approval does not change your status.') : null}
            {dealer?.status === 'PENDING_ONBOARDING' ? t('审批通过后，贵司状态将设为合作中。', ' Once the application is approved, your company becomes active.') : null}
            {dealer?.status === 'SUSPENDED' || dealer?.status === 'TERMINATED' ? t('即使审批通过，系统也不会恢复已暂停或已终止的经销商，请联系业务人员。', ' Approval does not reinstate a suspended or terminated dealer: contact your sales team.') : null}
          </Typography.Paragraph>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 12 }}>
          {t(`尚无门户账号的新公司不能在此自助申请，请联系${user?.tenant.name ?? ''}的销售代表代为发起。`, 'A new company without a portal account cannot apply here by itself: ask your sales contact to start it.')}
        </Typography.Paragraph>
      </Card>

      {(loaded && !flowKey) || (flows.data && flowKey && !flow) ? <Alert data-testid="onboarding-closed" type="warning" showIcon style={{ marginBottom: 12 }} title={t('入驻流程尚未发布，暂不能申请。', 'The onboarding flow is not published; applications are closed.')} /> : null}

      {mine.data?.length ? (
        <Card size="small" className="cf-portal-card" title={t('我的申请', 'My applications')} data-testid="onboarding-mine">
          {mine.data.map((i) => (
            <div key={i.id} style={{ display: 'flex', justifyContent: 'space-between', padding: '4px 0' }} data-testid="onboarding-application">
              <span style={{ fontSize: 13 }}>{shanghaiTime(i.createdAt, locale)}</span>
              <InstanceTag status={i.status} />
            </div>
          ))}
        </Card>
      ) : null}

      {started ? (
        <Result
          status="success"
          data-testid="onboarding-started"
          title={t('申请已提交', 'Application submitted')}
          subTitle={<>{t('当前状态：', 'Status: ')}<InstanceTag status={started.status} /> {t(`申请编号 ${started.id.slice(0, 8)}`, `Reference ${started.id.slice(0, 8)}`)}</>}
        />
      ) : null}

      <ApiErrorAlert error={error} />
      {form.error ? <ApiErrorAlert error={form.error} title={t('申请表暂不可用', 'The application form is unavailable')} /> : null}
      {!form.data && !form.error && (!loaded || formKey) ? <Spin style={{ display: 'block', margin: 32 }} /> : null}
      {form.data && !started ? (
        <Card size="small" className="cf-portal-card" title={label(form.data.name, t('申请表', 'Application'))}>
          <FormRenderer
            schema={form.data.document.schema}
            uiSchema={form.data.document.uiSchema}
            disabled={busy || !flowKey || (!!flows.data && !flow)}
            onSubmit={(data) => void start(data as Record<string, unknown>)}
            submitLabel={busy ? t('提交中…', 'Submitting…') : t('提交申请', 'Submit the application')}
            submitTestId="btn-onboarding-submit"
          />
        </Card>
      ) : null}
    </div>
  );
}
