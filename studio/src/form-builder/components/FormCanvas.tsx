import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EyeInvisibleOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Tag, Tooltip, Typography } from 'antd';
import { useLabel, useT } from '../../app/i18n';
import { fieldTypeDescriptors, fieldTypes, type FieldType } from '../model/field-types';
import type { FieldModel, FieldPath } from '../model/form-model';
import { fieldTypeIcons } from './FieldPalette';

interface CanvasProps {
  fields: FieldModel[];
  selected: FieldPath | null;
  onSelect(path: FieldPath): void;
  onMove(path: FieldPath, delta: -1 | 1): void;
  onRemove(path: FieldPath): void;
  onDropType(type: FieldType, parent: FieldPath, index: number): void;
}

const samePath = (a: FieldPath | null, b: FieldPath) => !!a && a.length === b.length && a.every((k, i) => k === b[i]);

function FieldRow({ field, path, index, count, props }: { field: FieldModel; path: FieldPath; index: number; count: number; props: CanvasProps }) {
  const t = useT();
  const label = useLabel();
  const selected = samePath(props.selected, path);
  const typeLabel = field.type === 'raw' ? t('自定义', 'Custom') : label(fieldTypeDescriptors[field.type].label);
  const condition = field.visibleWhen ? `${field.visibleWhen.field} ${field.visibleWhen.values.length > 1 ? '∈' : '='} ${field.visibleWhen.values.map(String).join(' / ')}` : null;
  return (
    <div
      data-testid={`form-field-${path.join('.')}`}
      onClick={(e) => {
        e.stopPropagation();
        props.onSelect(path);
      }}
      style={{
        border: `1px solid ${selected ? '#1a5fd0' : '#e5e7eb'}`, background: selected ? '#f0f6ff' : '#fff', borderRadius: 6,
        padding: '8px 10px', marginBottom: 8, cursor: 'pointer', boxShadow: selected ? '0 0 0 2px rgba(26,95,208,.12)' : undefined,
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span style={{ color: '#1a5fd0' }}>{field.type === 'raw' ? null : fieldTypeIcons[field.type]}</span>
        <div style={{ flex: 1, minWidth: 0 }}>
          <div>
            {field.required ? <span style={{ color: '#ff4d4f' }}>* </span> : null}
            <Typography.Text strong>{label(field.label, field.key)}</Typography.Text>
            <Typography.Text type="secondary" code style={{ marginInlineStart: 8, fontSize: 12 }}>{field.key}</Typography.Text>
          </div>
          <Space size={4} wrap style={{ marginTop: 2 }}>
            <Tag>{typeLabel}</Tag>
            {condition ? <Tag icon={<EyeInvisibleOutlined />} color="purple">{t('条件显示', 'Shown when')} {condition}</Tag> : null}
            {field.type === 'lines' ? <Tag color="blue">{t(`${field.columns?.length ?? 0} 列`, `${field.columns?.length ?? 0} columns`)}</Tag> : null}
          </Space>
        </div>
        <Space size={0} onClick={(e) => e.stopPropagation()}>
          <Tooltip title={t('上移', 'Move up')}><Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => props.onMove(path, -1)} data-testid={`btn-field-up-${path.join('.')}`} /></Tooltip>
          <Tooltip title={t('下移', 'Move down')}><Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => props.onMove(path, 1)} data-testid={`btn-field-down-${path.join('.')}`} /></Tooltip>
          <Tooltip title={t('删除', 'Delete')}><Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => props.onRemove(path)} data-testid={`btn-field-remove-${path.join('.')}`} /></Tooltip>
        </Space>
      </div>
      {field.type === 'section' ? (
        <div style={{ marginTop: 8, paddingInlineStart: 12, borderInlineStart: '3px solid #e5e7eb' }}>
          <FieldList fields={field.children ?? []} parent={path} props={props} />
        </div>
      ) : null}
    </div>
  );
}

function FieldList({ fields, parent, props }: { fields: FieldModel[]; parent: FieldPath; props: CanvasProps }) {
  const t = useT();
  return (
    <div
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const type = e.dataTransfer.getData('application/x-cf-field-type') as FieldType;
        if (!fieldTypes.includes(type)) return;
        e.preventDefault();
        e.stopPropagation();
        props.onDropType(type, parent, fields.length);
      }}
      style={{ minHeight: parent.length ? 36 : undefined }}
    >
      {fields.length === 0 && parent.length > 0 ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('选中此分组后点击左侧字段，或拖入此处', 'Select this section and click a field type, or drop one here')}</Typography.Text> : null}
      {fields.map((f, i) => <FieldRow key={f.key} field={f} path={[...parent, f.key]} index={i} count={fields.length} props={props} />)}
    </div>
  );
}

/** The form's fields in order: select, reorder, remove; sections show their own fields inside. */
export function FormCanvas(props: CanvasProps) {
  const t = useT();
  if (props.fields.length === 0) {
    return (
      <div onDragOver={(e) => e.preventDefault()} onDrop={(e) => {
        const type = e.dataTransfer.getData('application/x-cf-field-type') as FieldType;
        if (fieldTypes.includes(type)) props.onDropType(type, [], 0);
      }} style={{ padding: 48 }}>
        <Empty description={t('从左侧添加第一个字段', 'Add the first field from the palette')} />
      </div>
    );
  }
  return <FieldList fields={props.fields} parent={[]} props={props} />;
}
