import { describe, expect, it } from 'vitest';
import { isAllowedSourceUrl, toSelectOptions } from '../../../studio/src/form-runtime/options-source.js';

describe('server select option sources', () => {
  it('accepts only GET paths under this server’s /api/', () => {
    for (const ok of ['/api/dealers', '/api/users', '/api/products?category=mcu&active=true']) expect(isAllowedSourceUrl(ok)).toBe(true);
    for (const bad of ['https://evil.example/api/x', '//evil.example/api', '/api/../auth/logout', '/schemas/RuleSet.json', 'api/dealers', '/api/dealers#x', 42]) {
      expect(isAllowedSourceUrl(bad)).toBe(false);
    }
  });

  it('turns the dealers the API answers into options, in the current language', () => {
    const dealers = [{ code: 'D05', name: '深圳华芯城', nameEn: 'Huaxincheng (Shenzhen)' }, { code: 'D06', name: '广州', nameEn: null }, { name: 'no code' }];
    const keys = { valueKey: 'code', labelKey: 'name', labelEnKey: 'nameEn' };
    expect(toSelectOptions(dealers, keys, 'zh-CN')).toEqual([{ value: 'D05', label: '深圳华芯城' }, { value: 'D06', label: '广州' }]);
    expect(toSelectOptions(dealers, keys, 'en')).toEqual([{ value: 'D05', label: 'Huaxincheng (Shenzhen)' }, { value: 'D06', label: '广州' }]);
    expect(toSelectOptions({ items: [{ id: 7, title: 'x' }] }, { valueKey: 'id', labelKey: 'title' }, 'zh-CN')).toEqual([{ value: '7', label: 'x' }]);
  });
});
