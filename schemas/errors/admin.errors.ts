import { defineErrorCodes } from './error-code.js';

/** Codes of the admin views: workbook import and saved views. */
export const adminErrors = defineErrorCodes({
  IMP_ERR_ROWS_INVALID: { status: 422, zh: '导入文件中有不合法的行，未导入任何数据', en: 'Some rows of the file are invalid; nothing was imported' },
  IMP_ERR_NO_FILE: { status: 400, zh: '请在名为 file 的部分上传 .xlsx 文件', en: 'Send the .xlsx file in a part named "file"' },
  IMP_ERR_BAD_WORKBOOK: { status: 400, zh: '文件不是可读取的 Excel 工作簿（.xlsx）', en: 'The file is not a readable Excel workbook (.xlsx)' },
  IMP_ERR_TOO_LARGE: { status: 413, zh: '导入文件过大或行数过多', en: 'The file is too large or has too many rows' },
  VIEW_ERR_NOT_OWNER: { status: 403, zh: '只有视图的创建者可以修改或删除它', en: 'Only the owner of a view may change or delete it' },
});
