/** JSON Schemas of rule-set documents (filled by the rules area). */
export const ruleSchemas: readonly object[] = [];
