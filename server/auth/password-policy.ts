import type { Locale } from '../../schemas/ajv.js';
import { AppError, type AppErrorProblem } from '../../schemas/errors/app-error.js';

export const PASSWORD_MIN_LENGTH = 10;
/** Of upper case, lower case, digits and everything else. */
export const PASSWORD_MIN_CLASSES = 3;
const MIN_DISTINCT_CHARACTERS = 5;

/**
 * The most common passwords' stems (lower case, look-alike digits and symbols read as letters), so that
 * "Password123!", "P@ssw0rd", "Welcome2024!" or "Qwerty_12345" are refused: the digits and symbols
 * around a stem are stripped before it is looked up.
 */
const COMMON_STEMS = new Set([
  'password', 'passwort', 'passwd', 'pass', 'pwd', 'qwerty', 'qwertz', 'qwertyuiop', 'qwer', 'qwe', 'asdf', 'asdfgh', 'asdfghjkl',
  'zxcvbn', 'zxcvbnm', 'qazwsx', 'qazwsxedc', 'azerty', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh', 'letmein',
  'welcome', 'admin', 'administrator', 'root', 'user', 'test', 'guest', 'default', 'changeme', 'secret', 'login', 'iloveyou',
  'monkey', 'dragon', 'master', 'sunshine', 'princess', 'football', 'baseball', 'superman', 'batman', 'trustno', 'shadow',
  'hello', 'freedom', 'whatever', 'starwars', 'michael', 'jennifer', 'charlie', 'woaini', 'iloveu', 'aini', 'wangyi',
  'china', 'beijing', 'shanghai', 'company', 'summer', 'winter', 'spring', 'autumn', 'temp', 'system', 'manager', 'sales',
  'tenant', 'channelflow', 'dealer',
]);

/** Whole passwords (lower case) that are common although made mostly of digits and keyboard runs. */
const COMMON_WHOLE = new Set([
  '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx3edc', '1qaz@wsx3edc', '1qaz!qaz2wsx', 'zaq12wsx!@', 'zaq1@wsx', '1qaz@wsx#edc',
  'qwe123!@#', 'qwe!@#123', 'a1b2c3d4e5', 'a1b2c3d4e5f6', '1a2b3c4d5e', 'aa123456!@#', 'q1w2e3r4t5', 'q1w2e3r4t5y6',
  '!qaz2wsx#edc', '1qaz2wsx#edc', '!qaz@wsx3edc', 'abc123!@#$%',
]);

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i', '|': 'l', '+': 't' };

function classesOf(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

/** The stem of a password: digits and symbols at either end stripped, look-alikes read as letters. */
function stemOf(password: string): string {
  const core = password.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '');
  return [...core].map((c) => LEET[c] ?? c).join('').replace(/[^a-z]/g, '');
}

const messages = {
  PASSWORD_TOO_SHORT: { zh: `密码至少 ${PASSWORD_MIN_LENGTH} 位`, en: `must have at least ${PASSWORD_MIN_LENGTH} characters` },
  PASSWORD_FEW_CLASSES: {
    zh: `密码须包含大写字母、小写字母、数字、符号中的至少 ${PASSWORD_MIN_CLASSES} 类`,
    en: `must mix at least ${PASSWORD_MIN_CLASSES} of upper case, lower case, digits and symbols`,
  },
  PASSWORD_REPETITIVE: { zh: `密码至少包含 ${MIN_DISTINCT_CHARACTERS} 个不同的字符`, en: `must use at least ${MIN_DISTINCT_CHARACTERS} different characters` },
  PASSWORD_COMMON: { zh: '这是常见密码，容易被猜中', en: 'is a common password, easily guessed' },
  PASSWORD_CONTAINS_LOGIN: { zh: '密码不能包含登录账号', en: 'must not contain the login' },
  PASSWORD_CONTAINS_TENANT: { zh: '密码不能包含租户代码', en: 'must not contain the tenant code' },
} as const;

export type PasswordProblemCode = keyof typeof messages;

/** What is wrong with a password for this account (empty: acceptable). */
export function passwordProblems(password: string, account: { login: string; tenantCode: string }): PasswordProblemCode[] {
  const problems: PasswordProblemCode[] = [];
  const lower = password.toLowerCase();
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('PASSWORD_TOO_SHORT');
  if (classesOf(password) < PASSWORD_MIN_CLASSES) problems.push('PASSWORD_FEW_CLASSES');
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) problems.push('PASSWORD_REPETITIVE');
  if (COMMON_WHOLE.has(lower) || COMMON_STEMS.has(stemOf(password)) || stemOf(password) === '') problems.push('PASSWORD_COMMON');
  const login = account.login.toLowerCase();
  if (login.length >= 3 && lower.includes(login)) problems.push('PASSWORD_CONTAINS_LOGIN');
  const tenant = account.tenantCode.toLowerCase();
  if (tenant.length >= 3 && lower.includes(tenant)) problems.push('PASSWORD_CONTAINS_TENANT');
  return problems;
}

/**
 * Refuses a weak password wherever one is set (user creation, password change, admin reset, a new
 * tenant's first admin): 400 AUTH_ERR_WEAK_PASSWORD with one problem per broken rule, each with its code.
 */
export function assertStrongPassword(
  password: string,
  account: { login: string; tenantCode: string },
  options: { locale: Locale; pointer: string },
): void {
  const codes = passwordProblems(password, account);
  if (codes.length === 0) return;
  const problems: AppErrorProblem[] = codes.map((code) => ({
    in: 'body',
    pointer: options.pointer,
    code,
    message: options.locale === 'zh-CN' ? messages[code].zh : messages[code].en,
  }));
  throw new AppError('AUTH_ERR_WEAK_PASSWORD', { problems });
}
