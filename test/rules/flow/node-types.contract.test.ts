import { describe, expect, it } from 'vitest';
import { nodeRunners } from '../../../rules/flow/index.js';
import { createAjv } from '../../../schemas/ajv.js';
import { flowSchemas, nodeTypeIds, nodeTypes } from '../../../schemas/flow/index.js';
import { ruleSchemas } from '../../../schemas/rules/index.js';
import { nodeParamsFixtures } from './node-params.fixtures.js';

describe('node types contract', () => {
  const ajv = createAjv([...ruleSchemas, ...flowSchemas]);

  it('every node type has a descriptor, a registered parameter schema, a runner and a valid fixture', () => {
    for (const id of nodeTypeIds) {
      const d = nodeTypes[id];
      expect(d.label.zh, id).toMatch(/[\u4e00-\u9fff]/);
      expect(d.label.en, id).toMatch(/^[A-Z]/);
      expect(d.icon && d.color, id).toBeTruthy();
      expect(flowSchemas, id).toContain(d.paramsSchema);
      expect(typeof nodeRunners[id]?.enter, id).toBe('function');
      const fixture = nodeParamsFixtures[id];
      expect(fixture, id).toBeDefined();
      const validate = ajv.getSchema(d.paramsSchema.$id)!;
      expect(validate(fixture), `${id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(Object.keys(nodeRunners).sort()).toEqual([...nodeTypeIds].sort());
    expect(Object.keys(nodeParamsFixtures).sort()).toEqual([...nodeTypeIds].sort());
  });

  it('every flow schema has a unique PascalCase $id', () => {
    const ids = (flowSchemas as { $id: string }[]).map((s) => s.$id);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    const ruleIds = new Set((ruleSchemas as { $id: string }[]).map((s) => s.$id));
    expect(ids.filter((id) => ruleIds.has(id))).toEqual([]);
  });
});
