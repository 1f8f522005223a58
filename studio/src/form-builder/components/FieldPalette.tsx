import {
  AlignLeftOutlined, ApartmentOutlined, CalendarOutlined, CheckSquareOutlined, CloudDownloadOutlined, DownSquareOutlined, FieldNumberOutlined,
  FolderOutlined, FontSizeOutlined, MoneyCollectOutlined, PaperClipOutlined, TableOutlined,
} from '@ant-design/icons';
import { Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLabel, useT } from '../../app/i18n';
import { fieldTypeDescriptors, fieldTypes, type FieldType } from '../model/field-types';

export const fieldTypeIcons: Record<FieldType, ReactNode> = {
  text: <FontSizeOutlined />, textarea: <AlignLeftOutlined />, number: <FieldNumberOutlined />, money: <MoneyCollectOutlined />,
  date: <CalendarOutlined />, select: <DownSquareOutlined />, 'server-select': <CloudDownloadOutlined />, region: <ApartmentOutlined />,
  lines: <TableOutlined />, file: <PaperClipOutlined />, checkbox: <CheckSquareOutlined />, section: <FolderOutlined />,
};

/** The palette, derived from the field-type list: a click adds the field after the selected one (or into the selected section). */
export function FieldPalette({ onAdd }: { onAdd(type: FieldType): void }) {
  const t = useT();
  const label = useLabel();
  return (
    <div style={{ padding: 12 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('点击添加字段', 'Click to add a field')}</Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr', gap: 6, marginTop: 8 }}>
        {fieldTypes.map((type) => (
          <Button
            key={type}
            icon={fieldTypeIcons[type]}
            onClick={() => onAdd(type)}
            data-testid={`field-palette-${type}`}
            style={{ justifyContent: 'flex-start' }}
            draggable
            onDragStart={(e) => e.dataTransfer.setData('application/x-cf-field-type', type)}
          >
            {label(fieldTypeDescriptors[type].label)}
          </Button>
        ))}
      </div>
    </div>
  );
}
