/**
 * The workflow runtime's pure heart: (definition, state, command, now, env) → (state, events,
 * effects). No I/O, no Node built-ins: the server and the studio's simulator run the same code.
 */
export { step, MAX_NODES_PER_STEP } from './flow-machine.js';
export type { StepResult } from './flow-machine.js';
export { newFlowState } from './flow-state.types.js';
export type * from './flow-state.types.js';
export type * from './flow-commands.types.js';
export type * from './flow-events.types.js';
export type * from './flow-effects.types.js';
export type * from './flow-env.types.js';
export type * from './flow-definition.types.js';
export { createFlowDirectory } from './flow-directory.js';
export type { DirectorySnapshot } from './flow-directory.js';
export { createWorkingCalendar, addWorkingHours, addWorkingDays, hoursPerWorkday, workingHoursBetween } from './working-calendar.js';
export type { WorkingCalendar } from './working-calendar.js';
export { checkFlowDefinition, checkGraph, outPortsOf } from './graph-check.js';
export type { FlowProblem, FlowReferences, FlowCheck } from './graph-check.js';
export { nodeRunners } from './node-runners.js';
export { isActionCall } from './action.runner.js';
export type { ActionNode } from './action.runner.js';
export type { NodeRunner, NodeRunners } from './node-runner.types.js';
export { evaluateCondition } from './flow-condition.js';
export { buildStages, resolveAssignee } from './assignee-resolver.js';
export type { FlowErrorCode } from './flow-error.js';
export { checkNodeMapping, migrateInstanceState } from './instance-migration.js';
export type { MappingProblem, MigrationBlock, MigrationBlockCode, MigrationMove, MigrationPlan, NodeMapping } from './instance-migration.js';
export { withDealerMasterData } from './dealer-master-data.js';
export type { DealerMasterData } from './dealer-master-data.js';
