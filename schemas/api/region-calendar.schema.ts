/** One node of the tenant's region tree, parent first (the order the tenant manifest gives). */
export const RegionView = {
  $id: 'RegionView',
  type: 'object',
  required: ['code', 'name', 'nameEn', 'parent'],
  additionalProperties: false,
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: ['string', 'null'] },
    parent: { type: ['string', 'null'] },
  },
} as const;

/** A published working calendar (one per year) as deployed. */
export const CalendarView = {
  $id: 'CalendarView',
  type: 'object',
  required: ['key', 'version', 'document'],
  additionalProperties: false,
  properties: {
    key: { type: 'string' },
    version: { type: 'integer' },
    document: { $ref: 'WorkingCalendar#' },
  },
} as const;
