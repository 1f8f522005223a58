import { Dec } from '../../../rules/money';
import { groupAmount } from '../form-runtime/widgets/MoneyInput';

/** "58643.20" → "¥58,643.20" (display only; amounts stay decimal strings). */
export const yuan = (amount: string | null | undefined): string => (amount === null || amount === undefined || amount === '' ? '–' : `¥${groupAmount(amount)}`);

/** "0.1376" → "13.76%": exact, no float. */
export const percent = (rate: string | null | undefined): string => (rate === null || rate === undefined || rate === '' ? '–' : `${new Dec(rate).times(100).toFixed()}%`);

/** An ISO instant as the dealer reads it, in Asia/Shanghai. */
export function shanghaiTime(iso: string, locale: 'zh-CN' | 'en'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(d);
}
