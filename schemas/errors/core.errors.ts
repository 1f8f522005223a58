import { defineErrorCodes } from './error-code.js';

/** Codes of the platform itself: HTTP, validation, auth, tenancy, persistence. */
export const coreErrors = defineErrorCodes({
  CF_ERR_INTERNAL: { status: 500, zh: '服务器内部错误，请稍后重试', en: 'Internal server error' },
  CF_ERR_VALIDATION: { status: 400, zh: '请求数据不合法', en: 'The request is invalid' },
  CF_ERR_BAD_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  CF_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  CF_ERR_BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  CF_ERR_BAD_TEXT: { status: 400, zh: '文本中含有空字符（\\u0000）或不成对的 Unicode 代理字符', en: 'A text holds a NUL character (\\u0000) or an unpaired Unicode surrogate' },
  CF_ERR_TOO_DEEP: { status: 400, zh: '数据嵌套过深（对象与数组最多 32 层）', en: 'The data is nested too deeply (at most 32 levels of objects and arrays)' },
  CF_ERR_ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such route' },
  CF_ERR_NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  CF_ERR_CONFLICT: { status: 409, zh: '记录已存在', en: 'The record already exists' },
  CF_ERR_STALE_VERSION: { status: 409, zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and retry' },
  CF_ERR_RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  CF_ERR_SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
  AUTH_ERR_UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Authentication required' },
  AUTH_ERR_BAD_CREDENTIALS: { status: 401, zh: '账号或密码错误', en: 'Wrong login or password' },
  AUTH_ERR_SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'The session has expired; log in again' },
  AUTH_ERR_TOKEN_REVOKED: { status: 401, zh: '令牌已被吊销', en: 'The token has been revoked' },
  AUTH_ERR_USER_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  AUTH_ERR_FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  TENANT_ERR_NO_TENANT: { status: 500, zh: '未设置租户上下文', en: 'No tenant context is set' },
  TENANT_ERR_SUSPENDED: { status: 403, zh: '租户已停用', en: 'The tenant is suspended' },
  TENANT_ERR_ROLE_SCOPE: { status: 400, zh: '角色的区域范围不合法', en: 'The role region scope is invalid' },
  // --- login throttling and passwords ---
  AUTH_ERR_LOGIN_THROTTLED: { status: 429, zh: '登录尝试过多，请稍后再试', en: 'Too many login attempts; try again later' },
  AUTH_ERR_WEAK_PASSWORD: { status: 400, zh: '密码强度不足：至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，且不能是常见密码或包含账号、租户代码', en: 'The password is too weak: at least 10 characters from at least three of upper case, lower case, digits and symbols, not a common password and not containing the login or tenant code' },
  AUTH_ERR_WRONG_CURRENT_PASSWORD: { status: 403, zh: '当前密码不正确', en: 'The current password is wrong' },
});
