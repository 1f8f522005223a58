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
export function withPortalOrderUi(schema: Json, uiSchema: Json | undefined): Json {
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
    if (!carriedOrderFields.has(key) && key !== 'orderDate' && !required.has(key)) field['ui:widget'] = 'hidden';
    if (Object.keys(field).length) ui[key] = field;
  }
  return ui;
}

/** Today in Asia/Shanghai (the tenant's order date), as YYYY-MM-DD. */
export function shanghaiDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The form's first data: today's date, and the lines the dealer picked in the catalogue. */
export function initialOrderData(skus: readonly string[], now: Date = new Date()): Json {
  return { orderDate: shanghaiDate(now), lines: skus.map((sku) => ({ sku })) };
}

/** The form's data (and the address typed beside it) as the quote and create requests. */
export function toOrderRequests(data: Json, shipToAddress: string): { quote: QuoteRequest; create: CreateRequest } {
  const lines = (Array.isArray(data.lines) ? data.lines : [])
    .filter(isObject)
    .filter((l) => typeof l.sku === 'string' && typeof l.qty === 'number')
    .map((l) => ({ sku: l.sku as string, qty: l.qty as number }));
  const offset = typeof data.requestedOffset === 'string' && data.requestedOffset.trim() !== '' ? data.requestedOffset.trim() : undefined;
  const address = shipToAddress.trim();
  const quote: QuoteRequest = { lines, ...(offset !== undefined ? { requestedOffset: offset } : {}) };
  const create: CreateRequest = {
    ...quote,
    shipToRegion: String(data.shipToRegion ?? ''),
    ...(address ? { shipToAddress: address } : {}),
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
