import { defineErrorCodes } from './error-code.js';

/** Codes of configuration as code: bundles, validation, deploys and rollbacks. */
export const configErrors = defineErrorCodes({
  CFG_ERR_INVALID_BUNDLE: { status: 422, zh: '配置包校验未通过', en: 'The bundle is invalid' },
  CFG_ERR_NOT_UTF8: { status: 422, zh: '文件不是合法的 UTF-8 编码', en: 'The file is not valid UTF-8' },
  CFG_ERR_BAD_JSON: { status: 422, zh: '文件不是合法的 JSON', en: 'The file is not valid JSON' },
  CFG_ERR_DUPLICATE_KEY: { status: 422, zh: 'JSON 对象中有重复的键', en: 'A JSON object has the same key twice' },
  CFG_ERR_DOCUMENT_TOO_LARGE: { status: 422, zh: '文档过大（最多 1 MiB）', en: 'The document is too large (at most 1 MiB)' },
  CFG_ERR_UNKNOWN_FILE: { status: 422, zh: '配置包中有无法识别的文件', en: 'The bundle holds a file of no known kind' },
  CFG_ERR_MISSING_MANIFEST: { status: 422, zh: '配置包缺少 tenant.json', en: 'The bundle has no tenant.json' },
  CFG_ERR_WRONG_SCHEMA: { status: 422, zh: '$schema 与文件所在目录不符', en: 'The $schema does not name the schema of this kind of document' },
  CFG_ERR_SCHEMA: { status: 422, zh: '文档不符合其 JSON Schema', en: 'The document does not match its JSON Schema' },
  CFG_ERR_KEY_MISMATCH: { status: 422, zh: '文件名与文档的 key 不一致', en: 'The file name differs from the document key' },
  CFG_ERR_DUPLICATE_DOCUMENT: { status: 422, zh: '同一 key 的文档出现了两次', en: 'Two documents have the same key' },
  CFG_ERR_DANGLING_REFERENCE: { status: 422, zh: '引用了不存在的对象', en: 'The document refers to something that does not exist' },
  CFG_ERR_BAD_CUSTOM_FIELDS: { status: 422, zh: '自定义字段的定义不是合法的 JSON Schema', en: 'A custom-field declaration is not a valid JSON Schema' },
  CFG_ERR_TEST_CASE_FAILED: { status: 422, zh: '规则集测试用例未通过', en: 'A rule-set test case fails' },
  CFG_ERR_WRONG_TENANT: { status: 422, zh: '配置包属于另一个租户', en: 'The bundle belongs to another tenant' },
  CFG_ERR_IN_USE: { status: 409, zh: '要删除的对象仍在使用中', en: 'Something the bundle removes is still in use' },
  CFG_ERR_DEPLOY_BUSY: { status: 409, zh: '另一个部署正在进行，请稍后重试', en: 'Another deploy is running; try again shortly' },
  CFG_ERR_NO_DEPLOYMENT: { status: 404, zh: '部署记录不存在', en: 'No such deployment' },
  CFG_ERR_INVALID_FORM: { status: 422, zh: '表单定义不合法', en: 'The form definition is invalid' },
  CFG_ERR_UNSAFE_PATTERN: { status: 422, zh: '正则表达式可能回溯失控（嵌套或相邻的重叠量词、重复中的重叠分支、反向引用、环视，或超过 256 个字符），请改写', en: 'The regular expression could backtrack without bound (nested or adjacent overlapping quantifiers, overlapping alternatives under a repetition, backreferences, lookarounds, or more than 256 characters); rewrite it' },
  // --- tenant secrets (webhook HMAC keys) ---
  CFG_ERR_UNKNOWN_SECRET: { status: 422, zh: '引用了本租户没有的密钥', en: 'The document names a secret this tenant does not have' },
  CFG_ERR_SECRETS_KEY_MISSING: { status: 503, zh: '服务器未配置密钥加密用的 SECRETS_KEY，无法保存或使用密钥', en: 'The server has no SECRETS_KEY to seal secrets with; secrets cannot be set or used' },
  CFG_ERR_SECRET_NOT_FOUND: { status: 404, zh: '本租户没有该密钥', en: 'This tenant has no secret of that name' },
  CFG_ERR_CUSTOM_FIELDS_INVALID: { status: 400, zh: '自定义字段不符合租户的定义', en: 'The custom fields do not match the tenant declaration' },
});
