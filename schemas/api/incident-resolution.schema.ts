/** Ways out of an action node's incident besides retry and skip, declared once (the DMS offers them per action node type). */
export const incidentResolutions = ['REPRICE_WITHOUT_OFFSET', 'CANCEL_ORDER'] as const;
export type IncidentResolution = (typeof incidentResolutions)[number];

export const IncidentResolveRequest = {
  $id: 'IncidentResolveRequest',
  type: 'object',
  required: ['resolution'],
  additionalProperties: false,
  properties: {
    resolution: { type: 'string', enum: incidentResolutions, description: 'REPRICE_WITHOUT_OFFSET: the order is priced again without its rebate offset (its payable rises by it) and the flow moves on; CANCEL_ORDER: the approval is withdrawn and the order cancelled' },
    reason: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

const check = { type: 'object', required: ['allowed'], properties: { allowed: { type: 'boolean' }, why: { type: 'object', additionalProperties: true } } } as const;

export const IncidentOptionsView = {
  $id: 'IncidentOptionsView',
  type: 'object',
  required: ['incidentId', 'nodeId', 'retry', 'skip', 'resolutions'],
  properties: {
    incidentId: { type: 'string', format: 'uuid' },
    nodeId: { type: 'string' },
    action: { type: ['string', 'null'], description: 'The action node type, when the incident is an action’s' },
    retry: check,
    skip: check,
    resolutions: { type: 'array', items: { type: 'string', enum: incidentResolutions } },
  },
} as const;
