import { describe, expect, it } from 'vitest';
import { AppError } from '../../../schemas/errors/app-error.js';
import { parseBoolean, parseCode, parseInteger, parseMoney, parseRate, splitCodes } from '../../../server/admin/sheet-cells.js';
import { assertUnpackedSize } from '../../../server/admin/workbook-size.js';
import { workbookOf } from './admin-test-support.js';

const value = <T>(p: { ok: true; value: T } | { ok: false; code: string }) => (p.ok ? p.value : p.code);

describe('cells as an import reads them', () => {
  it('reads money exact to the fen from numbers and typed text, refusing a third decimal, a sign or text', () => {
    expect(value(parseMoney(8000000))).toBe('8000000.00');
    expect(value(parseMoney(19999999.99))).toBe('19999999.99');
    expect(value(parseMoney('1,234,567.8'))).toBe('1234567.80');
    expect(value(parseMoney('¥ 12'))).toBe('12.00');
    expect(value(parseMoney('12.340'))).toBe('12.34');
    expect(value(parseMoney(0.1 + 0.2))).toBe('IMP_ROW_MONEY_PRECISION');
    expect(value(parseMoney('100000.005'))).toBe('IMP_ROW_MONEY_PRECISION');
    expect(value(parseMoney(-5))).toBe('IMP_ROW_NEGATIVE');
    expect(value(parseMoney('-0.00'))).toBe('0.00');
    expect(value(parseMoney('12元'))).toBe('IMP_ROW_NOT_MONEY');
    expect(value(parseMoney(1e21))).toBe('IMP_ROW_NOT_MONEY');
    expect(value(parseMoney('12345678901234567'))).toBe('IMP_ROW_OUT_OF_RANGE');
    expect(value(parseMoney(true))).toBe('IMP_ROW_NOT_MONEY');
  });

  it('reads rates as fractions or percentages, at most 6 decimals, between 0 and 1', () => {
    expect(value(parseRate(0.05))?.toString()).toBe('0.05');
    expect(value(parseRate('5%'))?.toString()).toBe('0.05');
    expect(value(parseRate('12.5％'))?.toString()).toBe('0.125');
    expect(value(parseRate(1.5))).toBe('IMP_ROW_NOT_RATE');
    expect(value(parseRate(0.1234567))).toBe('IMP_ROW_NOT_RATE');
    expect(value(parseRate('-1%'))).toBe('IMP_ROW_NOT_RATE');
  });

  it('reads whole numbers, yes/no, codes and lists of codes', () => {
    expect(value(parseInteger('2,500', 1, 10_000))).toBe(2500);
    expect(value(parseInteger(2.5, 0, 10))).toBe('IMP_ROW_NOT_INTEGER');
    expect(value(parseInteger(400, 0, 365))).toBe('IMP_ROW_OUT_OF_RANGE');
    expect([parseBoolean('是'), parseBoolean('否'), parseBoolean('Yes'), parseBoolean(false), parseBoolean(1)].map(value)).toEqual([true, false, true, false, true]);
    expect(value(parseBoolean('也许'))).toBe('IMP_ROW_NOT_BOOLEAN');
    expect(value(parseCode(101))).toBe('101');
    expect(value(parseCode('D 01'))).toBe('IMP_ROW_BAD_CODE');
    expect(splitCodes('NORTH-TJ， NORTH-BJ;EAST-SH、R-EAST')).toEqual(['NORTH-TJ', 'NORTH-BJ', 'EAST-SH', 'R-EAST']);
  });
});

describe('the unpacked-size check', () => {
  it('passes a real workbook, refuses one whose directory declares more than the limit, and a file that is no zip', async () => {
    const bytes = await workbookOf('经销商', [['经销商编码'], ['D01']]);
    expect(() => assertUnpackedSize(bytes)).not.toThrow();
    expect(() => assertUnpackedSize(bytes, 100)).toThrow(expect.objectContaining({ code: 'IMP_ERR_TOO_LARGE' }) as AppError);
    // one central-directory entry claiming 3 GiB unpacked
    const forged = Buffer.from(bytes);
    const at = forged.readUInt32LE(forged.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
    forged.writeUInt32LE(0xc0000000, at + 24);
    expect(() => assertUnpackedSize(forged)).toThrow(expect.objectContaining({ code: 'IMP_ERR_TOO_LARGE' }) as AppError);
    expect(() => assertUnpackedSize(Buffer.from('code,name\nD01,x\n'))).toThrow(expect.objectContaining({ code: 'IMP_ERR_BAD_WORKBOOK' }) as AppError);
  });
});
