/** The DMS records' closed vocabularies, declared once: entities, API schemas and services derive from these. */
export const productStatuses = ['ACTIVE', 'NRND', 'EOL'] as const;
export const lifecycleStages = ['NEW', 'GROWTH', 'MATURE', 'EOL'] as const;
export const warehouseStatuses = ['ACTIVE', 'INACTIVE'] as const;

/**
 * DRAFT → SUBMITTED → APPROVED | REJECTED | CANCELLED; APPROVED → ALLOCATED | BACKORDERED → SHIPPED → COMPLETED.
 * The allowed moves are `orderTransitions` in server/dms/order-status.ts.
 */
export const orderStatuses = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'ALLOCATED', 'BACKORDERED', 'SHIPPED', 'COMPLETED'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const receivableStatuses = ['OPEN', 'PARTIAL', 'PAID', 'WRITTEN_OFF'] as const;
export const rebateEntryTypes = ['ACCRUAL', 'CONSUMPTION', 'EXPIRY', 'REVERSAL'] as const;
export const rebateEntryStatuses = ['PENDING', 'AVAILABLE'] as const;
export const rebateStatementStatuses = ['DRAFT', 'CONFIRMED', 'CREDITED', 'HELD', 'VOID'] as const;
export const diversionDetectedVia = ['ORDER_SHIP_TO', 'CODE_SCAN', 'COMPLAINT', 'MARKET_CHECK'] as const;
export const diversionStatuses = ['REPORTED', 'INVESTIGATING', 'CONFIRMED', 'DISMISSED'] as const;
