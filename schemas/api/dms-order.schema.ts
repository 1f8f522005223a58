import { orderStatuses } from './dms-enums.js';

const code = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
const money = { type: 'string', format: 'money' } as const;
const moneyRequest = { type: 'string', pattern: '^\\d{1,15}(\\.\\d{1,2})?$', description: 'CNY as a decimal string, at most 2 decimals' } as const;
const date = { type: 'string', format: 'date' } as const;
const jsonObject = { type: 'object', additionalProperties: true } as const;
const explanation = {
  type: 'object', required: ['zh', 'en'],
  properties: { zh: { type: 'array', items: { type: 'string' } }, en: { type: 'array', items: { type: 'string' } } },
} as const;
const ruleVersions = {
  type: 'array', items: { type: 'object', required: ['key', 'version'], properties: { key: { type: 'string' }, version: { type: 'integer' } } },
} as const;

const orderLinesRequest = {
  type: 'array', minItems: 1, maxItems: 200,
  items: {
    type: 'object', required: ['sku', 'qty'], additionalProperties: false,
    properties: { sku: code, qty: { type: 'integer', minimum: 1, maximum: 100000000 } },
  },
} as const;

/** POST /api/orders/quote: price lines without saving anything. */
export const OrderQuoteRequest = {
  $id: 'OrderQuoteRequest',
  type: 'object',
  required: ['lines'],
  additionalProperties: false,
  properties: {
    dealerCode: { ...code, description: 'Staff only: the dealer to price for; a dealer user is always priced as itself' },
    lines: orderLinesRequest,
    requestedOffset: { ...moneyRequest, description: 'Rebate to apply (返利抵扣); the rule set bound to the rebateOffset point decides how much applies' },
    shipToRegion: { ...code, description: 'The ship-to leaf region, when known (the price may depend on it); without it the dealer’s home region' },
    customFields: { type: 'object', description: "The order's custom fields, when the price may depend on them (not checked until the order is saved)" },
  },
} as const;

/** POST /api/orders: a priced DRAFT. */
export const OrderCreateRequest = {
  $id: 'OrderCreateRequest',
  type: 'object',
  required: ['lines', 'shipToRegion'],
  additionalProperties: false,
  properties: {
    dealerCode: { ...code, description: 'Staff only: the dealer the order is for' },
    lines: orderLinesRequest,
    requestedOffset: moneyRequest,
    shipToRegion: { ...code, description: 'The ship-to resolved to a leaf region of the tenant tree' },
    shipToAddress: { type: 'string', minLength: 1, maxLength: 500 },
    customFields: { type: 'object', description: "Checked against the tenant manifest's customFields.order" },
  },
} as const;

const adjustments = { type: 'array', items: { $ref: 'PriceAdjustment#' } } as const;
const details = { type: 'array', items: { $ref: 'PricingDetail#' } } as const;

/** One line of the price model: list price, the adjustments in the rule set's order and words, net unit price, amount. */
const pricedLine = {
  type: 'object',
  required: ['lineNo', 'sku', 'qty', 'free', 'listPrice', 'adjustments', 'netUnitPrice', 'lineAmount'],
  properties: {
    lineNo: { type: 'integer' }, sku: { type: 'string' }, name: { type: 'string' }, category: { type: 'string' }, qty: { type: 'integer' },
    free: { type: 'boolean', description: 'A free-goods line (its amount is 0; allocated like any line)' },
    listPrice: money, adjustments, netUnitPrice: { type: 'string' }, lineAmount: money,
    details: { ...details, description: "The pricing rule set's own figures for this line, with its words" },
    allocatedWarehouse: { type: ['string', 'null'] },
  },
} as const;

export const OrderQuote = {
  $id: 'OrderQuote',
  type: 'object',
  required: ['dealerCode', 'tier', 'orderDate', 'lines', 'adjustments', 'orderAmount', 'rebateOffset', 'payableAmount', 'ruleVersions', 'explanation', 'pricingDetails'],
  properties: {
    dealerCode: { type: 'string' },
    tier: { type: 'string' },
    orderDate: date,
    shipToRegion: { type: 'string' },
    lines: { type: 'array', items: pricedLine },
    adjustments: { ...adjustments, description: 'Order-level adjustments (promotions, freight, cash discount, rounding)' },
    orderAmount: money,
    requestedOffset: money,
    rebateOffset: money,
    payableAmount: money,
    pricingDetails: details,
    ruleVersions,
    explanation,
    trace: { type: 'array', items: jsonObject },
  },
} as const;

export const OrderListQuery = {
  $id: 'OrderListQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: orderStatuses },
    dealer: { ...code, description: 'Staff: one dealer’s orders' },
    from: date,
    to: date,
    limit: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', description: '1–200, default 50' },
    offset: { type: 'string', pattern: '^\\d{1,6}$' },
  },
} as const;

const summaryProperties = {
  id: { type: 'string', format: 'uuid' }, orderNo: { type: 'string' }, dealerCode: { type: 'string' },
  status: { type: 'string', enum: orderStatuses }, orderDate: date, tierAtOrder: { type: 'string' }, shipToRegion: { type: 'string' },
  currency: { type: 'string' }, orderAmount: money, rebateOffset: money, payableAmount: money,
  workflowInstanceId: { type: ['string', 'null'] }, createdAt: { type: 'string', format: 'date-time' }, version: { type: 'integer' },
} as const;

export const OrderSummary = {
  $id: 'OrderSummary',
  type: 'object',
  required: ['id', 'orderNo', 'dealerCode', 'status', 'orderAmount', 'payableAmount'],
  properties: summaryProperties,
} as const;

export const OrderList = {
  $id: 'OrderList',
  type: 'object',
  required: ['total', 'items'],
  properties: { total: { type: 'integer' }, items: { type: 'array', items: { $ref: 'OrderSummary#' } } },
} as const;

export const OrderView = {
  $id: 'OrderView',
  type: 'object',
  required: ['id', 'orderNo', 'dealerCode', 'status', 'orderAmount', 'payableAmount', 'lines', 'adjustments', 'pricingDetails', 'ruleVersions', 'explanation'],
  properties: {
    ...summaryProperties,
    shipToAddress: { type: ['string', 'null'] },
    requestedOffset: money,
    shippingCost: { type: ['string', 'null'] },
    adjustments,
    pricingDetails: details,
    ruleVersions,
    explanation,
    pricingTrace: { type: 'array', items: jsonObject },
    allocation: { type: ['object', 'null'], additionalProperties: true },
    customFields: jsonObject,
    submittedAt: { type: ['string', 'null'] },
    decidedAt: { type: ['string', 'null'] },
    lines: { type: 'array', items: pricedLine },
  },
} as const;
