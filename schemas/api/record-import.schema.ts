/** Records a workbook imports and exports. */
export const importRecords = ['dealer', 'product'] as const;
export const importModes = ['all', 'valid-rows'] as const;

/**
 * Why a row of an import was refused: one code per kind of problem, with both languages, so the
 * studio's report and the server's answer read the same. `{value}` is the cell as read.
 */
export const importRowCodes = {
  IMP_ROW_REQUIRED: { zh: '必填项为空', en: 'A required value is empty' },
  IMP_ROW_TOO_LONG: { zh: '内容过长', en: 'The text is too long' },
  IMP_ROW_BAD_CODE: { zh: '编码只能包含字母、数字和 _ . -，且以字母或数字开头', en: 'A code holds letters, digits, _ . - and starts with a letter or digit' },
  IMP_ROW_DUPLICATE_KEY: { zh: '编码在本文件中重复出现', en: 'The code appears more than once in this file' },
  IMP_ROW_UNKNOWN_TIER: { zh: '等级不在租户的等级字典中', en: "The tier is not in the tenant's tier dictionary" },
  IMP_ROW_UNKNOWN_STATUS: { zh: '状态取值不合法', en: 'The status is not one of the allowed values' },
  IMP_ROW_NOT_IN_LIST: { zh: '取值不在允许的范围内', en: 'The value is not one of the allowed values' },
  IMP_ROW_UNKNOWN_REGION: { zh: '区域编码不存在', en: 'No such region code' },
  IMP_ROW_UNKNOWN_CATEGORY: { zh: '产品类别不存在', en: 'No such product category' },
  IMP_ROW_NOT_MONEY: { zh: '金额须为数字', en: 'An amount must be a number' },
  IMP_ROW_MONEY_PRECISION: { zh: '金额须精确到分（最多两位小数）', en: 'An amount must be exact to the fen (at most 2 decimals)' },
  IMP_ROW_NEGATIVE: { zh: '不能为负数', en: 'Must not be negative' },
  IMP_ROW_OUT_OF_RANGE: { zh: '数值超出允许范围', en: 'The number is out of range' },
  IMP_ROW_NOT_INTEGER: { zh: '须为整数', en: 'Must be a whole number' },
  IMP_ROW_NOT_RATE: { zh: '比例须为 0 到 1 之间的小数（或百分数），最多 6 位小数', en: 'A rate is a fraction from 0 to 1 (or a percentage), at most 6 decimals' },
  IMP_ROW_NOT_BOOLEAN: { zh: '须为“是”或“否”', en: 'Must be yes or no' },
  IMP_ROW_CUSTOM_FIELD: { zh: '自定义字段不合法', en: 'A custom field is invalid' },
  IMP_ROW_UNKNOWN_COLUMN: { zh: '无法识别的列标题', en: 'An unrecognised column heading' },
  IMP_ROW_MISSING_COLUMN: { zh: '缺少必需的列', en: 'A required column is missing' },
  IMP_ROW_DUPLICATE_COLUMN: { zh: '列标题重复', en: 'A column heading appears twice' },
} as const;
export type ImportRowCode = keyof typeof importRowCodes;

export const ImportQuery = {
  $id: 'ImportQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    mode: { type: 'string', enum: importModes, description: 'all (default): any bad row imports nothing; valid-rows: import the good rows, report the rest' },
    dryRun: { type: 'string', enum: ['true', 'false'], description: 'Check and report what would change; write nothing' },
  },
} as const;

const problem = {
  type: 'object',
  required: ['row', 'column', 'code', 'pointer', 'message', 'zh', 'en'],
  properties: {
    row: { type: 'integer', description: 'The worksheet row (1 is the heading)' },
    column: { type: 'string', description: 'The column heading as written in the file (or the column letter)' },
    field: { type: 'string', description: 'The record field, `customFields/<key>` for a custom field' },
    code: { type: 'string', enum: Object.keys(importRowCodes) },
    pointer: { type: 'string', description: '/rows/<row>/<field>' },
    message: { type: 'string', description: "In the request's language" },
    zh: { type: 'string' },
    en: { type: 'string' },
    value: { type: ['string', 'null'], description: 'The cell as read' },
  },
} as const;

export const ImportReport = {
  $id: 'ImportReport',
  type: 'object',
  required: ['record', 'mode', 'dryRun', 'applied', 'rows', 'created', 'updated', 'unchanged', 'rejected', 'results', 'problems'],
  properties: {
    record: { type: 'string', enum: importRecords },
    mode: { type: 'string', enum: importModes },
    dryRun: { type: 'boolean' },
    applied: { type: 'boolean', description: 'Whether anything was written' },
    rows: { type: 'integer', description: 'Data rows read' },
    created: { type: 'integer' },
    updated: { type: 'integer' },
    unchanged: { type: 'integer' },
    rejected: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        type: 'object', required: ['row', 'key', 'action'],
        properties: { row: { type: 'integer' }, key: { type: 'string' }, action: { type: 'string', enum: ['create', 'update', 'unchanged', 'rejected'] } },
      },
    },
    problems: { type: 'array', items: problem },
  },
} as const;
