import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../../schemas/ajv.js';
import { allSchemas } from '../../../schemas/index.js';
import type { FieldModel, FormDocument } from '../../../studio/src/form-builder/model/form-model.js';
import { newFormModel } from '../../../studio/src/form-builder/model/form-model.js';
import { fromFormDocument } from '../../../studio/src/form-builder/model/form-schema-parse.js';
import { toFormDocument } from '../../../studio/src/form-builder/model/form-schema-generate.js';

const seedForm = (key: string) =>
  JSON.parse(readFileSync(new URL(`../../../server/seed/acme-chips/forms/${key}.json`, import.meta.url), 'utf8')) as FormDocument;

const field = (f: Partial<FieldModel> & Pick<FieldModel, 'key' | 'type'>): FieldModel => ({
  label: { zh: f.key }, required: false, extraSchema: {}, extraUi: {}, ...f,
});

describe('form builder model ⇄ stored form document', () => {
  for (const key of ['dealer-order', 'dealer-onboarding']) {
    it(`reads the acme-chips ${key} form and writes the same document back`, () => {
      const doc = seedForm(key);
      const model = fromFormDocument(doc);
      expect(toFormDocument(model)).toEqual(doc);
      // and the model survives the trip through the stored form
      expect(fromFormDocument(toFormDocument(model))).toEqual(model);
    });
  }

  it('recognises the field types of the acme-chips forms', () => {
    const order = fromFormDocument(seedForm('dealer-order'));
    expect(order.fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ['orderDate', 'date', true], ['shipToRegion', 'text', true], ['lines', 'lines', true], ['requestedOffset', 'money', false], ['remark', 'textarea', false],
    ]);
    const lines = order.fields.find((f) => f.key === 'lines')!;
    expect(lines.columns!.map((c) => [c.key, c.type, c.required, c.integer ?? null])).toEqual([['sku', 'text', true, null], ['qty', 'number', true, true]]);
    expect(lines.extraUi).toEqual({ 'ui:options': { orderable: false } });
    const onboarding = fromFormDocument(seedForm('dealer-onboarding'));
    expect(onboarding.fields.find((f) => f.key === 'businessLicenseFileId')!.type).toBe('file');
    // an array of region codes without a widget is not something the palette makes: kept verbatim
    expect(onboarding.fields.find((f) => f.key === 'requestedRegions')!.type).toBe('raw');
  });

  it('writes every palette type as a schema the server compiles and a FormDefinition the server accepts', () => {
    const model = newFormModel('all-types', { zh: '全部类型', en: 'All types' });
    model.fields = [
      field({ key: 'title', type: 'text', required: true, minLength: 2, maxLength: 20, pattern: '^[A-Z].*$', placeholder: '标题', label: { zh: '标题', en: 'Title' } }),
      field({ key: 'notes', type: 'textarea', maxLength: 500 }),
      field({ key: 'qty', type: 'number', integer: true, minimum: 1, maximum: 999, default: 1 }),
      field({ key: 'amount', type: 'money', required: true }),
      field({ key: 'due', type: 'date' }),
      field({ key: 'category', type: 'select', options: [{ value: 'A', label: { zh: '甲', en: 'Alpha' } }, { value: 'B', label: { zh: '乙' } }] }),
      field({ key: 'dealer', type: 'server-select', source: { url: '/api/dealers', valueKey: 'code', labelKey: 'name', labelEnKey: 'nameEn' } }),
      field({ key: 'region', type: 'region' }),
      field({ key: 'regions', type: 'region', multiple: true }),
      field({ key: 'lines', type: 'lines', minItems: 1, extraItems: { additionalProperties: false }, columns: [field({ key: 'sku', type: 'text', required: true }), field({ key: 'price', type: 'money' })] }),
      field({ key: 'licence', type: 'file' }),
      field({ key: 'urgent', type: 'checkbox' }),
      field({ key: 'reason', type: 'textarea', required: true, visibleWhen: { field: 'urgent', values: [true] } }),
      field({ key: 'contact', type: 'section', extraSchema: { additionalProperties: false }, children: [field({ key: 'phone', type: 'text', required: true })] }),
    ];
    const doc = toFormDocument(model);
    const ajv = createAjv(allSchemas);
    expect(ajv.getSchema('FormDefinition')!(doc)).toBe(true);
    expect(() => createAjv().compile(doc.schema)).not.toThrow();
    expect(fromFormDocument(doc)).toEqual(model);
    expect(doc.uiSchema).toMatchObject({
      title: { 'ui:placeholder': '标题' },
      notes: { 'ui:widget': 'textarea' },
      category: { 'ui:enumNames': ['甲', '乙'], 'ui:enumNamesEn': ['Alpha', '乙'] },
      dealer: { 'ui:widget': 'server-select', 'ui:options': { optionsSource: { url: '/api/dealers' } } },
      regions: { 'ui:widget': 'region-picker' },
      licence: { 'ui:widget': 'file-upload' },
    });
  });
});
