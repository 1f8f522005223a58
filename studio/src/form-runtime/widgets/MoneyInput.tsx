import { Input } from 'antd';
import { formatMoney, groupThousands, parseDecimal } from '../../../../rules/money';
import { createAjv } from '../../../../schemas/ajv';

const formats = createAjv().formats as Record<string, RegExp>;

/** "1234.5" → "1234.50" for money (to the fen); anything the format refuses is left for the validator to name. */
export function normalizeAmount(text: string, kind: 'money' | 'decimal'): string {
  const s = text.trim().replace(/,/g, '');
  if (!formats[kind].test(s)) return s;
  if (kind === 'decimal') return s;
  const d = parseDecimal(s);
  return d ? formatMoney(d) : s;
}

/** Grouping for reading only; the value stays a plain decimal string. */
export const groupAmount = groupThousands;

export interface MoneyInputProps {
  id?: string;
  value: unknown;
  kind?: 'money' | 'decimal';
  asNumber?: boolean;
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  onChange(value: string | number | undefined): void;
  onBlur?(value: string | number | undefined): void;
  onFocus?(): void;
  'data-testid'?: string;
}

/** Amounts in CNY: typed as text so nothing is lost to binary floating point, normalised on blur. */
export function MoneyInput({ id, value, kind = 'money', asNumber, placeholder, disabled, invalid, onChange, onBlur, onFocus, ...rest }: MoneyInputProps) {
  const text = value === undefined || value === null ? '' : String(value);
  const emit = (s: string) => (s === '' ? undefined : asNumber && formats[kind].test(s) ? Number(s) : s);
  const grouped = text && formats[kind].test(text) && text.replace('-', '').split('.')[0].length > 3 ? groupAmount(text) : undefined;
  return (
    <Input
      id={id}
      data-testid={rest['data-testid']}
      prefix={kind === 'money' ? '¥' : undefined}
      suffix={grouped ? <span style={{ color: '#8c8c8c', fontSize: 12 }}>{grouped}</span> : undefined}
      inputMode="decimal"
      value={text}
      placeholder={placeholder}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onFocus={onFocus}
      onChange={(e) => onChange(emit(e.target.value.trim()))}
      onBlur={() => {
        const normalized = text ? normalizeAmount(text, kind) : '';
        if (normalized !== text) onChange(emit(normalized));
        onBlur?.(emit(normalized));
      }}
    />
  );
}
