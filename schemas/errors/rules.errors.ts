import { defineErrorCodes } from './error-code.js';

/**
 * Codes of the rules area: rule-set validation (save time) and evaluation (run time).
 * Validation problems carry one of these codes each, with the JSON pointer of the offending value.
 */
export const rulesErrors = defineErrorCodes({
  // --- save time: the document ---
  RUL_ERR_INVALID_RULE_SET: { status: 422, zh: '规则集不合法', en: 'The rule set is invalid' },
  RUL_ERR_SCHEMA: { status: 422, zh: '规则集不符合结构定义', en: 'The rule set does not match its schema' },
  RUL_ERR_DUPLICATE_NAME: { status: 422, zh: '名称重复', en: 'The name is declared twice' },
  RUL_ERR_UNKNOWN_FACT: { status: 422, zh: '引用了未声明的事实或变量', en: 'The rule refers to an undeclared fact or variable' },
  RUL_ERR_UNKNOWN_OPERATOR: { status: 422, zh: '未知的运算符', en: 'Unknown operator' },
  RUL_ERR_UNKNOWN_CONDITION: { status: 422, zh: '引用了未定义的条件', en: 'The rule refers to an undefined shared condition' },
  RUL_ERR_UNSUPPORTED_PATH: { status: 422, zh: '不支持的事实路径（仅支持 $.a.b 与 $.a[0]）', en: 'Unsupported fact path (only $.a.b and $.a[0] are supported)' },
  RUL_ERR_OUTPUT_NOT_PRODUCED: { status: 422, zh: '没有任何步骤产生该输出', en: 'No step produces this output' },
  RUL_ERR_TABLE_SHAPE: { status: 422, zh: '决策表行的单元格数量与列不一致', en: 'A decision-table row does not match its columns' },
  RUL_ERR_BAD_CELL: { status: 422, zh: '决策表单元格不合法', en: 'The decision-table cell is invalid' },
  RUL_ERR_UNIQUE_OVERLAP: { status: 422, zh: 'UNIQUE 决策表中有相互重叠的行', en: 'Two rows of a UNIQUE decision table overlap' },
  RUL_ERR_BAND_ORDER: { status: 422, zh: '阶梯下限必须严格递增', en: 'Band lower bounds must increase strictly' },
  RUL_ERR_FORMULA_SYNTAX: { status: 422, zh: '公式语法错误', en: 'Formula syntax error' },
  RUL_ERR_FORMULA_FORBIDDEN: { status: 422, zh: '公式中使用了不允许的写法', en: 'The formula uses a construct that is not allowed' },
  RUL_ERR_FORMULA_UNKNOWN_NAME: { status: 422, zh: '公式中引用了未知的名称', en: 'The formula refers to an unknown name' },
  RUL_ERR_FORMULA_TOO_LONG: { status: 422, zh: '公式过长（最多 2000 个字符）', en: 'The formula is too long (at most 2,000 characters)' },
  RUL_ERR_FORMULA_TOO_DEEP: { status: 422, zh: '公式嵌套过深（最多 32 层）', en: 'The formula is nested too deeply (at most 32 levels)' },
  RUL_ERR_FORMULA_TOO_LARGE: { status: 422, zh: '公式过大（最多 400 个节点）', en: 'The formula is too large (at most 400 nodes)' },
  RUL_ERR_FORMULA_ARITY: { status: 422, zh: '函数参数个数不正确', en: 'Wrong number of function arguments' },
  RUL_ERR_FORMULA_OUT_OF_RANGE: { status: 422, zh: '公式中的常数或常数参数超出允许范围', en: 'A number or a constant argument of the formula is out of the allowed range' },
  // --- run time: facts and arithmetic ---
  RUL_ERR_MISSING_FACT: { status: 422, zh: '缺少必需的事实', en: 'A required fact is missing' },
  RUL_ERR_INVALID_FACT: { status: 422, zh: '事实的值与声明的类型不符', en: 'A fact does not match its declared type' },
  RUL_ERR_UNASSIGNED_VARIABLE: { status: 422, zh: '变量在使用前未被赋值', en: 'A variable was read before any step assigned it' },
  RUL_ERR_TYPE_MISMATCH: { status: 422, zh: '运算的操作数类型不正确', en: 'An operand has the wrong type' },
  RUL_ERR_DIVISION_BY_ZERO: { status: 422, zh: '除数为零', en: 'Division by zero' },
  RUL_ERR_DECIMAL_OVERFLOW: { status: 422, zh: '数值超出允许范围', en: 'The number is out of the allowed range' },
  RUL_ERR_BUDGET_EXCEEDED: { status: 422, zh: '规则运行步数超出上限', en: 'The evaluation ran too long' },
  RUL_ERR_UNIQUE_VIOLATION: { status: 422, zh: 'UNIQUE 决策表命中了多行', en: 'More than one row of a UNIQUE decision table matched' },
  RUL_ERR_OUTPUT_SCALE: { status: 422, zh: '金额输出超过两位小数，规则必须先舍入', en: 'A money output has more than 2 decimals; the rule must round it' },
  RUL_ERR_OUTPUT_TYPE: { status: 422, zh: '输出值与声明的类型不符', en: 'An output does not match its declared type' },
  RUL_ERR_TEST_CASES_FAILED: { status: 422, zh: '规则集的测试用例未全部通过，不能发布', en: 'The rule set cannot be published while a test case fails' },
  // --- evaluate-batch: what one request may cost ---
  RUL_ERR_BATCH_EXPLAIN_LIMIT: { status: 422, zh: '批量执行最多为 50 组事实返回解释（explain）；请拆分批次或不要求解释', en: 'A batch may explain at most 50 fact sets; split it or leave explain off' },
  RUL_ERR_BATCH_TOO_LARGE: { status: 413, zh: '批量执行的工作量超出上限（事实组数 × 其中的明细行数 × 规则步骤）；请拆分批次', en: 'The batch is too much work (fact sets x their list items x the rule steps); split it' },
  RUL_ERR_BATCH_RESPONSE_TOO_LARGE: { status: 413, zh: '批量执行的结果超过 8 MiB；请拆分批次或不要求解释', en: 'The batch result is larger than 8 MiB; split it or leave explain off' },
});
