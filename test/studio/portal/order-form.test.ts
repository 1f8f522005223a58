import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orderStatuses } from '../../../schemas/api/dms-enums.js';
import { canMove } from '../../../server/dms/order-status.js';
import {
  carriedOrderFields, customFieldRows, initialOrderData, missingOrderFields, newIdempotencyKey, orderFieldsOf, productSource, shanghaiDate, shipToProblem, toOrderRequests,
  withOrderFields, withPortalOrderUi,
} from '../../../studio/src/portal/order-form.js';
import { dealerMayCancel, orderStatusTags, timelineColor } from '../../../studio/src/portal/order-status.js';
import { detailText, percent, signedYuan, sumMoney, unitYuan, yuan } from '../../../studio/src/portal/portal-format.js';

const seedForm = JSON.parse(readFileSync(new URL('../../../server/seed/acme-chips/forms/dealer-order.json', import.meta.url), 'utf8'));
const regions = [
  { code: 'CN', name: '全国', parent: null },
  { code: 'R-SOUTH', name: '华南大区', parent: 'CN' },
  { code: 'SOUTH-SZ', name: '深圳', parent: 'R-SOUTH' },
  { code: 'SOUTH-GZ', name: '广东（除深圳）', parent: 'R-SOUTH' },
];

describe('the tenant order form as the portal renders it', () => {
  it('picks the ship-to from the region tree and a line’s SKU from the catalogue when the form names no widget', () => {
    const ui = withPortalOrderUi(seedForm.schema, seedForm.uiSchema);
    expect(ui.shipToRegion).toEqual({ 'ui:widget': 'region-picker' });
    expect(ui.lines).toMatchObject({ 'ui:options': { orderable: false }, items: { sku: { 'ui:widget': 'server-select', 'ui:options': { optionsSource: productSource } } } });
  });

  it('keeps the widget a tenant chose for the ship-to and the SKU', () => {
    const ui = withPortalOrderUi(seedForm.schema, {
      shipToRegion: { 'ui:widget': 'text' },
      lines: { items: { sku: { 'ui:widget': 'server-select', 'ui:options': { optionsSource: { url: '/api/products?category=MCU', valueKey: 'sku', labelKey: 'sku' } } } } },
    });
    expect(ui.shipToRegion).toEqual({ 'ui:widget': 'text' });
    expect((ui.lines as any).items.sku['ui:options'].optionsSource.url).toBe('/api/products?category=MCU');
  });

  it('shows the order date read-only and hides an optional field the order API cannot take (the remark), so nothing typed is dropped silently', () => {
    const ui = withPortalOrderUi(seedForm.schema, seedForm.uiSchema);
    expect(ui.orderDate).toEqual({ 'ui:readonly': true });
    expect(ui.remark).toEqual({ 'ui:widget': 'hidden' });
    expect(carriedOrderFields.has('remark')).toBe(false);
    expect(carriedOrderFields.has('requestedOffset')).toBe(true);
  });

  it('does not hide a required field even when the API does not carry it', () => {
    const schema = { type: 'object', required: ['poNumber'], properties: { poNumber: { type: 'string' } } };
    expect(withPortalOrderUi(schema, {}).poNumber).toBeUndefined();
  });

  it('does not change the uiSchema it was given', () => {
    const given = structuredClone(seedForm.uiSchema);
    withPortalOrderUi(seedForm.schema, given);
    expect(given).toEqual(seedForm.uiSchema);
  });
});

