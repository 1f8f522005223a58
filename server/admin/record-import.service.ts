import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import type { FromSchema } from 'json-schema-to-ts';
import { Dec } from '../../rules/money.js';
import type { Locale } from '../../schemas/ajv.js';
import { importRowCodes, type ImportReport, type ImportRowCode, type importModes } from '../../schemas/api/record-import.schema.js';
import { AppError, type AppErrorProblem } from '../../schemas/errors/app-error.js';
import { Dealer, Product, ProductCategory, Region, Tenant } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { checkCustomFields } from '../tenancy/custom-fields.service.js';
import { customFieldColumns, dealerColumns, productColumns, sheetNames, tenantTiers, type SheetColumn, type SheetEnv, type SheetRecord } from './record-sheets.js';
import { cellText, readCell } from './sheet-cells.js';
import { assertUnpackedSize } from './workbook-size.js';

type Report = FromSchema<typeof ImportReport>;
type Problem = Report['problems'][number];
export interface ImportOptions { mode: (typeof importModes)[number]; dryRun: boolean }

/** Data rows one import may hold. */
export const MAX_IMPORT_ROWS = 5000;

type AnyRow = Dealer | Product;
type Draft = { row: number; key: string | null; values: Map<string, unknown>; problems: Problem[] };

export async function loadSheetEnv(em: EntityManager, tenantId: string, record: SheetRecord): Promise<{ tenant: Tenant; env: SheetEnv }> {
  const tenant = await em.findOneOrFail(Tenant, { id: tenantId });
  const regions = new Set((await em.find(Region, {}, { fields: ['code'] })).map((r) => r.code));
  const categories = record === 'product' ? new Map((await em.find(ProductCategory, {}, { orderBy: { position: 'asc', code: 'asc' } })).map((c) => [c.code, c])) : new Map();
  return { tenant, env: { tiers: tenantTiers(tenant), regions, categories, customFields: customFieldColumns(tenant, record) } };
}

export function columnsOf(record: SheetRecord, env: SheetEnv): SheetColumn<AnyRow>[] {
  return (record === 'dealer' ? dealerColumns(env) : productColumns(env)) as SheetColumn<AnyRow>[];
}

function problem(row: number, column: string, field: string, code: ImportRowCode, locale: Locale, value: string | null = null, text?: { zh: string; en: string }): Problem {
  const m = text ?? importRowCodes[code];
  return { row, column, field, code, pointer: `/rows/${row}/${field}`, message: locale === 'zh-CN' ? m.zh : m.en, zh: m.zh, en: m.en, value };
}

const normalizeHeading = (s: string) => s.replace(/\s+/g, ' ').replace(/（/g, '(').replace(/）/g, ')').trim().toLowerCase();

async function readWorkbook(bytes: Buffer, record: SheetRecord): Promise<ExcelJS.Worksheet> {
  assertUnpackedSize(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('IMP_ERR_BAD_WORKBOOK');
  }
  const ws = wb.getWorksheet(sheetNames[record].zh) ?? wb.worksheets[0];
  if (!ws) throw new AppError('IMP_ERR_BAD_WORKBOOK');
  if (ws.rowCount - 1 > MAX_IMPORT_ROWS) throw new AppError('IMP_ERR_TOO_LARGE', { maxRows: MAX_IMPORT_ROWS });
  return ws;
}

/** Matches the heading row to the columns; unknown, repeated and missing required headings are problems of row 1. */
function mapHeadings(ws: ExcelJS.Worksheet, columns: SheetColumn<AnyRow>[], locale: Locale) {
  const byHeading = new Map<string, SheetColumn<AnyRow>>();
  for (const c of columns) for (const h of [c.header, ...c.aliases]) byHeading.set(normalizeHeading(h), c);
  const found = new Map<number, { column: SheetColumn<AnyRow>; heading: string }>();
  const problems: Problem[] = [];
  const seen = new Set<string>();
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, index) => {
    const heading = cellText(readCell(cell));
    if (heading === null) return;
    const column = byHeading.get(normalizeHeading(heading));
    if (!column) return void problems.push(problem(1, heading, ws.getColumn(index).letter, 'IMP_ROW_UNKNOWN_COLUMN', locale, heading));
    if (seen.has(column.field)) return void problems.push(problem(1, heading, column.field, 'IMP_ROW_DUPLICATE_COLUMN', locale, heading));
    seen.add(column.field);
    found.set(index, { column, heading });
  });
  for (const c of columns) if (c.required && !seen.has(c.field)) problems.push(problem(1, c.header, c.field, 'IMP_ROW_MISSING_COLUMN', locale));
  return { found, problems };
}

