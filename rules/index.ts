/**
 * The rules library: pure TypeScript, no Node built-ins, runs in the server and in the browser.
 * The server validates and stores rule sets, compiles each published version once and evaluates.
 */
export { validateRuleSet } from './validate.js';
export type { RuleProblem, RuleSetValidation } from './validate.js';
export { compileRuleSet } from './compile.js';
export { evaluateReference } from './reference.js';
export { runTestCases, diffValues } from './test-cases.js';
export type { TestCaseReport, TestCaseResult } from './test-cases.js';
export { operators, operatorDecorators, findOperator, resolveOperator } from './operators.js';
export type { OperatorDescriptor, OperatorDecoratorDescriptor, OperatorValueType } from './operators.js';
export { formulaFunctions } from './formula-functions.js';
export { parseFormula, FORMULA_LIMITS } from './formula.js';
export type { CompiledRuleSet, EvaluateOptions, RuleContext, RuleEvaluation } from './evaluation.types.js';
export type { TraceEntry, ConditionTrace } from './explain/trace.js';
export type { RegionNode } from './region-tree.js';
export type * from './rule-set.types.js';
export { valueTypes } from './rule-set.types.js';
export { formatMoney, formatRate, roundHalfUp, floorTo, parseDecimal } from './money.js';
