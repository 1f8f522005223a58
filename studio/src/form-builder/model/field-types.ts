/**
 * The field types of the form builder, declared once as data: the palette, the properties panel
 * and the schema generator all read this list. Widget and field names are the ones the form
 * runtime registers (studio/src/form-runtime/widgets), so a stored form renders the same for the
 * builder's preview and for the dealer.
 */
export const fieldTypes = [
  'text', 'textarea', 'number', 'money', 'date', 'select', 'server-select', 'region', 'lines', 'file', 'checkbox', 'section',
] as const;
export type FieldType = (typeof fieldTypes)[number];
/** A property the builder does not recognise: kept verbatim, only its key, label and required flag are edited. */
export type StoredFieldType = FieldType | 'raw';

/** The properties each type's panel offers (beyond key, label, required, description, visibility). */
export type FieldProp = 'placeholder' | 'length' | 'range' | 'pattern' | 'options' | 'source' | 'multiple' | 'columns' | 'default' | 'items';

export interface FieldTypeDescriptor {
  type: FieldType;
  label: { zh: string; en: string };
  props: readonly FieldProp[];
  /** May be a column of a lines table. */
  column: boolean;
}

export const fieldTypeDescriptors: Record<FieldType, FieldTypeDescriptor> = {
  text: { type: 'text', label: { zh: '单行文本', en: 'Text' }, props: ['placeholder', 'length', 'pattern', 'default'], column: true },
  textarea: { type: 'textarea', label: { zh: '多行文本', en: 'Text area' }, props: ['placeholder', 'length', 'default'], column: false },
  number: { type: 'number', label: { zh: '数字', en: 'Number' }, props: ['placeholder', 'range', 'default'], column: true },
  money: { type: 'money', label: { zh: '金额（元）', en: 'Money (CNY)' }, props: ['placeholder', 'default'], column: true },
  date: { type: 'date', label: { zh: '日期', en: 'Date' }, props: ['default'], column: true },
  select: { type: 'select', label: { zh: '下拉选择', en: 'Select' }, props: ['placeholder', 'options', 'default'], column: true },
  'server-select': { type: 'server-select', label: { zh: '下拉（服务端选项）', en: 'Select (server options)' }, props: ['placeholder', 'source'], column: true },
  region: { type: 'region', label: { zh: '区域选择', en: 'Region picker' }, props: ['multiple'], column: false },
  lines: { type: 'lines', label: { zh: '明细表格', en: 'Lines table' }, props: ['columns', 'items'], column: false },
  file: { type: 'file', label: { zh: '附件上传', en: 'File upload' }, props: [], column: false },
  checkbox: { type: 'checkbox', label: { zh: '勾选框', en: 'Checkbox' }, props: ['default'], column: true },
  section: { type: 'section', label: { zh: '分组', en: 'Section' }, props: [], column: false },
};

/** Names the runtime registers; the generator writes them into the uiSchema. */
export const runtimeWidgets = {
  money: 'money',
  region: 'region-picker',
  serverSelect: 'server-select',
  file: 'file-upload',
  textarea: 'textarea',
  linesField: 'lines-table',
} as const;