describe('the form data as quote and order requests', () => {
  const data = {
    orderDate: '2026-12-03', shipToRegion: 'SOUTH-SZ', remark: 'x', requestedOffset: '1000.00',
    lines: [{ sku: 'MCU-H743', qty: 10000 }, { sku: 'RF-WIFI6' }, { qty: 5 }, { sku: 'PWR-LDO33', qty: 50000 }],
  };

  it('sends complete lines only, the offset, the ship-to (the price may depend on it) and a trimmed address; never the date or the remark', () => {
    const { quote, create } = toOrderRequests(data, '  深圳市福田区深南大道 1 号 ');
    expect(quote).toEqual({ lines: [{ sku: 'MCU-H743', qty: 10000 }, { sku: 'PWR-LDO33', qty: 50000 }], requestedOffset: '1000.00', shipToRegion: 'SOUTH-SZ' });
    expect(create).toEqual({ ...quote, shipToRegion: 'SOUTH-SZ', shipToAddress: '深圳市福田区深南大道 1 号' });
  });

  it('carries the order custom fields in the quote and the order', () => {
    const { quote, create } = toOrderRequests(data, '', { deliveryDate: '2026-12-20' });
    expect(quote.customFields).toEqual({ deliveryDate: '2026-12-20' });
    expect(create.customFields).toEqual({ deliveryDate: '2026-12-20' });
    expect(toOrderRequests({ lines: [] }, '').quote).not.toHaveProperty('shipToRegion');
  });

  it('leaves out an empty offset and an empty address', () => {
    const { quote, create } = toOrderRequests({ ...data, requestedOffset: ' ' }, '  ');
    expect(quote).not.toHaveProperty('requestedOffset');
    expect(create).not.toHaveProperty('shipToAddress');
  });

  it('starts with today in Shanghai and one line per SKU picked in the catalogue', () => {
    // 2026-12-02 17:30 UTC is already 3 December in Shanghai
    expect(shanghaiDate(new Date('2026-12-02T17:30:00Z'))).toBe('2026-12-03');
    expect(initialOrderData(['MCU-H743', 'RF-WIFI6'], new Date('2026-12-02T15:59:00Z'))).toEqual({
      orderDate: '2026-12-02', lines: [{ sku: 'MCU-H743' }, { sku: 'RF-WIFI6' }],
    });
  });
});

describe('order custom fields from the manifest, typed and required in the browser too', () => {
  // another industry's order fields: a required delivery date, a special-price request and its note
  const orderFields = {
    type: 'object', required: ['deliveryDate'], additionalProperties: false,
    properties: {
      deliveryDate: { type: 'string', format: 'date', title: '要求到货日期 Requested delivery date' },
      specialPriceRequest: { type: 'boolean', title: '申请特价 Special price requested' },
      specialPriceNote: { type: 'string', maxLength: 300, title: '特价说明 Special price note' },
    },
  };

  it('adds every field the form lacks under customFields, typed as declared, and requires what the manifest requires', () => {
    const { schema, topLevel } = withOrderFields(seedForm.schema, orderFields);
    const cf = (schema.properties as any).customFields;
    expect(cf.type).toBe('object');
    expect(Object.keys(cf.properties)).toEqual(['deliveryDate', 'specialPriceRequest', 'specialPriceNote']);
    expect(cf.properties.deliveryDate.format).toBe('date');
    expect(cf.required).toEqual(['deliveryDate']);
    expect(schema.required).toContain('customFields');
    expect(topLevel.size).toBe(0);
    // the form is not changed, and the portal does not hide the fields
    expect(seedForm.schema.properties.customFields).toBeUndefined();
    expect(withPortalOrderUi(schema, seedForm.uiSchema).customFields).toBeUndefined();
  });

  it('keeps a field the form lays out at its top level there (not hidden), and the form’s own customFields words win', () => {
    const form = { type: 'object', required: ['lines'], properties: {
      lines: { type: 'array' }, deliveryDate: { type: 'string', format: 'date', title: '到货日' },
      customFields: { type: 'object', title: '附加', properties: { specialPriceNote: { type: 'string', title: '说明（表单）' } } },
    } };
    const { schema, topLevel } = withOrderFields(form, orderFields);
    expect([...topLevel]).toEqual(['deliveryDate']);
    expect(schema.required).toEqual(['lines', 'deliveryDate']);
    const cf = (schema.properties as any).customFields;
    expect(cf.title).toBe('附加');
    expect(Object.keys(cf.properties)).toEqual(['specialPriceRequest', 'specialPriceNote']);
    expect(cf.properties.specialPriceNote.title).toBe('说明（表单）');
    expect(cf.required).toBeUndefined();
    expect(withPortalOrderUi(schema, {}, topLevel).deliveryDate).toBeUndefined();
    // without the manifest's word the optional top-level field would be hidden as one the API cannot take
    expect(withPortalOrderUi(form, {}).deliveryDate).toEqual({ 'ui:widget': 'hidden' });
  });

  it('reads the values from both places, leaves blanks out and names the required ones still missing by title', () => {
    const values = orderFieldsOf({ deliveryDate: '2026-12-20', customFields: { specialPriceRequest: true, specialPriceNote: ' ' } }, new Set(['deliveryDate']));
    expect(values).toEqual({ deliveryDate: '2026-12-20', specialPriceRequest: true });
    expect(missingOrderFields(orderFields, values)).toEqual([]);
    expect(missingOrderFields(orderFields, { specialPriceRequest: true })).toEqual([{ key: 'deliveryDate', title: '要求到货日期 Requested delivery date' }]);
    expect(missingOrderFields(undefined, {})).toEqual([]);
  });

  it('shows an order’s fields by their titles, booleans in words', () => {
    expect(customFieldRows(orderFields, { deliveryDate: '2026-12-20', specialPriceRequest: false, extra: 1 }, 'zh')).toEqual([
      { key: 'deliveryDate', title: '要求到货日期 Requested delivery date', text: '2026-12-20' },
      { key: 'specialPriceRequest', title: '申请特价 Special price requested', text: '否' },
      { key: 'extra', title: 'extra', text: '1' },
    ]);
    expect(customFieldRows(undefined, undefined, 'en')).toEqual([]);
  });

  it('changes nothing for a tenant without order fields', () => {
    expect(withOrderFields(seedForm.schema, undefined).schema).toBe(seedForm.schema);
  });
});

