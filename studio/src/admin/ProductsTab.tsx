import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { productTableColumns } from '../../../schemas/api/admin-tables.schema';
import { productStatuses } from '../../../schemas/api/dms-enums';
import { ApiError, apiGet } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLocale, useT } from '../app/i18n';
import { downloadWorkbook, exportPath } from './admin.api';
import { groupMoney } from './DealersTab';
import { ImportDialog } from './ImportDialog';

interface ProductRow {
  id: string; sku: string; name: string; nameEn: string | null; category: string; unit: string; spq: number | null; listPrice: string;
  maxDiscountRate: string | null; rebateEligible: boolean; status: string; lifecycleStage: string;
}

/** The catalogue for staff: filter by category, status and text; export what is shown; import a workbook. */
export function ProductsTab({ canImport }: { canImport: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const [category, setCategory] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [importing, setImporting] = useState(false);
  const query = new URLSearchParams({ ...(category ? { category } : {}), ...(q ? { q } : {}) }).toString();
  const list = useRequest(() => apiGet<ProductRow[]>(`/api/products${query ? `?${query}` : ''}`), [query]);
  const all = useRequest(() => apiGet<ProductRow[]>('/api/products'), []);
  const rows = (list.data ?? []).filter((p) => !status || p.status === status);
  const categories = [...new Set((all.data ?? []).map((p) => p.category))];
  const title = (key: string) => {
    const c = productTableColumns.find((x) => x.key === key)!;
    return locale === 'en' ? c.en : c.zh;
  };
  const exportNow = async () => {
    try {
      const name = await downloadWorkbook(exportPath('product', new URLSearchParams({ ...(category ? { category } : {}), ...(status ? { status } : {}), ...(q ? { q } : {}) }).toString()));
      message.success(t(`已导出 ${name}`, `Exported ${name}`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Select allowClear style={{ width: 160 }} placeholder={title('category')} value={category} onChange={setCategory} options={categories.map((c) => ({ value: c, label: c }))} data-testid="product-filter-category" />
        <Select allowClear style={{ width: 140 }} placeholder={title('status')} value={status} onChange={setStatus} options={productStatuses.map((s) => ({ value: s, label: s }))} />
        <Input.Search allowClear style={{ width: 240 }} placeholder={t('SKU 或名称', 'SKU or name')} onSearch={(v) => setQ(v.trim() || undefined)} />
        <Button icon={<DownloadOutlined />} onClick={() => void exportNow()} data-testid="btn-product-export">{t('导出 Excel', 'Export Excel')}</Button>
        {canImport && <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="btn-product-import">{t('导入 Excel', 'Import Excel')}</Button>}
      </Space>
      <Table<ProductRow>
        rowKey="id" size="middle" loading={list.loading} dataSource={rows} pagination={{ pageSize: 20 }} scroll={{ x: 'max-content' }}
        data-testid="products-table"
        columns={[
          { key: 'sku', title: title('sku'), dataIndex: 'sku' },
          { key: 'name', title: title('name'), render: (_, p) => (locale === 'en' ? p.nameEn ?? p.name : p.name) },
          { key: 'category', title: title('category'), dataIndex: 'category' },
          { key: 'spq', title: title('spq'), dataIndex: 'spq', align: 'right' },
          { key: 'listPrice', title: title('listPrice'), align: 'right', render: (_, p) => groupMoney(p.listPrice) },
          { key: 'maxDiscountRate', title: title('maxDiscountRate'), align: 'right', render: (_, p) => p.maxDiscountRate ?? '' },
          { key: 'rebateEligible', title: title('rebateEligible'), render: (_, p) => (p.rebateEligible ? t('是', 'yes') : t('否', 'no')) },
          { key: 'status', title: title('status'), render: (_, p) => <Tag color={p.status === 'ACTIVE' ? 'green' : p.status === 'EOL' ? 'default' : 'gold'}>{p.status}</Tag> },
          { key: 'lifecycleStage', title: title('lifecycleStage'), dataIndex: 'lifecycleStage' },
        ]}
      />
      <ImportDialog record="product" open={importing} onClose={() => setImporting(false)} onImported={() => { void list.reload(); void all.reload(); }} />
    </Space>
  );
}
