import { Dec } from '../../rules/money.js';
import { dealerTableColumns, productTableColumns } from '../../schemas/api/admin-tables.schema.js';
import { dealerStatuses } from '../../schemas/api/dealer.schema.js';
import { lifecycleStages, productStatuses } from '../../schemas/api/dms-enums.js';
import type { importRecords } from '../../schemas/api/record-import.schema.js';
import type { Dealer, Product, ProductCategory, Tenant } from '../entities/index.js';
import { tiersOf } from '../tenancy/vocabulary.service.js';
import {
  parseBoolean, parseCode, parseInteger, parseMoney, parseRate, parseText, splitCodes, type CellIn, type Parsed,
} from './sheet-cells.js';

export type SheetRecord = (typeof importRecords)[number];

/** What parsing a row needs from the tenant: its tier dictionary, region codes, categories and custom-field declaration. */
export interface SheetEnv {
  tiers: string[];
  regions: Set<string>;
  categories: Map<string, ProductCategory>;
  customFields: CustomFieldColumn[];
}

/** One column of a workbook: its heading, how a record fills the cell, and how a cell becomes a field value. */
export interface SheetColumn<R> {
  /** The record field ("creditLimit"), or "customFields/<key>". */
  field: string;
  header: string;
  /** Other headings the import accepts: the English label and the field name. */
  aliases: string[];
  /** The column must be present and its cell filled. */
  required: boolean;
  width: number;
  numFmt?: string;
  /** Allowed values, offered as a drop-down in the workbook. */
  list?: string[];
  toCell(row: R): CellIn;
  /** Reads a filled cell. */
  parse(cell: Exclude<CellIn, null>): Parsed<unknown>;
  /** The value of an empty optional cell. */
  empty: unknown;
}

export const MONEY_FORMAT = '#,##0.00';

/** The codes of the tenant's `dealerTier` dictionary, best first; none when it declares no tiers (then any code is taken). */
export function tenantTiers(tenant: Tenant): string[] {
  return tiersOf(tenant).map((t) => t.code);
}

const moneyNumber = (v: string | null | undefined): number | null => (v === null || v === undefined ? null : Number(new Dec(v).toFixed(2)));
const oneOf = (values: readonly string[], code: 'IMP_ROW_UNKNOWN_TIER' | 'IMP_ROW_UNKNOWN_STATUS' | 'IMP_ROW_NOT_IN_LIST') => (cell: Exclude<CellIn, null>): Parsed<string> => {
  const s = String(cell).trim();
  const hit = values.find((v) => v.toUpperCase() === s.toUpperCase());
  return hit ? { ok: true, value: hit } : { ok: false, code };
};
const text = (max: number) => (cell: Exclude<CellIn, null>) => parseText(cell, max);

function heading(cols: readonly { key: string; zh: string; en: string }[], key: string) {
  const c = cols.find((x) => x.key === key)!;
  return { header: c.zh, aliases: [c.en, c.key] };
}

// ---- custom fields ------------------------------------------------------------------------------

export interface CustomFieldColumn {
  key: string;
  title: string;
  schema: { type?: string | string[]; format?: string; items?: { type?: string } };
}

/** The record's custom fields as the tenant declares them (manifest `customFields.<record>`), in declaration order. */
export function customFieldColumns(tenant: Tenant, record: SheetRecord): CustomFieldColumn[] {
  const declaration = tenant.settings?.customFields?.[record] as { properties?: Record<string, CustomFieldColumn['schema'] & { title?: string }> } | undefined;
  return Object.entries(declaration?.properties ?? {}).map(([key, schema]) => ({ key, title: schema.title?.trim() || key, schema }));
}

const typeOf = (s: CustomFieldColumn['schema']) => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

/** A custom field's cell: numbers and money as numbers, yes/no for booleans, lists comma-separated. */
function customCell(value: unknown, schema: CustomFieldColumn['schema']): CellIn {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return typeof value === 'boolean' ? (value ? '是' : '否') : value;
  if (typeof value === 'string') return schema.format === 'money' && /^-?\d{1,15}(\.\d{1,2})?$/.test(value) ? Number(value) : value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  return JSON.stringify(value);
}

