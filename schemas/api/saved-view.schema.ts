import { dealerTableColumns } from './admin-tables.schema.js';
import { dealerStatuses } from './dealer.schema.js';

/** Tables that keep saved views. */
export const savedViewTables = ['dealers'] as const;

const code = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
const columnKeys = dealerTableColumns.map((c) => c.key);

/** What a saved view of the dealers table keeps: the filter, the visible columns in order, the sort and the page size. */
const state = {
  type: 'object',
  required: ['filters', 'columns'],
  additionalProperties: false,
  properties: {
    filters: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tier: { type: 'array', maxItems: 20, uniqueItems: true, items: code },
        status: { type: 'array', maxItems: 4, uniqueItems: true, items: { type: 'string', enum: dealerStatuses } },
        region: code,
        q: { type: 'string', minLength: 1, maxLength: 100 },
      },
    },
    columns: {
      type: 'array', minItems: 1, maxItems: 60, uniqueItems: true,
      description: 'Column keys in display order; a custom field is `cf.<key>`',
      items: { type: 'string', pattern: `^(${columnKeys.join('|')}|cf\\.[A-Za-z][A-Za-z0-9_]{0,63})$` },
    },
    sort: {
      type: 'object',
      required: ['field', 'order'],
      additionalProperties: false,
      properties: {
        field: { type: 'string', enum: dealerTableColumns.filter((c) => c.sortable).map((c) => c.key) },
        order: { type: 'string', enum: ['asc', 'desc'] },
      },
    },
    pageSize: { type: 'integer', minimum: 5, maximum: 200 },
  },
} as const;

export const SavedViewState = { $id: 'SavedViewState', ...state } as const;

export const SavedViewListQuery = {
  $id: 'SavedViewListQuery',
  type: 'object',
  required: ['table'],
  additionalProperties: false,
  properties: { table: { type: 'string', enum: savedViewTables } },
} as const;

const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;

export const SavedViewCreate = {
  $id: 'SavedViewCreate',
  type: 'object',
  required: ['table', 'name', 'state'],
  additionalProperties: false,
  properties: {
    table: { type: 'string', enum: savedViewTables },
    name,
    shared: { type: 'boolean', description: 'Everyone of the tenant who may read the table sees it; only its owner changes it' },
    state,
  },
} as const;

export const SavedViewUpdate = {
  $id: 'SavedViewUpdate',
  type: 'object',
  required: ['version'],
  minProperties: 2,
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1, description: 'The version read; a stale one gets 409' },
    name,
    shared: { type: 'boolean' },
    state,
  },
} as const;

export const SavedViewView = {
  $id: 'SavedViewView',
  type: 'object',
  required: ['id', 'table', 'name', 'shared', 'state', 'owner', 'mine', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    table: { type: 'string', enum: savedViewTables },
    name: { type: 'string' },
    shared: { type: 'boolean' },
    state,
    owner: {
      type: 'object', required: ['id', 'login', 'displayName'],
      properties: { id: { type: 'string', format: 'uuid' }, login: { type: 'string' }, displayName: { type: 'string' } },
    },
    mine: { type: 'boolean', description: 'The caller owns it (and may change or delete it)' },
    updatedAt: { type: 'string', format: 'date-time' },
    version: { type: 'integer' },
  },
} as const;
