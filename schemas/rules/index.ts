import { bandTableSchema } from './band-table.schema.js';
import { decisionCellSchema, decisionTableSchema } from './decision-table.schema.js';
import { expressionSchema, fieldDeclarationSchema, localizedTextSchema, valueSpecSchema } from './expression.schema.js';
import { ruleConditionSchema, ruleDefinitionSchema, ruleTopConditionSchema } from './rule-condition.schema.js';
import { ruleSetSchema, ruleTestCaseSchema } from './rule-set.schema.js';
import {
  assignStepSchema, buildListStepSchema, forEachStepSchema, ruleStepSchema, rulesStepSchema, selectStepSchema,
} from './rule-step.schema.js';

export * from './band-table.schema.js';
export * from './decision-table.schema.js';
export * from './expression.schema.js';
export * from './rule-condition.schema.js';
export * from './rule-set.schema.js';
export * from './rule-step.schema.js';

/** JSON Schemas of rule-set documents; the server registers every one with ajv and Fastify. */
export const ruleSchemas: readonly object[] = [
  localizedTextSchema,
  expressionSchema,
  valueSpecSchema,
  fieldDeclarationSchema,
  ruleConditionSchema,
  ruleTopConditionSchema,
  ruleDefinitionSchema,
  decisionCellSchema,
  decisionTableSchema,
  bandTableSchema,
  assignStepSchema,
  rulesStepSchema,
  forEachStepSchema,
  selectStepSchema,
  buildListStepSchema,
  ruleStepSchema,
  ruleTestCaseSchema,
  ruleSetSchema,
];
