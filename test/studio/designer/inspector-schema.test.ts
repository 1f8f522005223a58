import { describe, expect, it } from 'vitest';
import { customizeValidator } from '@rjsf/validator-ajv8';
import localizeZh from 'ajv-i18n/localize/zh';
import { nodeTypeIds, nodeTypes } from '../../../schemas/flow/node-types.js';
import { paramsFormSchema, paramsUiSchema } from '../../../studio/src/designer/inspector/params-form-schema.js';

function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref') out.push(String(v));
      else refsOf(v, out);
    }
  }
  return out;
}

describe('inspector form schemas', () => {
  it('every node type’s parameters become a self-contained schema whose $refs all resolve locally', () => {
    for (const type of nodeTypeIds) {
      const schema = paramsFormSchema(nodeTypes[type].paramsSchema.$id, 'zh-CN') as { definitions?: Record<string, unknown> };
      for (const ref of refsOf(schema)) {
        expect(ref.startsWith('#'), `${type}: ${ref}`).toBe(true);
        const m = /^#\/definitions\/([^/]+)/.exec(ref);
        if (m) expect(schema.definitions?.[m[1]], `${type}: ${ref}`).toBeDefined();
      }
      expect(JSON.stringify(schema)).not.toContain('x-label');
    }
  });

  it('validates an approval with rjsf’s ajv8 validator, in Chinese, and labels the modes', () => {
    const schema = paramsFormSchema('FlowApprovalParams', 'zh-CN');
    const validator = customizeValidator({}, localizeZh);
    const bad = validator.validateFormData({ mode: 'SINGLE', assignees: [] }, schema);
    expect(bad.errors.length).toBeGreaterThan(0);
    expect(bad.errors.map((e) => e.message).join(' ')).toMatch(/[\u4e00-\u9fa5]/);
    const good = validator.validateFormData({ mode: 'SINGLE', assignees: [{ kind: 'role', role: 'CHANNEL_MANAGER' }] }, schema);
    expect(good.errors).toEqual([]);
    const ui = paramsUiSchema(schema, 'zh-CN') as { mode: { 'ui:enumNames': Record<string, string> } };
    expect(ui.mode['ui:enumNames'].ANY).toContain('或签');
    expect((schema.properties as Record<string, { title?: string }>).mode.title).toContain('审批方式');
  });
});
