import { EditOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Form, Input, Popover, Select, Space } from 'antd';
import { useState } from 'react';
import type { TableInput, TableOutput } from '../../../rules/index';
import { valueTypes } from '../../../rules/index';
import { useT } from '../app/i18n';
import type { FactCatalog } from './editor-support';

interface Props {
  side: 'when' | 'then';
  column: TableInput | TableOutput;
  facts: FactCatalog;
  onChange(next: TableInput | TableOutput): void;
}

interface Values { fact?: string; path?: string; name?: string; type: string; zh?: string; en?: string; default?: string }

/** Edits one column's declaration: the fact (and path) or output name, its type, its label and default. */
export function ColumnEditor({ side, column, facts, onChange }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const initial: Values = {
    ...(side === 'when' ? { fact: (column as TableInput).fact, path: (column as TableInput).path } : { name: (column as TableOutput).name, default: (column as TableOutput).default == null ? undefined : String((column as TableOutput).default) }),
    type: column.type, zh: column.label?.zh, en: column.label?.en,
  };
  const apply = (v: Values) => {
    const label = v.zh && v.en ? { zh: v.zh, en: v.en } : undefined;
    const next = side === 'when'
      ? { fact: v.fact ?? '', ...(v.path ? { path: v.path } : {}), type: v.type, ...(label ? { label } : {}) }
      : { name: v.name ?? '', type: v.type, ...(v.default !== undefined && v.default !== '' ? { default: v.default } : {}), ...(label ? { label } : {}) };
    onChange(next as TableInput | TableOutput);
    setOpen(false);
  };
  const content = (
    <Form form={form} layout="vertical" size="small" initialValues={initial} onFinish={apply} style={{ width: 280 }} key={JSON.stringify(initial)}>
      {side === 'when' ? (
        <>
          <Form.Item name="fact" label={t('事实 / 变量', 'Fact / variable')} rules={[{ required: true }]}>
            <AutoComplete options={facts.names.map((n) => ({ value: n }))} filterOption />
          </Form.Item>
          <Form.Item name="path" label={t('路径（可选，如 $.a.b）', 'Path (optional, e.g. $.a.b)')}><Input /></Form.Item>
        </>
      ) : (
        <>
          <Form.Item name="name" label={t('结果变量', 'Output variable')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="default" label={t('无命中时的默认值', 'Default when no row matches')}><Input /></Form.Item>
        </>
      )}
      <Form.Item name="type" label={t('类型', 'Type')}><Select options={valueTypes.map((v) => ({ value: v, label: v }))} /></Form.Item>
      <Space.Compact block>
        <Form.Item name="zh" noStyle><Input placeholder={t('中文标题', 'Chinese title')} /></Form.Item>
        <Form.Item name="en" noStyle><Input placeholder={t('英文标题', 'English title')} /></Form.Item>
      </Space.Compact>
      <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
        <Button onClick={() => setOpen(false)}>{t('取消', 'Cancel')}</Button>
        <Button type="primary" htmlType="submit">{t('确定', 'OK')}</Button>
      </Space>
    </Form>
  );
  return (
    <Popover content={content} title={t('列设置', 'Column')} trigger="click" open={open} onOpenChange={setOpen} destroyOnHidden>
      <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('编辑列', 'Edit column')} />
    </Popover>
  );
}