/** Reads a custom field's cell into the declared type where it can; anything else is left for the schema check to refuse. */
function parseCustom(cell: Exclude<CellIn, null>, schema: CustomFieldColumn['schema']): Parsed<unknown> {
  const type = typeOf(schema);
  if (type === 'integer' || type === 'number') {
    if (typeof cell === 'string' && /^-?\d+(\.\d+)?$/.test(cell)) return { ok: true, value: Number(cell) };
    return { ok: true, value: cell instanceof Date ? cell.toISOString() : cell };
  }
  if (type === 'boolean') {
    const b = parseBoolean(cell);
    return b.ok ? b : { ok: true, value: cell };
  }
  if (type === 'array') return { ok: true, value: splitCodes(cell) };
  if (type === 'string') {
    if (schema.format === 'money' && typeof cell === 'number') {
      const m = parseMoney(cell);
      return m.ok ? m : { ok: true, value: String(cell) };
    }
    if (cell instanceof Date) return { ok: true, value: schema.format === 'date' ? cell.toISOString().slice(0, 10) : cell.toISOString() };
    return { ok: true, value: String(cell) };
  }
  if (typeof cell === 'string' && /^[[{]/.test(cell)) {
    try {
      return { ok: true, value: JSON.parse(cell) as unknown };
    } catch {
      return { ok: true, value: cell };
    }
  }
  return { ok: true, value: cell };
}

function customColumns<R extends { customFields: Record<string, unknown> }>(env: SheetEnv, taken: Set<string>): SheetColumn<R>[] {
  return env.customFields.map((f) => {
    const header = taken.has(f.title) ? `${f.title} [${f.key}]` : f.title;
    taken.add(header);
    return {
      field: `customFields/${f.key}`, header, aliases: [f.key, `cf.${f.key}`, `${f.title} [${f.key}]`], required: false, width: 18,
      numFmt: f.schema.format === 'money' ? MONEY_FORMAT : undefined,
      toCell: (r) => customCell(r.customFields[f.key], f.schema),
      parse: (cell) => parseCustom(cell, f.schema),
      empty: undefined,
    };
  });
}

// ---- dealers ------------------------------------------------------------------------------------

export function dealerColumns(env: SheetEnv): SheetColumn<Dealer>[] {
  const h = (key: string) => heading(dealerTableColumns, key);
  const region = (cell: Exclude<CellIn, null>): Parsed<string> => {
    const c = parseCode(cell);
    return !c.ok || env.regions.has(c.value) ? c : { ok: false, code: 'IMP_ROW_UNKNOWN_REGION' };
  };
  const cols: SheetColumn<Dealer>[] = [
    { field: 'code', ...h('code'), required: true, width: 14, toCell: (d) => d.code, parse: parseCode, empty: undefined },
    { field: 'name', ...h('name'), required: true, width: 24, toCell: (d) => d.name, parse: text(200), empty: undefined },
    { field: 'nameEn', ...h('nameEn'), required: false, width: 24, toCell: (d) => d.nameEn ?? null, parse: text(200), empty: null },
    { field: 'tier', ...h('tier'), required: true, width: 12, ...(env.tiers.length ? { list: env.tiers } : {}), toCell: (d) => d.tier, parse: env.tiers.length ? oneOf(env.tiers, 'IMP_ROW_UNKNOWN_TIER') : parseCode, empty: undefined },
    { field: 'status', ...h('status'), required: true, width: 20, list: [...dealerStatuses], toCell: (d) => d.status, parse: oneOf(dealerStatuses, 'IMP_ROW_UNKNOWN_STATUS'), empty: undefined },
    { field: 'homeRegion', ...h('homeRegion'), required: true, width: 14, toCell: (d) => d.homeRegion, parse: region, empty: undefined },
    {
      field: 'authorizedRegions', ...h('authorizedRegions'), required: false, width: 24, toCell: (d) => d.authorizedRegions.join(','), empty: [],
      parse: (cell) => {
        const codes = splitCodes(cell);
        for (const c of codes) {
          const r = region(c);
          if (!r.ok) return r;
        }
        return { ok: true, value: [...new Set(codes)] };
      },
    },
    { field: 'creditLimit', ...h('creditLimit'), required: false, width: 16, numFmt: MONEY_FORMAT, toCell: (d) => moneyNumber(d.creditLimit), parse: parseMoney, empty: '0.00' },
    { field: 'prepaidBalance', ...h('prepaidBalance'), required: false, width: 16, numFmt: MONEY_FORMAT, toCell: (d) => moneyNumber(d.prepaidBalance), parse: parseMoney, empty: '0.00' },
    { field: 'paymentTermDays', ...h('paymentTermDays'), required: false, width: 12, toCell: (d) => d.paymentTermDays ?? null, parse: (c) => parseInteger(c, 0, 365), empty: null },
  ];
  return [...cols, ...customColumns<Dealer>(env, new Set(cols.map((c) => c.header)))];
}

// ---- products -----------------------------------------------------------------------------------

export function productColumns(env: SheetEnv): SheetColumn<Product>[] {
  const h = (key: string) => heading(productTableColumns, key);
  const cols: SheetColumn<Product>[] = [
    { field: 'sku', ...h('sku'), required: true, width: 16, toCell: (p) => p.sku, parse: parseCode, empty: undefined },
    { field: 'name', ...h('name'), required: true, width: 36, toCell: (p) => p.name, parse: text(200), empty: undefined },
    { field: 'nameEn', ...h('nameEn'), required: false, width: 30, toCell: (p) => p.nameEn ?? null, parse: text(200), empty: null },
    {
      field: 'category', ...h('category'), required: true, width: 12, list: [...env.categories.keys()], toCell: (p) => p.category.code, empty: undefined,
      parse: (cell) => {
        const c = parseCode(cell);
        return !c.ok || env.categories.has(c.value) ? c : { ok: false, code: 'IMP_ROW_UNKNOWN_CATEGORY' };
      },
    },
    { field: 'unit', ...h('unit'), required: false, width: 8, toCell: (p) => p.unit, parse: text(16), empty: 'PCS' },
    { field: 'spq', ...h('spq'), required: false, width: 12, toCell: (p) => p.spq ?? null, parse: (c) => parseInteger(c, 1, 100_000_000), empty: null },
    { field: 'listPrice', ...h('listPrice'), required: true, width: 14, numFmt: MONEY_FORMAT, toCell: (p) => moneyNumber(p.listPrice), parse: parseMoney, empty: undefined },
    {
      field: 'maxDiscountRate', ...h('maxDiscountRate'), required: false, width: 14, numFmt: '0.00####%', empty: null,
      toCell: (p) => (p.maxDiscountRate === null || p.maxDiscountRate === undefined ? null : Number(new Dec(p.maxDiscountRate).toFixed())),
      parse: (c) => {
        const r = parseRate(c);
        return r.ok ? { ok: true, value: r.value.toFixed(6) } : r;
      },
    },
    { field: 'rebateEligible', ...h('rebateEligible'), required: false, width: 10, list: ['是', '否'], toCell: (p) => (p.rebateEligible ? '是' : '否'), parse: parseBoolean, empty: true },
    { field: 'status', ...h('status'), required: false, width: 10, list: [...productStatuses], toCell: (p) => p.status, parse: oneOf(productStatuses, 'IMP_ROW_UNKNOWN_STATUS'), empty: 'ACTIVE' },
    { field: 'lifecycleStage', ...h('lifecycleStage'), required: false, width: 12, list: [...lifecycleStages], toCell: (p) => p.lifecycleStage, parse: oneOf(lifecycleStages, 'IMP_ROW_NOT_IN_LIST'), empty: 'MATURE' },
  ];
  return [...cols, ...customColumns<Product>(env, new Set(cols.map((c) => c.header)))];
}

export const sheetNames: Record<SheetRecord, { zh: string; en: string }> = {
  dealer: { zh: '经销商', en: 'Dealers' },
  product: { zh: '产品', en: 'Products' },
};
