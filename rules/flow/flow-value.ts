import type { FlowValue, FlowVarRef } from './flow-definition.types.js';
import type { Json } from './flow-state.types.js';

export function isVarRef(v: unknown): v is FlowVarRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { $var?: unknown }).$var === 'string';
}

/** Reads a dotted path ("dealer.homeRegion") from the instance variables; undefined when absent. */
export function readVariable(variables: Record<string, Json>, path: string): Json | undefined {
  let cur: Json | undefined = variables;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, Json>)[part];
  }
  return cur;
}

/** A mapping value: literals as they are, { "$var": path } read from the variables (null when absent). */
export function resolveFlowValue(v: FlowValue, variables: Record<string, Json>): Json {
  if (isVarRef(v)) return readVariable(variables, v.$var) ?? null;
  if (Array.isArray(v)) return v.map((x) => resolveFlowValue(x, variables));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = resolveFlowValue(x as FlowValue, variables);
    return out;
  }
  return v;
}

export function resolveMapping(mapping: Record<string, FlowValue> | undefined, variables: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(mapping ?? {})) out[k] = resolveFlowValue(v, variables);
  return out;
}

/** The variable names a value reads (first path segment), for graph checks. */
export function variablesRead(v: FlowValue, into: Set<string> = new Set()): Set<string> {
  if (isVarRef(v)) into.add(v.$var.split('.')[0]);
  else if (Array.isArray(v)) v.forEach((x) => variablesRead(x, into));
  else if (v !== null && typeof v === 'object') Object.values(v).forEach((x) => variablesRead(x as FlowValue, into));
  return into;
}
