import { describe, expect, it } from 'vitest';
import { boundKey, compareTiers, dictionaryLabel, emptyVocabulary, roleName, tierLabel, type Vocabulary } from '../../../studio/src/app/use-vocabulary.js';
import { cycleGoalHours, cycleTrendOption, tierRows, type Overview } from '../../../studio/src/dashboards/chart-options.js';

/** A beverage maker's words: its tiers best first, its roles, a category dictionary, its bindings and goal. */
const v: Vocabulary = {
  ...emptyVocabulary,
  tiers: [{ code: 'KA', label: { zh: 'KA 重点客户', en: 'Key account' } }, { code: 'A', label: { zh: 'A 类', en: 'Class A' } }, { code: 'C', label: { zh: 'C 类', en: 'Class C' } }],
  roles: [{ code: 'AREA_MANAGER', name: '区域经理', nameEn: 'Area manager', scope: 'REGION' }, { code: 'VP', name: '副总裁', nameEn: null, scope: 'TENANT' }],
  dictionaries: { productCategory: { name: { zh: '品类', en: 'Category' }, items: [{ code: 'TEA', label: { zh: '茶饮', en: 'Tea' } }] } },
  extensionPoints: { dealerOnboarding: 'bev-onboarding' },
  targets: { orderCycleHours: 12 },
};

describe('the tenant vocabulary in the studio', () => {
  it('labels tiers, roles and dictionary items in the tenant’s words; an unknown code stands for itself', () => {
    expect(tierLabel(v, 'KA', 'zh')).toBe('KA 重点客户');
    expect(tierLabel(v, 'A', 'en')).toBe('Class A');
    expect(tierLabel(v, 'Z', 'en')).toBe('Z');
    expect(tierLabel(v, null, 'zh')).toBe('');
    expect(roleName(v, 'AREA_MANAGER', 'en')).toBe('Area manager');
    expect(roleName(v, 'VP', 'en')).toBe('副总裁');
    expect(roleName(v, 'NOBODY', 'zh')).toBe('NOBODY');
    expect(dictionaryLabel(v, 'productCategory', 'TEA', 'en')).toBe('Tea');
    expect(dictionaryLabel(v, 'productCategory', 'WATER', 'zh')).toBe('WATER');
  });

  it('orders tiers as the dictionary lists them, best first, unknown ones last by code', () => {
    expect(['C', 'X', 'KA', 'B', 'A'].sort(compareTiers(v))).toEqual(['KA', 'A', 'C', 'B', 'X']);
  });

  it('finds the key bound to an extension point, or none', () => {
    expect(boundKey(v, 'dealerOnboarding')).toBe('bev-onboarding');
    expect(boundKey(v, 'orderApproval')).toBeNull();
  });
});

describe('dashboards in the tenant’s words', () => {
  const t = (zh: string) => zh;
  const totals = { count: 1, amount: '1.00', approvedCount: 1, approvedAmount: '1.00' };
  const overview = { orders: { byTier: [{ tier: 'KA', ...totals }, { tier: 'C', ...totals }, { tier: 'OLD', ...totals }] } } as unknown as Overview;
  const cycle = { p50Hours: 5, p90Hours: 20, weekly: [{ weekStart: '2026-11-30', count: 3, p50Hours: 5, p90Hours: 20 }] } as unknown as Overview['cycleTime'];

  it('labels the tier bars by the dealerTier dictionary, keeping the server’s order', () => {
    expect(tierRows(overview, true, v).map((r) => r.label)).toEqual(['KA 重点客户', 'C 类', 'OLD']);
    expect(tierRows(overview, false, v).map((r) => r.label)).toEqual(['Key account', 'Class C', 'OLD']);
  });

  it('draws the cycle-time goal from the tenant’s target, and none without one', () => {
    expect(cycleGoalHours(v)).toBe(12);
    expect(cycleGoalHours(emptyVocabulary)).toBeNull();
    expect(cycleGoalHours({ targets: { orderCycleHours: -1 } })).toBeNull();
    const marks = (o: Record<string, any>) => o.series[0].markLine.data.map((m: { yAxis: number; name: string }) => [m.yAxis, m.name]);
    expect(marks(cycleTrendOption(cycle, t, 12))).toEqual([[5, 'p50 5h'], [20, 'p90 20h'], [12, '目标 12h']]);
    expect(marks(cycleTrendOption(cycle, t))).toEqual([[5, 'p50 5h'], [20, 'p90 20h']]);
  });
});
