import { OrderCreateRequest } from '../../../schemas/api/dms-order.schema';
import { runtimeNames } from '../form-runtime/render-schema';
import type { CreateRequest, QuoteRequest, RegionRow } from './portal-api';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields of the tenant's order form that the order API takes (derived from its one request schema). */
export const carriedOrderFields: ReadonlySet<string> = new Set(Object.keys(OrderCreateRequest.properties));

/** The catalogue as a server select: a dealer's GET /api/products answers only what it may order. */
export const productSource = { url: '/api/products', valueKey: 'sku', labelKey: 'name', labelEnKey: 'nameEn' } as const;

/**
 * The tenant's order form as the portal renders it. Where the form names no widget of its own,
 * the ship-to is picked from the region tree and a line's SKU from the catalogue. The order date
 * is shown but fixed: the server prices on the day it receives the order. An optional field the
 * order API cannot take is hidden, so nothing the dealer types is silently dropped.
 */
export function withPortalOrderUi(schema: Json, uiSchema: Json | undefined, orderFieldKeys: ReadonlySet<string> = new Set()): Json {
  const ui: Json = isObject(uiSchema) ? { ...uiSchema } : {};
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const own = (key: string): Json => (isObject(ui[key]) ? { ...(ui[key] as Json) } : {});
  const chose = (u: Json) => u['ui:widget'] !== undefined || u['ui:field'] !== undefined;

  for (const key of Object.keys(props)) {
    const field = own(key);
    if (key === 'shipToRegion' && !chose(field)) field['ui:widget'] = runtimeNames.regionPicker;
    if (key === 'orderDate') field['ui:readonly'] = true;
    if (key === 'lines') {
      const items = isObject(field.items) ? { ...(field.items as Json) } : {};
      const sku = isObject(items.sku) ? { ...(items.sku as Json) } : {};
      if (!chose(sku)) {
        sku['ui:widget'] = runtimeNames.serverSelect;
        sku['ui:options'] = { ...(isObject(sku['ui:options']) ? (sku['ui:options'] as Json) : {}), optionsSource: productSource };
      }
      items.sku = sku;
      field.items = items;
    }
    if (!carriedOrderFields.has(key) && key !== 'orderDate' && !required.has(key) && !orderFieldKeys.has(key)) field['ui:widget'] = 'hidden';
    if (Object.keys(field).length) ui[key] = field;
  }
  return ui;
}

/** The order's custom fields as the tenant's manifest declares them (customFields.order), a JSON Schema of type object. */
export interface OrderFieldsSchema { type?: unknown; properties?: Record<string, Json>; required?: string[]; [k: string]: unknown }

const titleWords = { zh: '订单信息 Order details', en: 'Order details' } as const;

/**
 * The tenant's order form with every order custom field of the manifest in it, typed as declared
 * (a date picker for a date, a switch for a boolean…) and required where the manifest says so, so
 * the browser asks for them before the server would refuse. A field the form already lays out at
 * its top level stays there; the others go under `customFields` (the form's own declaration of it
 * wins where both say something). Returns the schema and the custom-field keys at the top level.
 */
