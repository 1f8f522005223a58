import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { diversionDetectedVia, diversionStatuses } from '../../schemas/api/dms-enums.js';
import { Dealer } from './dealer.entity.js';
import { customFields, isoDate } from './dms-columns.properties.js';
import { tenantOwned } from './tenant-owned.properties.js';

/** A 窜货 case against the dealer the goods came from; a confirmed one forfeits base and incremental rebate (RS4 D). */
export const DiversionCase = defineEntity({
  name: 'DiversionCase',
  tableName: 'diversion_case',
  uniques: [{ properties: ['tenant', 'caseNo'] }],
  properties: {
    ...tenantOwned(),
    caseNo: p.string().length(32),
    dealer: () => p.manyToOne(Dealer),
    detectedVia: p.enum(diversionDetectedVia),
    sku: p.string().length(64).nullable(),
    lotNo: p.string().length(64).nullable(),
    foundInRegion: p.string().length(64).nullable(),
    status: p.enum(diversionStatuses).default('REPORTED'),
    reportedOn: isoDate(),
    confirmedOn: isoDate().nullable(),
    description: p.string().length(1000).nullable(),
    penalty: p.json<Record<string, unknown>>().columnType('json').default('{}'),
    customFields: customFields(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type DiversionCase = InferEntity<typeof DiversionCase>;
