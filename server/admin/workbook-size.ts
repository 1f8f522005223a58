import { AppError } from '../../schemas/errors/app-error.js';

/** What an .xlsx may unpack to; a workbook of 5,000 rows of dealers unpacks to a few MiB. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/**
 * Sums the unpacked sizes an .xlsx (a zip) declares in its central directory and refuses it above
 * the limit before exceljs inflates anything; a file that is not a zip is refused as a bad workbook.
 */
export function assertUnpackedSize(bytes: Buffer, max = MAX_UNPACKED_BYTES): void {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new AppError('IMP_ERR_BAD_WORKBOOK');
  const entries = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw new AppError('IMP_ERR_BAD_WORKBOOK');
    const unpacked = bytes.readUInt32LE(at + 24);
    // 0xFFFFFFFF defers to a zip64 record: no workbook worth importing needs one.
    if (unpacked === 0xffffffff) throw new AppError('IMP_ERR_TOO_LARGE', { maxUnpackedBytes: max });
    total += unpacked;
    if (total > max) throw new AppError('IMP_ERR_TOO_LARGE', { maxUnpackedBytes: max });
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
}