export function withOrderFields(schema: Json, orderFields: OrderFieldsSchema | undefined): { schema: Json; topLevel: Set<string> } {
  const declared = isObject(orderFields?.properties) ? (orderFields!.properties as Record<string, Json>) : {};
  const needed = new Set(Array.isArray(orderFields?.required) ? orderFields!.required : []);
  const props: Json = isObject(schema.properties) ? { ...(schema.properties as Json) } : {};
  const topLevel = new Set(Object.keys(declared).filter((k) => k !== 'customFields' && k in props));
  const nested = Object.keys(declared).filter((k) => !topLevel.has(k));
  if (!nested.length && !Object.keys(declared).length) return { schema, topLevel };
  const own = isObject(props.customFields) ? (props.customFields as Json) : {};
  const ownProps = isObject(own.properties) ? (own.properties as Json) : {};
  const ownRequired = Array.isArray(own.required) ? (own.required as string[]) : [];
  const required = [...new Set([...ownRequired, ...nested.filter((k) => needed.has(k))])];
  if (nested.length) {
    props.customFields = {
      title: titleWords.zh,
      ...own,
      type: 'object',
      properties: { ...Object.fromEntries(nested.map((k) => [k, declared[k]])), ...ownProps },
      ...(required.length ? { required } : {}),
    };
  }
  const top = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  for (const k of topLevel) if (needed.has(k)) top.add(k);
  if (nested.length && required.length) top.add('customFields');
  return { schema: { ...schema, properties: props, ...(top.size ? { required: [...top] } : {}) }, topLevel };
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The order's custom fields from the form's data: those laid out at the top level and those under `customFields`; blanks left out. */
export function orderFieldsOf(data: Json, topLevel: ReadonlySet<string>): Json {
  const out: Json = {};
  for (const k of topLevel) if (!blank(data[k])) out[k] = data[k];
  if (isObject(data.customFields)) for (const [k, v] of Object.entries(data.customFields)) if (!blank(v)) out[k] = v;
  return out;
}

/** The required order custom fields still empty, by their titles (checked before pricing and submitting). */
export function missingOrderFields(orderFields: OrderFieldsSchema | undefined, values: Json): { key: string; title: string }[] {
  const props = isObject(orderFields?.properties) ? (orderFields!.properties as Record<string, Json>) : {};
  return (orderFields?.required ?? []).filter((k) => blank(values[k])).map((k) => ({ key: k, title: typeof props[k]?.title === 'string' ? (props[k].title as string) : k }));
}

/** The order's custom fields as read-only rows, titled and typed as the manifest declares them; undeclared keys by name. */
export function customFieldRows(orderFields: unknown, values: unknown, lang: 'zh' | 'en'): { key: string; title: string; text: string }[] {
  const schema = (isObject(orderFields) ? orderFields : {}) as OrderFieldsSchema;
  const props = isObject(schema.properties) ? (schema.properties as Record<string, Json>) : {};
  const data = isObject(values) ? values : {};
  const keys = [...Object.keys(props), ...Object.keys(data).filter((k) => !(k in props))];
  return keys.filter((k) => !blank(data[k])).map((k) => {
    const v = data[k];
    const text = typeof v === 'boolean' ? (lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no') : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return { key: k, title: typeof props[k]?.title === 'string' ? (props[k].title as string) : k, text };
  });
}

/** Today in Asia/Shanghai (the tenant's order date), as YYYY-MM-DD. */
export function shanghaiDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The form's first data: today's date, and the lines the dealer picked in the catalogue. */
export function initialOrderData(skus: readonly string[], now: Date = new Date()): Json {
  return { orderDate: shanghaiDate(now), lines: skus.map((sku) => ({ sku })) };
}

/**
 * The form's data (and the address typed beside it) as the quote and create requests. The quote
 * carries the ship-to and the custom fields too when known: the price may depend on them.
 */
export function toOrderRequests(data: Json, shipToAddress: string, orderFields: Json = {}): { quote: QuoteRequest; create: CreateRequest } {
  const lines = (Array.isArray(data.lines) ? data.lines : [])
    .filter(isObject)
    .filter((l) => typeof l.sku === 'string' && typeof l.qty === 'number')
    .map((l) => ({ sku: l.sku as string, qty: l.qty as number }));
  const offset = typeof data.requestedOffset === 'string' && data.requestedOffset.trim() !== '' ? data.requestedOffset.trim() : undefined;
  const address = shipToAddress.trim();
  const shipTo = typeof data.shipToRegion === 'string' && data.shipToRegion ? data.shipToRegion : undefined;
  const fields = Object.keys(orderFields).length ? { customFields: orderFields } : {};
  const quote: QuoteRequest = { lines, ...(offset !== undefined ? { requestedOffset: offset } : {}), ...(shipTo ? { shipToRegion: shipTo } : {}), ...fields };
  const create: CreateRequest = {
    lines, ...(offset !== undefined ? { requestedOffset: offset } : {}),
    shipToRegion: String(data.shipToRegion ?? ''),
    ...(address ? { shipToAddress: address } : {}),
    ...fields,
  };
  return { quote, create };
}

/** Why a ship-to code cannot be used: it is not in the tree, or it has regions below it (orders ship to a leaf). */
export function shipToProblem(regions: readonly RegionRow[], code: unknown): 'missing' | 'unknown' | 'not-leaf' | null {
  if (typeof code !== 'string' || code === '') return 'missing';
  if (!regions.some((r) => r.code === code)) return 'unknown';
  if (regions.some((r) => r.parent === code)) return 'not-leaf';
  return null;
}

/** A key that makes a retried submit the same submit (random; not every browser context has randomUUID). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
