import { defineErrorCodes } from './error-code.js';

/** Codes of the runtime's guards: manager chains, field permissions, attachments, webhook address checks. */
export const runtimeGuardErrors = defineErrorCodes({
  TENANT_ERR_MANAGER_CYCLE: { status: 400, zh: '上级设置会形成循环汇报关系', en: 'The manager would create a reporting cycle' },
  FLW_ERR_FIELD_PERMISSION: { status: 400, zh: '表单字段不允许当前审批人修改', en: 'The approver may not change this form field' },
  FLW_ERR_URL_REFUSED: { status: 422, zh: '服务调用地址指向内网、本机或云元数据地址，已拒绝', en: 'The service URL points to a private, loopback or metadata address and was refused' },
  ATT_ERR_NO_FILE: { status: 400, zh: '请求中没有文件', en: 'The request carries no file' },
  ATT_ERR_TOO_LARGE: { status: 413, zh: '附件超过大小上限', en: 'The attachment exceeds the size limit' },
  ATT_ERR_CONTENT_TYPE: { status: 415, zh: '不允许上传此类型的文件', en: 'This file type may not be uploaded' },
  ATT_ERR_NOT_USABLE: { status: 400, zh: '附件不存在、不是本人上传或已关联到其他流程', en: 'The attachment is unknown, not yours, or linked to another instance' },
});
