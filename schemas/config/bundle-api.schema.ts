/** A bundle on the wire: each file's path inside the bundle folder and its text. */
export const ConfigBundle = {
  $id: 'ConfigBundle',
  type: 'object',
  required: ['files'],
  additionalProperties: false,
  properties: {
    files: {
      type: 'array',
      maxItems: 5000,
      items: {
        type: 'object',
        required: ['path', 'content'],
        additionalProperties: false,
        properties: {
          path: { type: 'string', pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$', maxLength: 300 },
          content: { type: 'string' },
        },
      },
    },
  },
} as const;

export const DeployRequest = {
  $id: 'DeployRequest',
  type: 'object',
  required: ['bundle'],
  additionalProperties: false,
  properties: {
    bundle: { $ref: 'ConfigBundle#' },
    dryRun: { type: 'boolean' },
    message: { type: 'string', maxLength: 500 },
  },
} as const;

export const RollbackRequest = {
  $id: 'RollbackRequest',
  type: 'object',
  required: ['to'],
  additionalProperties: false,
  properties: {
    to: { type: 'integer', minimum: 1, description: 'The deployment number whose configuration comes back' },
    dryRun: { type: 'boolean' },
    message: { type: 'string', maxLength: 500 },
  },
} as const;

const change = {
  type: 'object',
  required: ['path', 'kind', 'key'],
  properties: { path: { type: 'string' }, kind: { type: 'string' }, key: { type: 'string' } },
} as const;

export const BundleDiff = {
  $id: 'BundleDiff',
  type: 'object',
  required: ['added', 'changed', 'removed', 'unchanged'],
  properties: {
    added: { type: 'array', items: change },
    changed: { type: 'array', items: change },
    removed: { type: 'array', items: change },
    unchanged: { type: 'integer' },
  },
} as const;

export const BundleProblem = {
  $id: 'BundleProblem',
  type: 'object',
  required: ['file', 'pointer', 'code', 'message'],
  properties: { file: { type: 'string' }, pointer: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
} as const;

export const BundleValidationReport = {
  $id: 'BundleValidationReport',
  type: 'object',
  required: ['ok', 'problems'],
  properties: { ok: { type: 'boolean' }, problems: { type: 'array', items: { $ref: 'BundleProblem#' } }, documents: { type: 'integer' } },
} as const;

export const DeploymentView = {
  $id: 'DeploymentView',
  type: 'object',
  required: ['number', 'kind', 'createdAt', 'diff'],
  properties: {
    number: { type: ['integer', 'null'], description: 'Null for a dry run' },
    kind: { type: 'string', enum: ['DEPLOY', 'ROLLBACK'] },
    rollbackOf: { type: ['integer', 'null'] },
    message: { type: ['string', 'null'] },
    deployedBy: { type: ['string', 'null'], description: 'Login of the deployer' },
    createdAt: { type: 'string', format: 'date-time' },
    dryRun: { type: 'boolean' },
    diff: { $ref: 'BundleDiff#' },
  },
} as const;
