import { flowDefinitionSchema, flowEdgeSchema, flowNodeSchema } from './flow-definition.schema.js';
import { flowAssigneeSchema, flowValueSchema, flowVarRefSchema } from './flow-value.schema.js';
import { nodeTypeIds, nodeTypes } from './node-types.js';
import { workingCalendarSchema } from './working-calendar.schema.js';

export * from './flow-definition.schema.js';
export * from './flow-value.schema.js';
export * from './node-params.schema.js';
export * from './node-types.js';
export * from './working-calendar.schema.js';

/**
 * JSON Schemas of workflow documents (definitions, node parameters, working calendars). They $ref
 * `LocalizedText`, `FieldDeclaration` and `RuleTopCondition` from the rule schemas, so register
 * both lists on the same ajv.
 */
export const flowSchemas: readonly object[] = [
  flowVarRefSchema,
  flowValueSchema,
  flowAssigneeSchema,
  ...nodeTypeIds.map((id) => nodeTypes[id].paramsSchema),
  flowNodeSchema,
  flowEdgeSchema,
  flowDefinitionSchema,
  workingCalendarSchema,
];
