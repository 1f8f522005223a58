import { describe, expect, it } from 'vitest';
import { createAjv } from '../../../schemas/ajv.js';
import type { FieldModel } from '../../../studio/src/form-builder/model/form-model.js';
import { newFormModel } from '../../../studio/src/form-builder/model/form-model.js';
import { toFormDocument } from '../../../studio/src/form-builder/model/form-schema-generate.js';
import { checkFormData, createFormValidator, VisibilityEvaluator } from '../../../studio/src/form-runtime/form-validation.js';
import { localizeSchema, renderUiSchema } from '../../../studio/src/form-runtime/render-schema.js';

const field = (f: Partial<FieldModel> & Pick<FieldModel, 'key' | 'type'>): FieldModel => ({ label: { zh: f.key }, required: false, extraSchema: {}, extraUi: {}, ...f });

function conditionalForm() {
  const model = newFormModel('claim', { zh: '申请' });
  model.fields = [
    field({ key: 'urgent', type: 'checkbox' }),
    field({ key: 'reason', type: 'textarea', label: { zh: '加急原因', en: 'Why urgent' }, required: true, visibleWhen: { field: 'urgent', values: [true] } }),
    field({ key: 'channel', type: 'select', options: [{ value: 'A', label: { zh: '甲' } }, { value: 'B', label: { zh: '乙' } }, { value: 'C', label: { zh: '丙' } }] }),
    field({ key: 'amount', type: 'money', visibleWhen: { field: 'channel', values: ['A', 'B'] } }),
    field({ key: 'contact', type: 'section', extraSchema: { additionalProperties: false }, children: [
      field({ key: 'byPhone', type: 'checkbox' }),
      field({ key: 'phone', type: 'text', required: true, pattern: '^1[3-9]\\d{9}$', visibleWhen: { field: 'byPhone', values: [true] } }),
    ] }),
  ];
  return toFormDocument(model);
}

describe('conditional fields: the preview and the server agree', () => {
  const doc = conditionalForm();
  const server = createAjv().compile(doc.schema);
  const visibility = new VisibilityEvaluator();
  const validator = createFormValidator('zh-CN');
  const samples: { data: Record<string, unknown>; hidden: string[]; valid: boolean }[] = [
    { data: {}, hidden: ['/reason', '/amount', '/contact/phone'], valid: true },
    { data: { urgent: true }, hidden: ['/amount', '/contact/phone'], valid: false },
    { data: { urgent: true, reason: '客户停线' }, hidden: ['/amount', '/contact/phone'], valid: true },
    { data: { urgent: false, reason: '客户停线' }, hidden: ['/reason', '/amount', '/contact/phone'], valid: true },
    { data: { channel: 'A', amount: '12.5' }, hidden: ['/reason', '/contact/phone'], valid: true },
    { data: { channel: 'A', amount: '12.555' }, hidden: ['/reason', '/contact/phone'], valid: false },
    { data: { channel: 'C', amount: '12.555' }, hidden: ['/reason', '/amount', '/contact/phone'], valid: true },
    { data: { contact: { byPhone: true } }, hidden: ['/reason', '/amount'], valid: false },
    { data: { contact: { byPhone: true, phone: '13800000000' } }, hidden: ['/reason', '/amount'], valid: true },
    { data: { contact: { byPhone: false, phone: 'x' } }, hidden: ['/reason', '/amount', '/contact/phone'], valid: true },
  ];

  for (const { data, hidden, valid } of samples) {
    it(`${JSON.stringify(data)}: hides ${hidden.join(', ')} and is ${valid ? 'valid' : 'refused'} in both`, () => {
      expect(visibility.hiddenPointers(doc.schema, data).sort()).toEqual([...hidden].sort());
      const submitted = visibility.strip(doc.schema, data);
      expect(server(submitted)).toBe(valid);
      expect(checkFormData(validator, localizeSchema(doc.schema, 'zh-CN') as object, submitted, 'zh-CN').ok).toBe(valid);
    });
  }

  it('the server refuses the value of a hidden field that the preview would have dropped', () => {
    expect(server({ urgent: false, reason: '客户停线' })).toBe(false);
    expect(visibility.strip(doc.schema, { urgent: false, reason: '客户停线' })).toEqual({ urgent: false });
  });

  it('names the missing conditional field in Chinese, by its label', () => {
    const check = checkFormData(validator, localizeSchema(doc.schema, 'zh-CN') as object, { urgent: true }, 'zh-CN');
    expect(check.errors.map((e) => e.message)).toEqual(['请填写加急原因']);
    expect(check.errorSchema).toMatchObject({ reason: { __errors: ['请填写加急原因'] } });
    const en = checkFormData(createFormValidator('en'), localizeSchema(doc.schema, 'en') as object, { urgent: true }, 'en');
    expect(en.errors.map((e) => e.message)).toEqual(['Why urgent is required']);
  });

  it('refuses money with more than two decimals with the money message, as the server format does', () => {
    const check = checkFormData(validator, doc.schema as object, { channel: 'B', amount: '1.001' }, 'zh-CN');
    expect(check.errors.map((e) => e.message)).toEqual(['请输入金额，最多两位小数（元）']);
  });

  it('renders hidden fields with the hidden widget and English option labels in English', () => {
    const ui = renderUiSchema(doc.schema, { ...doc.uiSchema, channel: { 'ui:enumNames': ['甲', '乙', '丙'], 'ui:enumNamesEn': ['A', 'B', 'C'] } }, new Set(['/reason', '/contact/phone']), 'en');
    expect(ui).toMatchObject({ reason: { 'ui:widget': 'hidden' }, contact: { phone: { 'ui:widget': 'hidden' } }, channel: { 'ui:enumNames': ['A', 'B', 'C'] } });
  });
});