function readDrafts(ws: ExcelJS.Worksheet, found: Map<number, { column: SheetColumn<AnyRow>; heading: string }>, keyField: string, locale: Locale): Draft[] {
  const drafts: Draft[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells = [...found].map(([index, f]) => ({ ...f, value: readCell(row.getCell(index)) }));
    if (cells.every((c) => c.value === null)) continue;
    const draft: Draft = { row: r, key: null, values: new Map(), problems: [] };
    for (const { column, heading, value } of cells) {
      if (value === null) {
        if (column.required) draft.problems.push(problem(r, heading, column.field, 'IMP_ROW_REQUIRED', locale));
        else draft.values.set(column.field, column.empty);
        continue;
      }
      const parsed = column.parse(value);
      if (parsed.ok) draft.values.set(column.field, parsed.value);
      else draft.problems.push(problem(r, heading, column.field, parsed.code, locale, cellText(value)));
    }
    const key = draft.values.get(keyField);
    draft.key = typeof key === 'string' ? key : null;
    drafts.push(draft);
  }
  const counts = new Map<string, number>();
  for (const d of drafts) if (d.key) counts.set(d.key, (counts.get(d.key) ?? 0) + 1);
  const keyHeading = [...found.values()].find((f) => f.column.field === keyField)?.heading ?? keyField;
  for (const d of drafts) if (d.key && counts.get(d.key)! > 1) d.problems.push(problem(d.row, keyHeading, keyField, 'IMP_ROW_DUPLICATE_KEY', locale, d.key));
  return drafts;
}

const stable = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** Whether a field's new value equals the record's: decimals by value, lists and objects by content. */
function same(field: string, current: unknown, next: unknown): boolean {
  if (field === 'category') return (current as ProductCategory).code === next;
  const decimalField = field === 'creditLimit' || field === 'prepaidBalance' || field === 'listPrice' || field === 'maxDiscountRate';
  if (decimalField) return current === null || current === undefined || next === null ? (current ?? null) === next : new Dec(current as string).eq(new Dec(next as string));
  return stable(current ?? null) === stable(next ?? null);
}

/** The custom fields a row would leave: the record's own, with the columns the sheet holds laid over them (an empty cell removes the field). */
function mergedCustomFields(existing: Record<string, unknown>, values: Map<string, unknown>): Record<string, unknown> {
  const merged = { ...existing };
  for (const [field, v] of values) {
    if (!field.startsWith('customFields/')) continue;
    const key = field.slice('customFields/'.length);
    if (v === undefined) delete merged[key];
    else merged[key] = v;
  }
  return merged;
}

function customFieldProblems(tenant: Tenant, record: SheetRecord, fields: Record<string, unknown>, draft: Draft, headingOf: Map<string, string>, locale: Locale): Problem[] {
  const check = (l: Locale) => {
    try {
      checkCustomFields(tenant, record, fields, l);
      return [];
    } catch (e) {
      if (e instanceof AppError && e.code === 'CFG_ERR_CUSTOM_FIELDS_INVALID') return e.details?.problems ?? [];
      throw e;
    }
  };
  const zh = check('zh-CN');
  if (zh.length === 0) return [];
  const en = check('en');
  return zh.map((p: AppErrorProblem, i) => {
    const key = p.pointer.split('/')[2] ?? '';
    const field = `customFields/${key}`;
    const text = { zh: `${importRowCodes.IMP_ROW_CUSTOM_FIELD.zh}：${p.message}`, en: `${importRowCodes.IMP_ROW_CUSTOM_FIELD.en}: ${en[i]?.message ?? p.message}` };
    const raw = fields[key];
    return problem(draft.row, headingOf.get(field) ?? field, field, 'IMP_ROW_CUSTOM_FIELD', locale, raw === undefined ? null : typeof raw === 'string' ? raw : JSON.stringify(raw), text);
  });
}

/**
 * Reads a workbook of dealers or products and upserts them by code (SKU) in one transaction.
 * `all`: any bad row, nothing is written and the answer is 422 with the per-row report;
 * `valid-rows`: the good rows are written and the bad ones reported. A dry run writes nothing.
 */
