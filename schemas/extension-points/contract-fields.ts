import type { JsonSchema } from './registry.js';

/** One field of a point's contract, flattened for a table ("lines[].sku"). */
export interface ContractField {
  path: string;
  valueType: string;
  required: boolean;
  nullable: boolean;
  label?: { zh: string; en: string };
  /** Allowed values the platform sends or requires. */
  values?: string[];
  /** The manifest dictionary the codes come from. */
  dictionary?: string;
  /** The record whose manifest custom fields this object holds. */
  customFields?: string;
}

/** The fields of a contract schema, depth first, as the README and the studio list them. */
export function contractFields(schema: JsonSchema, prefix = '', out: ContractField[] = []): ContractField[] {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  for (const [name, s] of Object.entries(props)) {
    const path = `${prefix}${name}`;
    out.push({
      path,
      valueType: String(s['x-valueType'] ?? s.type),
      required: required.includes(name),
      nullable: Array.isArray(s.type) && (s.type as string[]).includes('null'),
      ...(s['x-label'] ? { label: s['x-label'] as { zh: string; en: string } } : {}),
      ...(Array.isArray(s.enum) ? { values: s.enum as string[] } : {}),
      ...(typeof s['x-dictionary'] === 'string' ? { dictionary: s['x-dictionary'] as string } : {}),
      ...(typeof s['x-customFields'] === 'string' ? { customFields: s['x-customFields'] as string } : {}),
    });
    if (s.type === 'array' && s.items) contractFields(s.items as JsonSchema, `${path}[].`, out);
    else if (s.properties) contractFields(s, `${path}.`, out);
  }
  return out;
}
