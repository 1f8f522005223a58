import ExcelJS from 'exceljs';
import { dealerStatusLabels } from '../../schemas/api/admin-tables.schema.js';
import { sheetNames, type SheetColumn, type SheetEnv, type SheetRecord } from './record-sheets.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Longest list Excel accepts inline in a data validation (255 characters). */
const INLINE_LIST_MAX = 255;

/** One sheet: a bold frozen heading row, a filter, money as numbers with two decimals, drop-downs where the values are a closed list. */
function addRecordSheet<R>(wb: ExcelJS.Workbook, record: SheetRecord, columns: SheetColumn<R>[], rows: R[], dropDownRows: number): void {
  const ws = wb.addWorksheet(sheetNames[record].zh, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.field, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF9' } };
  for (const r of rows) ws.addRow(columns.map((c) => c.toCell(r)));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const last = Math.max(rows.length + 1, dropDownRows);
  // An export of no rows has no cell below the heading to validate ("A2:A1" made exceljs throw): headings only.
  if (last < 2) return;
  columns.forEach((c, i) => {
    if (!c.list?.length) return;
    const formula = `"${c.list.join(',')}"`;
    if (formula.length > INLINE_LIST_MAX) return;
    const letter = ws.getColumn(i + 1).letter;
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${last}`, { type: 'list', allowBlank: !c.required, formulae: [formula], showErrorMessage: true });
  });
}

/** The second sheet of a template: what each column takes. */
function addGuideSheet<R>(wb: ExcelJS.Workbook, record: SheetRecord, columns: SheetColumn<R>[], env: SheetEnv): void {
  const ws = wb.addWorksheet('填写说明');
  ws.columns = [{ header: '列', width: 22 }, { header: '必填', width: 8 }, { header: '说明', width: 80 }];
  ws.getRow(1).font = { bold: true };
  const explain = (c: SheetColumn<R>): string => {
    if (c.field === 'code' || c.field === 'sku') return '唯一编码：已存在则更新，不存在则新建';
    if (c.field === 'tier') return `取值：${env.tiers.join(' / ')}`;
    if (c.field === 'status' && record === 'dealer') return `取值：${Object.entries(dealerStatusLabels).map(([k, v]) => `${k}（${v.zh}）`).join(' / ')}`;
    if (c.list) return `取值：${c.list.join(' / ')}`;
    if (c.field === 'homeRegion') return `区域编码：${[...env.regions].join(' / ')}`;
    if (c.field === 'authorizedRegions') return '区域编码，多个用逗号分隔';
    if (c.numFmt === '#,##0.00') return '金额（元），不为负数，最多两位小数';
    if (c.field === 'maxDiscountRate') return '0 到 1 之间的小数或百分数（如 5%），可留空';
    if (c.field.startsWith('customFields/')) return `自定义字段 ${c.field.slice('customFields/'.length)}，按租户定义校验`;
    return c.empty === null ? '可留空' : '';
  };
  for (const c of columns) ws.addRow([c.header, c.required ? '是' : '', explain(c)]);
}

export async function recordWorkbook<R>(record: SheetRecord, columns: SheetColumn<R>[], rows: R[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Channelflow';
  addRecordSheet(wb, record, columns, rows, 0);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An empty sheet with the headings, drop-downs for 500 rows, and a guide. */
export async function templateWorkbook<R>(record: SheetRecord, columns: SheetColumn<R>[], env: SheetEnv): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Channelflow';
  addRecordSheet(wb, record, columns, [], 501);
  addGuideSheet(wb, record, columns, env);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
