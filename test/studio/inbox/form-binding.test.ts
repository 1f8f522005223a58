import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessOf, approverForm, bindForm, formDataOf, formPatchOf, sameJson, type Json } from '../../../studio/src/inbox/form-binding.js';

const dealerOrderForm = JSON.parse(readFileSync(new URL('../../../server/seed/acme-chips/forms/dealer-order.json', import.meta.url), 'utf8')) as { schema: Record<string, unknown>; uiSchema: Record<string, unknown> };
/** The variables of a started dealer-order-approval instance: the form's data lives under `order`. */
const orderVariables: Record<string, Json> = {
  dealer: { code: 'D05', tier: 'PLATINUM' },
  order: { orderDate: '2025-06-10', shipToRegion: 'SOUTH-SZ', requestedOffset: '0.00', lines: [{ sku: 'MCU-F103', qty: 30000, category: 'MCU', listPrice: '48.00' }] },
  pricing: { orderAmount: '1241856.00' },
};
const flatForm = {
  type: 'object', required: ['amount', 'reason'],
  properties: { amount: { type: 'string' }, reason: { type: 'string' }, budget: { type: 'string' } },
};

describe('bindForm', () => {
  it('finds the dealer order form under the `order` variable', () => {
    expect(bindForm(dealerOrderForm.schema, orderVariables)).toEqual({ root: 'order', fields: ['orderDate', 'shipToRegion', 'lines', 'requestedOffset', 'remark'] });
    expect(formDataOf(bindForm(dealerOrderForm.schema, orderVariables), orderVariables)).toBe(orderVariables.order);
  });

  it('keeps top-level fields when the flow stores them as variables (a tie goes to top level)', () => {
    const vars = { amount: '10.00', reason: 'x', other: { amount: '1', reason: 'y' } };
    const b = bindForm(flatForm, vars);
    expect(b.root).toBeNull();
    expect(formDataOf(b, vars)).toEqual({ amount: '10.00', reason: 'x' });
  });
});

describe('approverForm and formPatchOf', () => {
  it('the seeded approval node (all READ): every field shown, none editable, no patch', () => {
    const b = bindForm(dealerOrderForm.schema, orderVariables);
    const perms = { order: 'READ', pricing: 'READ' } as const;
    const form = approverForm(dealerOrderForm.schema, dealerOrderForm.uiSchema, b, perms)!;
    expect(form.editable).toEqual([]);
    expect(Object.keys(form.schema.properties as object)).toHaveLength(5);
    expect(form.uiSchema.lines).toMatchObject({ 'ui:options': { orderable: false }, 'ui:disabled': true });
    expect(formPatchOf(b, orderVariables, { ...(orderVariables.order as object), remark: 'changed' }, perms)).toBeUndefined();
  });

  it('an EDIT root variable sends the whole variable with the change, nothing when unchanged', () => {
    const b = bindForm(dealerOrderForm.schema, orderVariables);
    const perms = { order: 'EDIT' } as const;
    expect(approverForm(dealerOrderForm.schema, {}, b, perms)!.editable).toHaveLength(5);
    expect(formPatchOf(b, orderVariables, { ...(orderVariables.order as object) }, perms)).toBeUndefined();
    const patch = formPatchOf(b, orderVariables, { requestedOffset: '100.00' }, perms)!;
    expect(patch.order).toEqual({ ...(orderVariables.order as object), requestedOffset: '100.00' });
  });

  it('a HIDDEN root hides the whole form', () => {
    expect(approverForm(dealerOrderForm.schema, {}, bindForm(dealerOrderForm.schema, orderVariables), { order: 'HIDDEN' })).toBeNull();
  });

  it('top-level fields: hidden ones removed (and from required), only changed EDIT fields patched', () => {
    const vars = { amount: '10.00', reason: 'x' };
    const b = bindForm(flatForm, vars);
    const perms = { amount: 'EDIT', reason: 'READ', budget: 'HIDDEN' } as const;
    const form = approverForm(flatForm, {}, b, perms)!;
    expect(Object.keys(form.schema.properties as object)).toEqual(['amount', 'reason']);
    expect(form.schema.required).toEqual(['amount', 'reason']);
    expect(form.uiSchema).toEqual({ reason: { 'ui:disabled': true } });
    expect(accessOf(b, 'unknown', perms)).toBe('READ');
    expect(formPatchOf(b, vars, { amount: '12.00', reason: 'changed' }, perms)).toEqual({ amount: '12.00' });
    expect(formPatchOf(b, vars, { amount: '10.00', reason: 'x' }, perms)).toBeUndefined();
  });
});

describe('sameJson', () => {
  it('compares by value, ignoring key order and undefined keys', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined } as unknown as Json)).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: '1.0' }, { a: '1.00' })).toBe(false);
  });
});
