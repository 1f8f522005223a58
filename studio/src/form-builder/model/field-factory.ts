import { fieldTypeDescriptors, type FieldType } from './field-types';
import type { FieldModel } from './form-model';

const keyStem: Record<FieldType, string> = {
  text: 'text', textarea: 'notes', number: 'number', money: 'amount', date: 'date', select: 'choice', 'server-select': 'ref',
  region: 'region', lines: 'lines', file: 'fileId', checkbox: 'flag', section: 'section',
};

/** A key not yet used among `taken`: the type's stem followed by the first free number. */
export function freeKey(type: FieldType, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const key = `${keyStem[type]}${i}`;
    if (!taken.has(key)) return key;
  }
}

/** A new field as the palette drops it: a sensible default per type that the server accepts as is. */
export function createField(type: FieldType, taken: ReadonlySet<string>): FieldModel {
  const d = fieldTypeDescriptors[type];
  const field: FieldModel = { key: freeKey(type, taken), type, label: { zh: d.label.zh, en: d.label.en }, required: false, extraSchema: {}, extraUi: {} };
  switch (type) {
    case 'text':
      field.maxLength = 200;
      break;
    case 'textarea':
      field.maxLength = 2000;
      break;
    case 'select':
      field.options = [
        { value: 'A', label: { zh: '选项一', en: 'Option 1' } },
        { value: 'B', label: { zh: '选项二', en: 'Option 2' } },
      ];
      break;
    case 'server-select':
      field.source = { url: '/api/dealers', valueKey: 'code', labelKey: 'name', labelEnKey: 'nameEn' };
      break;
    case 'lines':
      field.minItems = 1;
      field.maxItems = 200;
      field.extraItems = { additionalProperties: false };
      field.columns = [
        { key: 'sku', type: 'text', label: { zh: '物料编码', en: 'SKU' }, required: true, extraSchema: {}, extraUi: {} },
        { key: 'qty', type: 'number', integer: true, minimum: 1, label: { zh: '数量', en: 'Qty' }, required: true, extraSchema: {}, extraUi: {} },
      ];
      break;
    case 'section':
      field.children = [];
      field.extraSchema = { additionalProperties: false };
      break;
    default:
      break;
  }
  return field;
}
