import { nodeTypeIds, nodeTypes } from './node-types.js';

const idPattern = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';
const variableName = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';

/** One node of the graph; `params` is checked by its type's schema (derived from `nodeTypes`). */
export const flowNodeSchema = {
  $id: 'FlowNode',
  type: 'object',
  'x-label': { zh: '节点', en: 'Node' },
  discriminator: { propertyName: 'type' },
  required: ['id', 'type', 'params'],
  oneOf: nodeTypeIds.map((type) => ({
    properties: {
      id: { type: 'string', pattern: idPattern },
      type: { const: type },
      name: { $ref: 'LocalizedText' },
      params: { $ref: nodeTypes[type].paramsSchema.$id },
      position: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'], additionalProperties: false },
    },
    required: ['id', 'type', 'params'],
    additionalProperties: false,
  })),
};

export const flowEdgeSchema = {
  $id: 'FlowEdge',
  type: 'object',
  'x-label': { zh: '连线', en: 'Edge' },
  properties: {
    id: { type: 'string', pattern: idPattern },
    from: { type: 'string', pattern: idPattern },
    to: { type: 'string', pattern: idPattern },
    /** The source node's out port; "out" when omitted. */
    port: { type: 'string', pattern: '^[a-z][A-Za-z0-9_-]{0,31}$' },
  },
  required: ['id', 'from', 'to'],
  additionalProperties: false,
} as const;

/** A workflow definition document: nodes and edges by id, declared variables, the start form. */
export const flowDefinitionSchema = {
  $id: 'FlowDefinition',
  type: 'object',
  'x-label': { zh: '流程定义', en: 'Workflow definition' },
  properties: {
    $schema: { type: 'string' },
    key: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    name: { $ref: 'LocalizedText' },
    description: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    variables: {
      type: 'array',
      items: { allOf: [{ $ref: 'FieldDeclaration' }, { type: 'object', properties: { name: { type: 'string', pattern: variableName } }, required: ['name'] }] },
    },
    settings: {
      type: 'object',
      properties: { urgeIntervalMinutes: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    nodes: { type: 'array', minItems: 1, items: { $ref: 'FlowNode' } },
    edges: { type: 'array', items: { $ref: 'FlowEdge' } },
  },
  required: ['key', 'name', 'variables', 'nodes', 'edges'],
  additionalProperties: false,
} as const;
