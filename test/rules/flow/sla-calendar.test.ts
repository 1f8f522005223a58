import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingHours } from '../../../rules/flow/index.js';
import { FlowHarness, acmeCalendar, approvalFlow, sh } from './flow-harness.js';

describe('working-day calendar (cn-2025, cn-2026)', () => {
  const cal = acmeCalendar();

  it('knows holidays, weekends and make-up workdays (调休)', () => {
    expect(cal.isWorkday('2025-10-01')).toBe(false); // National Day
    expect(cal.isWorkday('2025-09-28')).toBe(true); // a Sunday, make-up workday
    expect(cal.isWorkday('2025-10-11')).toBe(true); // a Saturday, make-up workday
    expect(cal.isWorkday('2025-10-12')).toBe(false); // an ordinary Sunday
    expect(cal.isWorkday('2026-02-14')).toBe(true); // Saturday before Spring Festival
    expect(cal.isWorkday('2026-02-23')).toBe(false); // last day of Spring Festival 2026
    expect(cal.isWorkday('2026-01-04')).toBe(true); // Sunday make-up after New Year
  });

  it('adds working hours across a weekend whose Sunday is a make-up workday', () => {
    expect(addWorkingHours(cal, sh('2025-09-26 16:00'), 4)).toBe(sh('2025-09-28 11:00'));
  });

  it('adds working hours across National Day and Spring Festival', () => {
    expect(addWorkingHours(cal, sh('2025-09-30 15:00'), 4)).toBe(sh('2025-10-09 10:00'));
    expect(addWorkingHours(cal, sh('2026-02-13 17:00'), 2)).toBe(sh('2026-02-14 10:00'));
    expect(addWorkingHours(cal, sh('2026-02-14 17:30'), 1)).toBe(sh('2026-02-24 09:30'));
  });

  it('starts counting at 09:00 when the clock is outside working hours', () => {
    expect(addWorkingHours(cal, sh('2025-10-09 07:00'), 1)).toBe(sh('2025-10-09 10:00'));
    expect(addWorkingHours(cal, sh('2025-10-09 20:00'), 1)).toBe(sh('2025-10-10 10:00'));
  });

  it('counts a working day as nine working hours', () => {
    expect(addWorkingDays(cal, sh('2025-09-30 15:00'), 3)).toBe(sh('2025-10-11 15:00'));
  });
});

describe('SLA timers', () => {
  const sla = { remindEveryWorkingHours: 4, escalateAfterWorkingHours: 8, escalateToRole: 'SALES_DIRECTOR', autoDecideAfterWorkingDays: 3, autoDecision: 'APPROVE' };

  it('SLA remind → escalate → auto-approve across the National Day holiday and a make-up Saturday', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [{ kind: 'user', users: ['chenjing'] }], sla }), undefined, sh('2025-09-30 15:00'));
    const started = h.start('d05.buyer');
    expect(started.effects.filter((e) => e.type === 'scheduleTimer').map((e) => [e.type === 'scheduleTimer' && e.kind, e.type === 'scheduleTimer' && e.dueAt])).toEqual([
      ['REMIND', sh('2025-10-09 10:00')], ['ESCALATE', sh('2025-10-09 14:00')], ['AUTO_DECIDE', sh('2025-10-11 15:00')],
    ]);
    h.advanceTo('2025-10-08 23:59');
    expect(h.events.filter((e) => e.type === 'reminderSent')).toHaveLength(0);
    h.advanceTo('2025-10-11 16:00');
    const at = (type: string) => h.events.filter((e) => e.type === type).map((e) => e.at);
    expect(at('reminderSent')).toEqual([sh('2025-10-09 10:00'), sh('2025-10-09 14:00'), sh('2025-10-09 18:00'), sh('2025-10-10 13:00'), sh('2025-10-10 17:00'), sh('2025-10-11 12:00')]);
    expect(at('taskEscalated')).toEqual([sh('2025-10-09 14:00')]);
    expect(h.events.find((e) => e.type === 'taskEscalated')!.data).toMatchObject({ role: 'SALES_DIRECTOR', users: ['zhoutao'] });
    const decided = h.events.find((e) => e.type === 'taskApproved')!;
    expect([decided.at, decided.actor, decided.data]).toEqual([sh('2025-10-11 15:00'), 'system', expect.objectContaining({ autoReason: 'TIMEOUT' })]);
    expect(h.state.status).toBe('APPROVED');
    expect(h.state.timers).toEqual([]);
  });

  it('auto-reject after the deadline when the node says REJECT', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [{ kind: 'user', users: ['chenjing'] }], sla: { autoDecideAfterWorkingDays: 1, autoDecision: 'REJECT' } }), undefined, sh('2026-02-13 10:00'));
    h.start('d05.buyer');
    expect(h.state.tasks[0].dueAt).toBe(sh('2026-02-14 10:00'));
    h.advanceTo('2026-02-24 12:00');
    expect(h.state.status).toBe('REJECTED');
  });

  it('a late timer for a task no longer pending does nothing', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [{ kind: 'user', users: ['chenjing'] }], sla }), undefined, sh('2025-09-30 15:00'));
    h.start('d05.buyer');
    const remind = h.state.timers.find((t) => t.kind === 'REMIND')!;
    const approved = h.approve('chenjing');
    expect(approved.effects).toContainEqual(expect.objectContaining({ type: 'cancelTimers' }));
    const version = h.state.version;
    h.now = remind.dueAt;
    const late = h.run({ type: 'timerFired', timerId: remind.id });
    expect([late.events, late.effects, h.state.version]).toEqual([[], [], version]);
  });
});
