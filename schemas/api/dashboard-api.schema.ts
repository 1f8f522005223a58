const code = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
const money = { type: 'string', format: 'money' } as const;
const date = { type: 'string', format: 'date' } as const;
const hours = { type: ['number', 'null'], description: 'Hours, rounded to 2 decimals; null when nothing was approved' } as const;

/** GET /api/dashboards/overview: a date range (Asia/Shanghai, both ends included) and a region of the tenant's tree. */
export const DashboardQuery = {
  $id: 'DashboardQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { ...date, description: 'First day (default: 89 days before `to`)' },
    to: { ...date, description: 'Last day, included (default: today in Asia/Shanghai)' },
    region: { ...code, description: 'Only orders shipped into this region (and its descendants), dealers homed in it' },
  },
} as const;

const orderTotals = {
  count: { type: 'integer', description: 'Orders submitted (every status but DRAFT and never-submitted cancellations)' },
  amount: { ...money, description: 'Σ order amount of those orders' },
  approvedCount: { type: 'integer', description: 'Of them, approved (APPROVED and every later status but CANCELLED)' },
  approvedAmount: money,
} as const;
const orderTotalsRequired = ['count', 'amount', 'approvedCount', 'approvedAmount'] as const;

const rebateBalances = {
  pending: { ...money, description: 'Accrued, awaiting Finance confirmation (PENDING accruals’ balance)' },
  available: { ...money, description: 'AVAILABLE accruals’ balance not expired on asOf' },
  expiringWithin30Days: { ...money, description: 'Of the available balance, what expires within 30 days of asOf' },
  consumedInRange: { ...money, description: 'Used on orders in the range, net of reversals' },
} as const;

const creditFigures = {
  creditLimit: money,
  prepaidBalance: money,
  exposure: { ...money, description: 'Open receivables + payable amount of approved orders not yet invoiced (as GET /api/credit)' },
  availableCredit: { ...money, description: 'limit + prepaid − exposure; may be negative' },
  overdueAmount: { ...money, description: 'Outstanding on receivables past their due date' },
  maxDaysOverdue: { type: 'integer' },
} as const;

/** The admin dashboard: orders, approval cycle time, rebates, credit and SLA, all for one tenant. */
export const DashboardOverview = {
  $id: 'DashboardOverview',
  type: 'object',
  required: ['range', 'orders', 'cycleTime', 'rebates', 'credit', 'sla'],
  properties: {
    range: {
      type: 'object',
      required: ['from', 'to', 'region', 'asOf'],
      properties: {
        from: date, to: date, region: { type: ['string', 'null'] },
        asOf: { ...date, description: 'Today in Asia/Shanghai: balances, credit and SLA are as of now, not of the range' },
      },
    },
    orders: {
      type: 'object',
      required: ['totals', 'byRegion', 'byTier'],
      description: 'Orders whose order date is in the range',
      properties: {
        totals: { type: 'object', required: orderTotalsRequired, properties: orderTotals },
        byRegion: {
          type: 'array',
          description: 'Rolled up to the children of the chosen region (without one: the top regions of the tree)',
          items: {
            type: 'object', required: ['region', 'name', 'nameEn', ...orderTotalsRequired],
            properties: { region: { type: 'string' }, name: { type: 'string' }, nameEn: { type: ['string', 'null'] }, ...orderTotals },
          },
        },
        byTier: {
          type: 'array',
          description: 'By the dealer’s tier on the order date',
          items: { type: 'object', required: ['tier', ...orderTotalsRequired], properties: { tier: { type: 'string' }, ...orderTotals } },
        },
      },
    },
    cycleTime: {
      type: 'object',
      required: ['count', 'p50Hours', 'p90Hours', 'meanHours', 'maxHours', 'histogram', 'weekly', 'working'],
      description: 'Approval cycle time, submitted → approved, of orders approved in the range (calendar hours; `working` counts working hours only)',
      properties: {
        count: { type: 'integer' },
        p50Hours: hours, p90Hours: hours, meanHours: hours, maxHours: hours,
        histogram: {
          type: 'array',
          items: {
            type: 'object', required: ['fromHours', 'toHours', 'count'],
            properties: { fromHours: { type: 'number' }, toHours: { type: ['number', 'null'], description: 'Excluded; null is open-ended' }, count: { type: 'integer' } },
          },
        },
        working: {
          type: 'object',
          required: ['p50Hours', 'p90Hours', 'meanHours', 'calendars', 'workdayHours'],
          description: 'The same approvals in working hours of the tenant’s calendar (workdays, holidays, 调休, the daily window)',
          properties: {
            p50Hours: hours, p90Hours: hours, meanHours: hours,
            calendars: { type: 'array', items: { type: 'string' }, description: 'Calendar documents used; none: weekends only' },
            workdayHours: { type: 'string', description: 'The daily window, e.g. 09:00–18:00' },
          },
        },
        weekly: {
          type: 'array',
          items: {
            type: 'object', required: ['weekStart', 'count', 'p50Hours', 'p90Hours'],
            properties: { weekStart: { ...date, description: 'Monday (Asia/Shanghai)' }, count: { type: 'integer' }, p50Hours: hours, p90Hours: hours },
          },
        },
      },
    },
    rebates: {
      type: 'object',
      required: ['pending', 'available', 'expiringWithin30Days', 'consumedInRange', 'accruedInRange', 'byDealer'],
      properties: {
        ...rebateBalances,
        accruedInRange: { ...money, description: 'Accruals posted in the range' },
        byDealer: {
          type: 'array',
          items: {
            type: 'object', required: ['dealerCode', 'name', 'pending', 'available', 'expiringWithin30Days', 'consumedInRange'],
            properties: { dealerCode: { type: 'string' }, name: { type: 'string' }, ...rebateBalances },
          },
        },
      },
    },
    credit: {
      type: 'object',
      required: ['totals', 'topExposures'],
      properties: {
        totals: {
          type: 'object', required: ['creditLimit', 'exposure', 'availableCredit', 'overdueAmount', 'overdueDealers'],
          properties: { creditLimit: money, exposure: money, availableCredit: money, overdueAmount: money, overdueDealers: { type: 'integer' } },
        },
        topExposures: {
          type: 'array',
          description: 'The dealers with the largest exposure (at most 10), largest first',
          items: {
            type: 'object', required: ['dealerCode', 'name', 'creditLimit', 'prepaidBalance', 'exposure', 'availableCredit', 'overdueAmount', 'maxDaysOverdue'],
            properties: { dealerCode: { type: 'string' }, name: { type: 'string' }, ...creditFigures },
          },
        },
      },
    },
    sla: {
      type: 'object',
      required: ['overdueInstances', 'overdueTasks', 'items'],
      description: 'Pending tasks past their SLA due time now (as GET /api/admin/instances/overdue)',
      properties: {
        overdueInstances: { type: 'integer' },
        overdueTasks: { type: 'integer' },
        items: {
          type: 'array',
          description: 'The 50 longest overdue tasks',
          items: {
            type: 'object', required: ['instanceId', 'definitionKey', 'taskKey', 'nodeId', 'assignee', 'dueAt', 'hoursOverdue', 'dealerCode', 'orderNo'],
            properties: {
              instanceId: { type: 'string', format: 'uuid' }, definitionKey: { type: 'string' }, taskKey: { type: 'string' }, nodeId: { type: 'string' },
              assignee: { type: 'string', description: 'Display name' }, dueAt: { type: 'string', format: 'date-time' }, hoursOverdue: { type: 'number' },
              dealerCode: { type: ['string', 'null'] }, orderNo: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
  },
} as const;
