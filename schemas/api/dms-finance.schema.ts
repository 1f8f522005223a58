import { rebateEntryStatuses, rebateEntryTypes, rebateStatementStatuses, receivableStatuses } from './dms-enums.js';

const code = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
const money = { type: 'string', format: 'money' } as const;
const date = { type: 'string', format: 'date' } as const;

/** Rebates and credit: a dealer user gets its own; staff name the dealer. */
export const DealerScopeQuery = {
  $id: 'DealerScopeQuery',
  type: 'object',
  additionalProperties: false,
  properties: { dealer: { ...code, description: 'Staff: the dealer; a dealer user may omit it (its own) and cannot see another' } },
} as const;

export const RebateAccountView = {
  $id: 'RebateAccountView',
  type: 'object',
  required: ['dealerCode', 'asOf', 'available', 'pending', 'expiredUnposted', 'entries'],
  properties: {
    dealerCode: { type: 'string' },
    asOf: date,
    available: { ...money, description: 'AVAILABLE accruals not expired on asOf: what an order may use' },
    pending: { ...money, description: 'Credited, awaiting Finance confirmation' },
    expiredUnposted: { ...money, description: 'Past expiry, not yet written off' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'entryNo', 'type', 'status', 'amount', 'balance', 'postedOn'],
        properties: {
          id: { type: 'string', format: 'uuid' }, entryNo: { type: 'integer' }, type: { type: 'string', enum: rebateEntryTypes },
          status: { type: 'string', enum: rebateEntryStatuses }, amount: money, balance: money, expiresOn: { type: ['string', 'null'] },
          postedOn: date, memo: { type: ['string', 'null'] }, orderId: { type: ['string', 'null'] }, statementId: { type: ['string', 'null'] },
          allocations: {
            type: 'array',
            items: { type: 'object', properties: { entryId: { type: 'string' }, entryNo: { type: 'integer' }, amount: money } },
          },
        },
      },
    },
  },
} as const;

export const RebateStatementView = {
  $id: 'RebateStatementView',
  type: 'object',
  required: ['id', 'dealerCode', 'policyCode', 'period', 'status', 'lines', 'total'],
  properties: {
    id: { type: 'string', format: 'uuid' }, dealerCode: { type: 'string' }, policyCode: { type: 'string' }, period: { type: 'string' },
    statementDate: date, tierAtPeriodEnd: { type: 'string' },
    lines: {
      type: 'array', description: "The rule set's statement lines in its order, each with its words (its label, else the declared valueLabels of its code, else the code)",
      items: {
        type: 'object', required: ['code', 'amount', 'label'], additionalProperties: false,
        properties: {
          code: { type: 'string' }, amount: money,
          label: { type: 'object', required: ['zh', 'en'], additionalProperties: false, properties: { zh: { type: 'string' }, en: { type: 'string' } } },
        },
      },
    },
    total: money, status: { type: 'string', enum: rebateStatementStatuses },
    ruleSetKey: { type: 'string' }, ruleSetVersion: { type: 'integer' },
    outputs: { type: 'object', additionalProperties: true },
  },
} as const;

export const CreditView = {
  $id: 'CreditView',
  type: 'object',
  required: ['dealerCode', 'asOf', 'creditLimit', 'prepaidBalance', 'arOutstanding', 'openOrderAmount', 'exposure', 'availableCredit', 'maxDaysOverdue'],
  properties: {
    dealerCode: { type: 'string' },
    asOf: date,
    creditLimit: money,
    prepaidBalance: money,
    paymentTermDays: { type: ['integer', 'null'] },
    arOutstanding: money,
    openOrderAmount: { ...money, description: 'Payable amount of orders not yet invoiced: submitted (reserved) and approved' },
    reservedAmount: { ...money, description: 'Part of openOrderAmount reserved by submitted orders awaiting their approval' },
    exposure: { ...money, description: 'Open receivables + payable amount of submitted (reserved) and approved orders not yet invoiced' },
    availableCredit: { ...money, description: 'limit + prepaid − exposure; may be negative' },
    maxDaysOverdue: { type: 'integer' },
    receivables: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' }, invoiceNo: { type: 'string' }, invoiceDate: date, dueDate: date, amount: money, paidAmount: money,
          outstanding: money, status: { type: 'string', enum: receivableStatuses }, overdueDays: { type: 'integer' },
        },
      },
    },
    openOrders: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, orderNo: { type: 'string' }, status: { type: 'string' }, payableAmount: money } },
    },
  },
} as const;
