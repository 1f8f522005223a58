import type { EvalState } from '../evaluation-state.js';
import type { RuleSetDocument } from '../rule-set.types.js';
import type { Scope } from '../typed-value.js';
import { formatTyped } from '../typed-value.js';

/**
 * Formats the declared outputs and, when explaining, adds one entry per output naming the step
 * (rule, row, band, formula) that last assigned it at the top level.
 */
export function finishOutputs(doc: RuleSetDocument, scope: Scope, st: EvalState): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const o of doc.outputs) outputs[o.name] = formatTyped(o, scope[o.name], o.name);
  if (st.trace !== null) {
    for (const o of doc.outputs) {
      let from = 'input';
      for (let i = st.trace.length - 1; i >= 0; i--) {
        const e = st.trace[i];
        if (e.at === undefined && e.assigned && Object.prototype.hasOwnProperty.call(e.assigned, o.name)) {
          from = e.from ?? e.step;
          break;
        }
      }
      st.trace.push({ step: '(outputs)', kind: 'output', variable: o.name, from, assigned: { [o.name]: outputs[o.name] } });
    }
  }
  return outputs;
}
