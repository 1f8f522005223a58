import { ClockCircleOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { Button, InputNumber, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { FlowState, WorkingCalendar } from '../../../../rules/flow/index';
import { addWorkingHours } from '../../../../rules/flow/index';
import { useT } from '../../app/i18n';
import { nextTimer } from '../session/sim-session';
import { shanghaiTime } from './describe';

type Unit = 'workingHours' | 'hours' | 'days';

/** The virtual clock: advance by (working) hours or days, or straight to the next due timer. */
export function ClockBar({ now, state, calendar, disabled, onAdvance }: { now: string; state: FlowState | null; calendar: WorkingCalendar | null; disabled: boolean; onAdvance(to: string): void }) {
  const t = useT();
  const [amount, setAmount] = useState(4);
  const [unit, setUnit] = useState<Unit>('workingHours');
  const next = state ? nextTimer(state) : undefined;
  const target = (): string => {
    if (unit === 'workingHours' && calendar) return addWorkingHours(calendar, now, amount);
    return new Date(Date.parse(now) + amount * (unit === 'days' ? 86_400_000 : 3_600_000)).toISOString();
  };
  return (
    <Space size={6} wrap>
      <Tag icon={<ClockCircleOutlined />} color="geekblue" data-testid="sim-clock" style={{ fontSize: 13, padding: '2px 8px' }}>{shanghaiTime(now)}</Tag>
      <InputNumber size="small" min={0.25} step={1} value={amount} onChange={(v) => setAmount(v ?? 1)} style={{ width: 70 }} />
      <Select<Unit> size="small" value={unit} onChange={setUnit} style={{ width: 104 }} options={[
        { value: 'workingHours', label: t('工作小时', 'working hours') }, { value: 'hours', label: t('小时', 'hours') }, { value: 'days', label: t('天', 'days') },
      ]} />
      <Button size="small" icon={<FieldTimeOutlined />} disabled={disabled} data-testid="sim-clock-advance" onClick={() => onAdvance(target())}>{t('拨快时钟', 'Advance clock')}</Button>
      <Tooltip title={next ? `${next.kind} · ${shanghaiTime(next.dueAt)}` : t('没有待触发的计时器', 'No timer waiting')}>
        <Button size="small" disabled={disabled || !next} data-testid="sim-clock-next" onClick={() => next && onAdvance(next.dueAt)}>
          {t('到下一个计时器', 'To next timer')}{next ? <Typography.Text type="secondary" style={{ fontSize: 11, marginLeft: 4 }}>{next.kind}</Typography.Text> : null}
        </Button>
      </Tooltip>
    </Space>
  );
}
