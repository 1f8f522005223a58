import { lifecycleStages, productStatuses, warehouseStatuses } from './dms-enums.js';

const code = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
const money = { type: 'string', format: 'money' } as const;
const jsonObject = { type: 'object', additionalProperties: true } as const;

/** One step from list price to amount, in the pricing rule set's words (a discount is negative). */
export const PriceAdjustment = {
  $id: 'PriceAdjustment',
  type: 'object',
  required: ['code', 'label', 'kind', 'rate', 'amount'],
  properties: {
    code: { type: 'string' },
    label: { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    kind: { type: 'string', enum: ['percentage', 'amount', 'freeGoods'] },
    rate: { type: ['string', 'null'] },
    amount: money,
  },
} as const;

/** A figure a rule set gives beyond its point's contract, with the rule set's words. */
export const PricingDetail = {
  $id: 'PricingDetail',
  type: 'object',
  required: ['name', 'label', 'type'],
  properties: {
    name: { type: 'string' },
    label: { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    type: { type: 'string' },
    value: {},
    valueLabels: { type: 'object', additionalProperties: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } } },
  },
} as const;

/** GET /api/products: staff may ask for a dealer's prices (`dealer`); a dealer user always gets its own. */
export const ProductListQuery = {
  $id: 'ProductListQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    category: code,
    q: { type: 'string', minLength: 1, maxLength: 100, description: 'SKU or name contains' },
    dealer: { ...code, description: 'Staff: price the catalogue for this dealer' },
  },
} as const;

export const ProductView = {
  $id: 'ProductView',
  type: 'object',
  required: ['id', 'sku', 'name', 'category', 'listPrice', 'rebateEligible', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    sku: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: ['string', 'null'] },
    category: { type: 'string' },
    unit: { type: 'string' },
    spq: { type: ['integer', 'null'] },
    listPrice: money,
    maxDiscountRate: { type: ['string', 'null'] },
    rebateEligible: { type: 'boolean' },
    status: { type: 'string', enum: productStatuses },
    lifecycleStage: { type: 'string', enum: lifecycleStages },
    customFields: jsonObject,
    categoryLabel: { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    priceTier: { type: ['string', 'null'], description: 'The dealer tier the price is for (null without a dealer)' },
    netUnitPrice: { type: ['string', 'null'], description: 'The dealer’s net price of one piece, from its pricing rule set (null without a dealer); quantity-dependent adjustments apply on the order' },
    adjustments: { type: 'array', items: { $ref: 'PriceAdjustment#' }, description: 'From list price to the net price of one piece, in the rule set’s order and words' },
  },
} as const;

export const WarehouseView = {
  $id: 'WarehouseView',
  type: 'object',
  required: ['id', 'code', 'name', 'locatedIn', 'servesRegion', 'status', 'lanes'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: ['string', 'null'] },
    locatedIn: { type: 'string' },
    servesRegion: { type: 'string' },
    status: { type: 'string', enum: warehouseStatuses },
    customFields: jsonObject,
    lanes: {
      type: 'array',
      items: { type: 'object', required: ['toRegion', 'cost', 'leadTimeDays'], properties: { toRegion: { type: 'string' }, cost: money, leadTimeDays: { type: 'integer' } } },
    },
  },
} as const;

export const InventoryQuery = {
  $id: 'InventoryQuery',
  type: 'object',
  additionalProperties: false,
  properties: { sku: code, warehouse: code },
} as const;

/** A dealer sees what can be promised (ATP); staff also see on hand, allocated and safety stock. */
export const InventoryView = {
  $id: 'InventoryView',
  type: 'object',
  required: ['warehouse', 'sku', 'atp'],
  properties: {
    warehouse: { type: 'string' },
    sku: { type: 'string' },
    atp: { type: 'integer' },
    onHand: { type: 'integer' },
    allocated: { type: 'integer' },
    safetyStock: { type: 'integer' },
    belowSafetyStock: { type: 'boolean' },
    version: { type: 'integer' },
  },
} as const;