export async function importWorkbook(ctx: AuthedContext, record: SheetRecord, bytes: Buffer, opts: ImportOptions): Promise<Report> {
  const ws = await readWorkbook(bytes, record);
  const locale = ctx.locale;
  const keyField = record === 'dealer' ? 'code' : 'sku';
  const entity = record === 'dealer' ? Dealer : Product;

  const run = async (em: EntityManager): Promise<Report> => {
    const { tenant, env } = await loadSheetEnv(em, ctx.tenantId, record);
    const columns = columnsOf(record, env);
    const headings = mapHeadings(ws, columns, locale);
    const drafts = readDrafts(ws, headings.found, keyField, locale);
    const headingOf = new Map([...headings.found.values()].map((f) => [f.column.field, f.heading]));
    const keys = [...new Set(drafts.map((d) => d.key).filter((k): k is string => k !== null))];
    const existingRows = keys.length === 0 ? [] : await em.find(entity as typeof Dealer, { [keyField]: { $in: keys } } as never, {
      ...(record === 'product' ? { populate: ['category'] as never } : {}),
      ...(opts.dryRun ? {} : { lockMode: LockMode.PESSIMISTIC_WRITE }),
    });
    const existing = new Map((existingRows as AnyRow[]).map((r) => [(r as unknown as Record<string, string>)[keyField], r]));

    const plans: { draft: Draft; row: AnyRow | null; changes: Map<string, unknown>; customFields: Record<string, unknown> | null }[] = [];
    for (const draft of drafts) {
      const row = draft.key ? existing.get(draft.key) ?? null : null;
      // A record written with the column's default may hold the JSON string "{}" rather than an object.
      const stored: unknown = row?.customFields;
      const current = stored && typeof stored === 'object' && !Array.isArray(stored) ? stored as Record<string, unknown> : {};
      const customFields = mergedCustomFields(current, draft.values);
      if (draft.problems.length === 0) draft.problems.push(...customFieldProblems(tenant, record, customFields, draft, headingOf, locale));
      const changes = new Map<string, unknown>();
      for (const [field, v] of draft.values) {
        if (field.startsWith('customFields/') || field === keyField) continue;
        if (!row || !same(field, (row as unknown as Record<string, unknown>)[field], v)) changes.set(field, v);
      }
      const customChanged = stable(customFields) !== stable(current);
      plans.push({ draft, row, changes, customFields: customChanged || !row ? customFields : null });
    }

    const rejected = headings.problems.length > 0 ? plans.length : plans.filter((p) => p.draft.problems.length > 0).length;
    const results = plans.map(({ draft, row, changes, customFields }) => ({
      row: draft.row, key: draft.key ?? '',
      action: headings.problems.length > 0 || draft.problems.length > 0 ? 'rejected' as const : !row ? 'create' as const : changes.size > 0 || customFields ? 'update' as const : 'unchanged' as const,
    }));
    const write = !opts.dryRun && headings.problems.length === 0 && (opts.mode === 'valid-rows' || rejected === 0);
    const report: Report = {
      record, mode: opts.mode, dryRun: opts.dryRun, applied: false, rows: plans.length,
      created: results.filter((r) => r.action === 'create').length,
      updated: results.filter((r) => r.action === 'update').length,
      unchanged: results.filter((r) => r.action === 'unchanged').length,
      rejected, results,
      problems: [...headings.problems, ...plans.flatMap((p) => p.draft.problems)],
    };
    // `problems` carries each pointer for any client; `report` is the whole per-row answer.
    if (!opts.dryRun && !write) throw new AppError('IMP_ERR_ROWS_INVALID', { problems: report.problems, report });
    if (!write) return report;

    for (const [i, plan] of plans.entries()) {
      const action = results[i].action;
      if (action === 'rejected' || action === 'unchanged') continue;
      const data: Record<string, unknown> = Object.fromEntries(plan.changes);
      if (data.category !== undefined) data.category = env.categories.get(data.category as string);
      if (plan.customFields) data.customFields = plan.customFields;
      if (plan.row) em.assign(plan.row, data as never);
      else em.create(entity as typeof Dealer, { tenant: ctx.tenantId, [keyField]: plan.draft.key, ...createDefaults(columns, keyField), ...data } as never);
    }
    await em.flush();
    report.applied = report.created + report.updated > 0;
    return report;
  };
  return opts.dryRun ? run(ctx.em) : ctx.em.transactional((tx) => run(tx));
}

/** A new record's values for the optional columns the sheet leaves out. */
function createDefaults(columns: SheetColumn<AnyRow>[], keyField: string): Record<string, unknown> {
  return Object.fromEntries(columns.filter((c) => !c.required && c.field !== keyField && !c.field.startsWith('customFields/')).map((c) => [c.field, c.empty]));
}
