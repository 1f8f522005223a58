import { emit, toJson } from './flow-context.js';
import { leave, raiseIncident } from './flow-advance.js';
import { isAppError } from './flow-error.js';
import type { Json } from './flow-state.types.js';
import { resolveMapping } from './flow-value.js';
import type { NodeRunner } from './node-runner.types.js';

/**
 * A rule node: evaluates a published rule set through the environment, keeps the trace in the
 * timeline and writes the outputs into variables. A failing evaluation becomes an incident.
 */
export const ruleRunner: NodeRunner<'rule'> = {
  enter(ctx, node, token) {
    const p = node.params;
    const inputs = resolveMapping(p.inputs, ctx.state.variables);
    let result;
    try {
      result = ctx.env.evaluateRule(p.ruleSet.key, p.ruleSet.version, inputs);
    } catch (e) {
      const code = isAppError(e) ? e.code : 'error';
      raiseIncident(ctx, token, 'FLW_ERR_RULE_FAILED', `${p.ruleSet.key}: ${code}`);
      return;
    }
    const outputs = toJson(result.outputs) as Record<string, Json>;
    emit(ctx, 'ruleEvaluated', {
      nodeId: node.id, ruleSetKey: p.ruleSet.key, version: result.version, inputs, outputs, trace: result.trace,
    }, 'system');
    const values: Record<string, Json> = {};
    for (const [output, variable] of Object.entries(p.outputs ?? {})) values[variable] = outputs[output] ?? null;
    if (p.resultVariable) values[p.resultVariable] = outputs;
    Object.assign(ctx.state.variables, values);
    leave(ctx, token, 'out');
  },
};
