import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orderStatuses } from '../../../schemas/api/dms-enums.js';
import { canMove } from '../../../server/dms/order-status.js';
import { carriedOrderFields, initialOrderData, newIdempotencyKey, productSource, shanghaiDate, shipToProblem, toOrderRequests, withPortalOrderUi } from '../../../studio/src/portal/order-form.js';
import { dealerMayCancel, orderStatusTags, timelineColor } from '../../../studio/src/portal/order-status.js';
import { percent, yuan } from '../../../studio/src/portal/portal-format.js';

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

  it('sends complete lines only, the offset, the ship-to and a trimmed address; never the date or the remark', () => {
    const { quote, create } = toOrderRequests(data, '  深圳市福田区深南大道 1 号 ');
    expect(quote).toEqual({ lines: [{ sku: 'MCU-H743', qty: 10000 }, { sku: 'PWR-LDO33', qty: 50000 }], requestedOffset: '1000.00' });
    expect(create).toEqual({ ...quote, shipToRegion: 'SOUTH-SZ', shipToAddress: '深圳市福田区深南大道 1 号' });
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

  it('makes a fresh idempotency key each time', () => {
    const a = newIdempotencyKey();
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
