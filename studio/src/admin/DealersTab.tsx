import { groupThousands } from '../../../rules/money';
import { DownloadOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Input, Popover, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { dealerStatusLabels, dealerTableColumns } from '../../../schemas/api/admin-tables.schema';
import { dealerStatuses } from '../../../schemas/api/dealer.schema';
import { ApiError, apiGet } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLabel, useLocale, useT } from '../app/i18n';
import { dealerQuery, downloadWorkbook, exportPath, type DealerColumnsMeta, type DealerRow, type SavedView, type ViewState } from './admin.api';
import { ImportDialog } from './ImportDialog';
import { SavedViewsBar } from './SavedViewsBar';

interface RegionView { code: string; name: string; nameEn: string | null; parent: string | null }

export const defaultDealerView: ViewState = {
  filters: {},
  columns: ['code', 'name', 'tier', 'status', 'homeRegion', 'authorizedRegions', 'creditLimit', 'prepaidBalance', 'paymentTermDays'],
  sort: { field: 'code', order: 'asc' },
  pageSize: 20,
};

/** "1234567.80" → "1,234,567.80", on the text: money never becomes a float here. */
export const groupMoney = groupThousands;

const statusColor: Record<string, string> = { ACTIVE: 'green', PENDING_ONBOARDING: 'gold', SUSPENDED: 'red', TERMINATED: 'default' };

