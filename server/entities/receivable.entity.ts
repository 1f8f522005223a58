import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { receivableStatuses } from '../../schemas/api/dms-enums.js';
import { Dealer } from './dealer.entity.js';
import { isoDate, money } from './dms-columns.properties.js';
import { Order } from './order.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';

/** An invoiced, not necessarily paid amount (应收). Days overdue are derived, never stored. Closed (no custom fields). */
export const Receivable = defineEntity({
  name: 'Receivable',
  tableName: 'receivable',
  uniques: [{ properties: ['tenant', 'invoiceNo'] }],
  indexes: [{ properties: ['tenant', 'dealer', 'status'] }],
  properties: {
    ...tenantOwned(),
    dealer: () => p.manyToOne(Dealer),
    order: () => p.manyToOne(Order).nullable(),
    invoiceNo: p.string().length(64),
    invoiceDate: isoDate(),
    dueDate: isoDate(),
    amount: money(),
    paidAmount: money().default('0.00'),
    status: p.enum(receivableStatuses).default('OPEN'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type Receivable = InferEntity<typeof Receivable>;