describe('the ship-to must be a leaf of the region tree', () => {
  it('names what is wrong with the code', () => {
    expect(shipToProblem(regions, 'SOUTH-SZ')).toBeNull();
    expect(shipToProblem(regions, 'R-SOUTH')).toBe('not-leaf');
    expect(shipToProblem(regions, 'CN')).toBe('not-leaf');
    expect(shipToProblem(regions, 'EAST-SH')).toBe('unknown');
    expect(shipToProblem(regions, undefined)).toBe('missing');
    expect(shipToProblem(regions, '')).toBe('missing');
  });
});

describe('order status tags and the cancel offer', () => {
  it('has words in both languages for every status of the one list', () => {
    for (const s of orderStatuses) expect(orderStatusTags[s].zh && orderStatusTags[s].en, s).toBeTruthy();
    expect(Object.keys(orderStatusTags).sort()).toEqual([...orderStatuses].sort());
  });

  it('offers 取消 exactly where the order state machine allows CANCELLED', () => {
    for (const s of orderStatuses) expect(dealerMayCancel(s), s).toBe(canMove(s, 'CANCELLED'));
    expect(dealerMayCancel('SHIPPED')).toBe(false);
  });
});

describe('timeline dots', () => {
  it('are grey while an approver is to act, green when the order moved on, red when it stopped', () => {
    expect(timelineColor('approvalAssigned')).toBe('gray');
    expect(timelineColor('approvalApproved')).toBe('green');
    expect(timelineColor('stockAllocated')).toBe('green');
    expect(timelineColor('approvalRejected')).toBe('red');
    expect(timelineColor('cancelled')).toBe('red');
    expect(timelineColor('withdrawn')).toBe('red');
    expect(timelineColor('submitted')).toBe('blue');
  });
});

describe('amounts and rates as the dealer reads them', () => {
  it('groups yuan without touching the fen, and shows rates exactly', () => {
    expect(yuan('1234567.05')).toBe('¥1,234,567.05');
    expect(yuan('-500.00')).toBe('¥-500.00');
    expect(yuan(null)).toBe('–');
    expect(percent('0.1376')).toBe('13.76%');
    expect(percent('0.12')).toBe('12%');
    expect(percent('0.05')).toBe('5%');
  });

  it('signs adjustments, sums lines exactly and shows a rule set’s figures by their declared type', () => {
    expect(signedYuan('-57.6')).toBe('−¥57.60');
    expect(signedYuan('1200')).toBe('+¥1,200.00');
    expect(signedYuan('-0.00')).toBe('+¥0.00');
    expect(sumMoney(['0.10', '0.20', '1234567.05', '-0.35'])).toBe('1234567.00');
    expect(sumMoney([])).toBe('0.00');
    expect([unitYuan('25'), unitYuan('41.3952'), unitYuan('2.068'), unitYuan('1234.5')]).toEqual(['¥25.00', '¥41.3952', '¥2.068', '¥1,234.50']);
    expect(detailText({ type: 'rate', value: '0.015' }, 'zh')).toBe('1.5%');
    expect(detailText({ type: 'money', value: '5000' }, 'zh')).toBe('¥5,000.00');
    expect(detailText({ type: 'enum', value: 'KA', valueLabels: { KA: { zh: '重点客户', en: 'Key account' } } }, 'en')).toBe('Key account');
    expect(detailText({ type: 'boolean', value: true }, 'zh')).toBe('是');
    expect(detailText({ type: 'integer', value: 12000 }, 'zh')).toBe('12,000');
  });

  it('makes a fresh idempotency key each time', () => {
    const a = newIdempotencyKey();
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
