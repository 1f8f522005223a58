const date = { type: 'string', format: 'date' } as const;
const clock = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' } as const;

/**
 * A tenant's working-day calendar for one year, as data: weekend days, public holidays and make-up
 * workdays (调休). SLA timers count working hours on it.
 */
export const workingCalendarSchema = {
  $id: 'WorkingCalendar',
  type: 'object',
  'x-label': { zh: '工作日历', en: 'Working-day calendar' },
  properties: {
    $schema: { type: 'string' },
    key: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
    timeZone: { type: 'string', const: 'Asia/Shanghai' },
    source: { type: 'string', minLength: 1 },
    workingHours: { type: 'object', properties: { start: clock, end: clock }, required: ['start', 'end'], additionalProperties: false },
    /** Days of the week that are off unless listed as make-up workdays (0 = Sunday … 6 = Saturday). */
    weekend: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 6 }, uniqueItems: true },
    holidays: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { $ref: 'LocalizedText' }, from: date, to: date },
        required: ['name', 'from', 'to'], additionalProperties: false,
      },
    },
    makeUpWorkdays: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { $ref: 'LocalizedText' }, date },
        required: ['name', 'date'], additionalProperties: false,
      },
    },
  },
  required: ['key', 'year', 'timeZone', 'source', 'workingHours', 'weekend', 'holidays', 'makeUpWorkdays'],
  additionalProperties: false,
} as const;