function regionTree(regions: RegionView[], label: (r: RegionView) => string) {
  type Node = { value: string; title: string; children: Node[] };
  const nodes = new Map(regions.map((r) => [r.code, { value: r.code, title: `${label(r)} (${r.code})`, children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const r of regions) (r.parent && nodes.get(r.parent) ? nodes.get(r.parent)!.children : roots).push(nodes.get(r.code)!);
  return roots;
}

/** The staff dealers table: filters, column chooser, saved views, export and import. */
export function DealersTab({ canImport }: { canImport: boolean }) {
  const t = useT();
  const label = useLabel();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const [state, setState] = useState<ViewState>(defaultDealerView);
  const [page, setPage] = useState(1);
  const [viewId, setViewId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const pageSize = state.pageSize ?? 20;
  const meta = useRequest(() => apiGet<DealerColumnsMeta>('/api/admin/dealers/columns'), []);
  const regions = useRequest(() => apiGet<RegionView[]>('/api/regions'), []);
  const list = useRequest(() => apiGet<{ total: number; items: DealerRow[] }>(`/api/admin/dealers?${dealerQuery(state, { limit: pageSize, offset: (page - 1) * pageSize })}`), [state, page, pageSize]);

  const change = (next: Partial<ViewState>) => {
    setState((s) => ({ ...s, ...next }));
    setPage(1);
  };
  const setFilter = (key: keyof ViewState['filters'], value: unknown) => {
    const filters: Record<string, unknown> = { ...state.filters, [key]: value };
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete filters[key];
    change({ filters: filters as ViewState['filters'] });
  };
  const pickView = (view: SavedView | null) => {
    setViewId(view?.id ?? null);
    change(view ? view.state : defaultDealerView);
  };

  const tierLabel = useMemo(() => new Map((meta.data?.tiers ?? []).map((x) => [x.code, label(x.label, x.code)])), [meta.data, label]);
  const allColumns = useMemo(() => [
    ...dealerTableColumns.map((c) => ({ key: c.key as string, title: locale === 'en' ? c.en : c.zh, sortable: c.sortable as boolean })),
    ...(meta.data?.customFields ?? []).map((f) => ({ key: `cf.${f.key}`, title: f.title, sortable: false })),
  ], [meta.data, locale]);

  const render = (key: string, d: DealerRow) => {
    if (key.startsWith('cf.')) {
      const v = d.customFields[key.slice(3)];
      const f = meta.data?.customFields.find((x) => `cf.${x.key}` === key);
      if (v === undefined || v === null) return '';
      return f?.format === 'money' && typeof v === 'string' ? groupMoney(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    switch (key) {
      case 'tier': return <Tag color="blue">{tierLabel.get(d.tier) ?? d.tier}</Tag>;
      case 'status': return <Tag color={statusColor[d.status]}>{label(dealerStatusLabels[d.status], d.status)}</Tag>;
      case 'authorizedRegions': return d.authorizedRegions.join(', ');
      case 'creditLimit': case 'prepaidBalance': return groupMoney(d[key]);
      case 'updatedAt': return d.updatedAt ? dayjs(d.updatedAt).format('YYYY-MM-DD HH:mm') : '';
      default: return (d as unknown as Record<string, string | number | null>)[key] ?? '';
    }
  };
  const columns: ColumnsType<DealerRow> = state.columns
    .map((key) => allColumns.find((c) => c.key === key))
    .filter((c): c is (typeof allColumns)[number] => c !== undefined)
    .map((c) => ({
      key: c.key, title: c.title, sorter: c.sortable,
      sortOrder: state.sort?.field === c.key ? (state.sort.order === 'asc' ? 'ascend' : 'descend') : null,
      align: c.key === 'creditLimit' || c.key === 'prepaidBalance' || c.key === 'paymentTermDays' ? 'right' : undefined,
      render: (_: unknown, d: DealerRow) => render(c.key, d),
    }));

  const chooser = (
    <div data-testid="column-chooser" style={{ maxHeight: 360, overflow: 'auto' }}>
      <Checkbox.Group
        style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
        value={state.columns}
        onChange={(keys) => change({ columns: allColumns.map((c) => c.key).filter((k) => (keys as string[]).includes(k)) })}
        options={allColumns.map((c) => ({ value: c.key, label: c.title, disabled: c.key === 'code' }))}
      />
    </div>
  );

  const exportNow = async () => {
    try {
      const name = await downloadWorkbook(exportPath('dealer', dealerQuery(state)));
      message.success(t(`已导出 ${name}`, `Exported ${name}`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <SavedViewsBar state={state} selected={viewId} onSelect={pickView} />
      <Space wrap>
        <Select
          mode="multiple" allowClear style={{ minWidth: 200 }} placeholder={t('等级', 'Tier')}
          value={state.filters.tier ?? []} onChange={(v: string[]) => setFilter('tier', v)}
          options={(meta.data?.tiers ?? []).map((x) => ({ value: x.code, label: label(x.label, x.code) }))}
          data-testid="filter-tier"
        />
        <Select
          mode="multiple" allowClear style={{ minWidth: 200 }} placeholder={t('状态', 'Status')}
          value={state.filters.status ?? []} onChange={(v: ViewState['filters']['status']) => setFilter('status', v)}
          options={dealerStatuses.map((s) => ({ value: s, label: label(dealerStatusLabels[s], s) }))}
          data-testid="filter-status"
        />
        <TreeSelect
          allowClear treeDefaultExpandAll style={{ minWidth: 220 }} placeholder={t('区域（含下级）', 'Region (and below)')}
          value={state.filters.region} onChange={(v?: string) => setFilter('region', v)}
          treeData={regionTree(regions.data ?? [], (r) => (locale === 'en' ? r.nameEn ?? r.name : r.name))}
          data-testid="filter-region"
        />
        <Input.Search
          allowClear style={{ width: 240 }} placeholder={t('编码或名称', 'Code or name')}
          defaultValue={state.filters.q} key={`q:${viewId ?? ''}`} onSearch={(v) => setFilter('q', v.trim() || undefined)}
          data-testid="filter-q"
        />
        <Popover content={chooser} trigger="click" placement="bottomLeft" title={t('显示的列', 'Columns shown')}>
          <Button icon={<SettingOutlined />} data-testid="btn-columns">{t('列', 'Columns')}</Button>
        </Popover>
        <Button icon={<DownloadOutlined />} onClick={() => void exportNow()} data-testid="btn-export">{t('导出 Excel', 'Export Excel')}</Button>
        {canImport && <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="btn-import">{t('导入 Excel', 'Import Excel')}</Button>}
      </Space>
      {list.error instanceof ApiError && <Typography.Text type="danger">{list.error.message}</Typography.Text>}
      <Table<DealerRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t(`共 ${n} 家`, `${n} dealers`) }}
        onChange={(pagination, _filters, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<DealerRow>;
          const field = typeof s.columnKey === 'string' && s.order ? s.columnKey : undefined;
          const sort = field ? { field: field as NonNullable<ViewState['sort']>['field'], order: s.order === 'descend' ? 'desc' as const : 'asc' as const } : undefined;
          const size = pagination.pageSize ?? pageSize;
          if (size !== pageSize || JSON.stringify(sort) !== JSON.stringify(state.sort)) change({ sort, pageSize: size });
          else setPage(pagination.current ?? 1);
        }}
        data-testid="dealers-table"
      />
      <ImportDialog record="dealer" open={importing} onClose={() => setImporting(false)} onImported={() => void list.reload()} />
    </Space>
  );
}
