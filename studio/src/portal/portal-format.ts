import { Dec } from '../../../rules/money';
import { groupAmount } from '../form-runtime/widgets/MoneyInput';

/** "58643.20" → "¥58,643.20" (display only; amounts stay decimal strings). */
export const yuan = (amount: string | null | undefined): string => (amount === null || amount === undefined || amount === '' ? '–' : `¥${groupAmount(amount)}`);

/** A unit price (a decimal in its shortest exact form, "25" or "41.3952") in yuan with at least the fen: "¥25.00", "¥41.3952". */
export const unitYuan = (price: string | null | undefined): string => {
  if (price === null || price === undefined || price === '' || !/^-?\d+(\.\d+)?$/.test(price)) return yuan(price);
  const [int, frac = ''] = price.split('.');
  return yuan(`${int}.${frac.padEnd(2, '0')}`);
};

/** "0.1376" → "13.76%": exact, no float. */
export const percent = (rate: string | null | undefined): string => (rate === null || rate === undefined || rate === '' ? '–' : `${new Dec(rate).times(100).toFixed()}%`);

type Words = { zh: string; en: string };

/** One step from list price to amount, in the pricing rule set's words (a discount is negative). */
export interface Adjustment { code: string; label: Words; kind: 'percentage' | 'amount' | 'freeGoods'; rate: string | null; amount: string }

/** A figure the pricing rule set gives beyond its contract, with its declared words. */
export interface PricingDetail { name: string; label: Words; type: string; value?: unknown; valueLabels?: Record<string, Partial<Words>> }

/** "-57.6" → "−¥57.60", "12" → "+¥12.00": the sign always shown, exact. */
export function signedYuan(amount: string): string {
  const negative = amount.trim().startsWith('-');
  const abs = new Dec(amount).abs().toFixed(2);
  return `${negative && abs !== '0.00' ? '−' : '+'}¥${groupAmount(abs)}`;
}

/** A pricing figure by its declared type: a rate as a percentage, money in yuan, an enum by its value label. */
export function detailText(d: Pick<PricingDetail, 'type' | 'value' | 'valueLabels'>, lang: 'zh' | 'en'): string {
  const v = d.value;
  if (v === null || v === undefined) return '–';
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : (v ? 'yes' : 'no');
  const text = String(v);
  const word = d.valueLabels?.[text]?.[lang];
  if (word) return word;
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    if (d.type === 'rate') return percent(text);
    if (d.type === 'money') return yuan(new Dec(text).toFixed(2));
    if (d.type === 'decimal' || d.type === 'integer' || d.type === 'number') return groupAmount(text);
  }
  return text;
}

/** Exact sum of money strings (fen as BigInt). */
export function sumMoney(amounts: readonly string[]): string {
  let fen = 0n;
  for (const a of amounts) {
    const neg = a.trim().startsWith('-');
    const [int, frac = ''] = a.trim().replace('-', '').split('.');
    const v = BigInt(int || '0') * 100n + BigInt((frac + '00').slice(0, 2));
    fen += neg ? -v : v;
  }
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** An ISO instant as the dealer reads it, in Asia/Shanghai. */
export function shanghaiTime(iso: string, locale: 'zh-CN' | 'en'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(d);
}
