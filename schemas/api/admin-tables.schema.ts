import { dealerStatuses } from './dealer.schema.js';
import { productStatuses } from './dms-enums.js';

/** The staff dealers table's own columns, declared once: the API's sort keys, saved views and the studio's column chooser derive from it. */
export const dealerTableColumns = [
  { key: 'code', zh: '经销商编码', en: 'Code', sortable: true },
  { key: 'name', zh: '名称', en: 'Name', sortable: true },
  { key: 'nameEn', zh: '英文名称', en: 'English name', sortable: true },
  { key: 'tier', zh: '等级', en: 'Tier', sortable: true },
  { key: 'status', zh: '状态', en: 'Status', sortable: true },
  { key: 'homeRegion', zh: '所属大区', en: 'Home region', sortable: true },
  { key: 'authorizedRegions', zh: '授权区域', en: 'Authorized regions', sortable: false },
  { key: 'creditLimit', zh: '信用额度', en: 'Credit limit', sortable: true },
  { key: 'prepaidBalance', zh: '预付款余额', en: 'Prepaid balance', sortable: true },
  { key: 'paymentTermDays', zh: '账期（天）', en: 'Payment terms (days)', sortable: true },
  { key: 'updatedAt', zh: '更新时间', en: 'Updated', sortable: true },
] as const;

/** The products table's and workbook's own columns. */
export const productTableColumns = [
  { key: 'sku', zh: 'SKU 编码', en: 'SKU' },
  { key: 'name', zh: '产品名称', en: 'Name' },
  { key: 'nameEn', zh: '英文名称', en: 'English name' },
  { key: 'category', zh: '产品类别', en: 'Category' },
  { key: 'unit', zh: '单位', en: 'Unit' },
  { key: 'spq', zh: '标准包装量', en: 'Standard pack qty' },
  { key: 'listPrice', zh: '目录价', en: 'List price' },
  { key: 'maxDiscountRate', zh: '最高折扣率', en: 'Max discount rate' },
  { key: 'rebateEligible', zh: '参与返利', en: 'Rebate eligible' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'lifecycleStage', zh: '生命周期', en: 'Lifecycle stage' },
] as const;

export type DealerTableColumn = (typeof dealerTableColumns)[number]['key'];
export const dealerSortKeys = dealerTableColumns.filter((c) => c.sortable).map((c) => c.key);

/** Labels of the closed dealer statuses (tiers come from the tenant's `dealerTier` dictionary). */
export const dealerStatusLabels: Record<(typeof dealerStatuses)[number], { zh: string; en: string }> = {
  PENDING_ONBOARDING: { zh: '待入驻', en: 'Pending onboarding' },
  ACTIVE: { zh: '正常', en: 'Active' },
  SUSPENDED: { zh: '暂停', en: 'Suspended' },
  TERMINATED: { zh: '已终止', en: 'Terminated' },
};

const codeList = (max: number) => ({ type: 'string', pattern: `^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}(,[A-Za-z0-9][A-Za-z0-9_.-]{0,63}){0,${max - 1}}$` }) as const;
const statusList = { type: 'string', pattern: `^(${dealerStatuses.join('|')})(,(${dealerStatuses.join('|')})){0,3}$`, description: 'Comma-separated statuses' } as const;
const sortValues = ['code', 'name', 'nameEn', 'tier', 'status', 'homeRegion', 'creditLimit', 'prepaidBalance', 'paymentTermDays', 'updatedAt'] as const;

const dealerFilterProperties = {
  tier: { ...codeList(20), description: 'Comma-separated tier codes' },
  status: statusList,
  region: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'A region code: dealers whose home or an authorized region lies in it or below it' },
  q: { type: 'string', minLength: 1, maxLength: 100, description: 'Text in the code, name or English name' },
  sort: { type: 'string', enum: [...sortValues, ...sortValues.map((s) => `-${s}` as const)], description: 'A column; a leading minus sorts descending' },
} as const;

/** The filter of the dealers table and its export. */
export const AdminDealerFilter = {
  $id: 'AdminDealerFilter',
  type: 'object',
  additionalProperties: false,
  properties: dealerFilterProperties,
} as const;

export const AdminDealerQuery = {
  $id: 'AdminDealerQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...dealerFilterProperties,
    limit: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', description: '1–200, default 20' },
    offset: { type: 'string', pattern: '^\\d{1,6}$' },
  },
} as const;

const money = { type: 'string', pattern: '^-?\\d{1,16}\\.\\d{2}$' } as const;

export const AdminDealerRow = {
  $id: 'AdminDealerRow',
  type: 'object',
  required: ['id', 'code', 'name', 'tier', 'status', 'homeRegion', 'authorizedRegions', 'creditLimit', 'prepaidBalance', 'customFields', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: ['string', 'null'] },
    tier: { type: 'string' },
    status: { type: 'string', enum: dealerStatuses },
    homeRegion: { type: 'string' },
    authorizedRegions: { type: 'array', items: { type: 'string' } },
    creditLimit: money,
    prepaidBalance: money,
    paymentTermDays: { type: ['integer', 'null'] },
    customFields: { type: 'object', additionalProperties: true },
    updatedAt: { type: 'string', format: 'date-time' },
    version: { type: 'integer' },
  },
} as const;

export const AdminDealerPage = {
  $id: 'AdminDealerPage',
  type: 'object',
  required: ['total', 'items'],
  properties: {
    total: { type: 'integer' },
    items: { type: 'array', items: { $ref: 'AdminDealerRow#' } },
  },
} as const;

/** The filter of the products export. */
export const AdminProductFilter = {
  $id: 'AdminProductFilter',
  type: 'object',
  additionalProperties: false,
  properties: {
    category: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' },
    status: { type: 'string', enum: productStatuses },
    q: { type: 'string', minLength: 1, maxLength: 100, description: 'Text in the SKU, name or English name' },
  },
} as const;
