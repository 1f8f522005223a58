import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createField } from '../../../studio/src/form-builder/model/field-factory.js';
import { allKeys, findField, type FormDocument, type FormModel } from '../../../studio/src/form-builder/model/form-model.js';
import { fromFormDocument } from '../../../studio/src/form-builder/model/form-schema-parse.js';
import { toFormDocument } from '../../../studio/src/form-builder/model/form-schema-generate.js';
import { FormCommandError, type FormCommand } from '../../../studio/src/form-builder/store/form-commands.js';
import { FormStore } from '../../../studio/src/form-builder/store/form-store.js';

const orderForm = (): FormModel =>
  fromFormDocument(JSON.parse(readFileSync(new URL('../../../server/seed/acme-chips/forms/dealer-order.json', import.meta.url), 'utf8')) as FormDocument);

const section = { ...createField('section', new Set()), key: 'contact', children: [createField('text', new Set())] };

/** Each command, applied to the dealer-order form (with a section added first). */
const commands: [string, FormCommand][] = [
  ['add a field', { type: 'addField', parent: [], index: 1, field: createField('money', new Set()) }],
  ['add a field inside a section', { type: 'addField', parent: ['contact'], index: 0, field: createField('date', new Set()) }],
  ['remove a field', { type: 'removeField', path: ['remark'] }],
  ['remove a field from a section', { type: 'removeField', path: ['contact', 'text1'] }],
  ['move a field up', { type: 'moveField', path: ['lines'], delta: -1 }],
  ['move a field down', { type: 'moveField', path: ['orderDate'], delta: 1 }],
  ['change a label', { type: 'updateField', path: ['remark'], patch: { label: { zh: '备注说明', en: 'Notes' } } }],
  ['make a field required', { type: 'updateField', path: ['remark'], patch: { required: true } }],
  ['clear a maximum length', { type: 'updateField', path: ['remark'], patch: { maxLength: undefined } }],
  ['make a field conditional', { type: 'updateField', path: ['remark'], patch: { visibleWhen: { field: 'shipToRegion', values: ['R-EAST'] } } }],
  ['change the columns of a lines table', { type: 'updateField', path: ['lines'], patch: { columns: [] } }],
  ['rename a field', { type: 'renameField', path: ['requestedOffset'], key: 'offset' }],
  ['rename the form', { type: 'setFormMeta', name: { zh: '订单', en: 'Order' }, description: '' }],
];

/** The commands that can run one after another (none removes what a later one edits). */
const series = commands.filter(([n]) => !n.includes('section') && !n.startsWith('remove')).map(([, c]) => c);

describe('form builder command store', () => {
  for (const [name, cmd] of commands) {
    it(`undoes "${name}" exactly and redoes it`, () => {
      const store = new FormStore(orderForm());
      store.execute({ type: 'addField', parent: [], index: 99, field: section });
      const before = store.model;
      const beforeJson = JSON.stringify(toFormDocument(before));
      store.execute(cmd);
      const after = store.model;
      expect(JSON.stringify(toFormDocument(after))).not.toBe(beforeJson);
      store.undo();
      expect(store.model).toBe(before);
      expect(JSON.stringify(toFormDocument(store.model))).toBe(beforeJson);
      store.redo();
      expect(store.model).toBe(after);
    });
  }

  it('keeps the model it started from untouched (commands never mutate)', () => {
    const model = orderForm();
    const frozen = JSON.stringify(model);
    const store = new FormStore(model);
    for (const cmd of series) store.execute(cmd);
    expect(JSON.stringify(model)).toBe(frozen);
  });

  it('undoes a series of edits one by one back to the start', () => {
    const start = orderForm();
    const store = new FormStore(start);
    const seen = [store.model];
    for (const cmd of series) {
      store.execute(cmd);
      seen.push(store.model);
    }
    for (let i = seen.length - 2; i >= 0; i--) {
      store.undo();
      expect(store.model).toBe(seen[i]);
    }
    expect(store.getSnapshot().canUndo).toBe(false);
    expect(store.getSnapshot().canRedo).toBe(true);
  });

  it('makes typing in one input a single undo step, and a new step after seal()', () => {
    const store = new FormStore(orderForm());
    const start = store.model;
    for (const zh of ['备', '备注', '备注说', '备注说明']) store.execute({ type: 'updateField', path: ['remark'], patch: { label: { zh } } }, 'remark/label');
    expect(findField(store.model, ['remark'])!.label.zh).toBe('备注说明');
    store.seal();
    store.execute({ type: 'updateField', path: ['remark'], patch: { label: { zh: '备注说明！' } } }, 'remark/label');
    store.undo();
    expect(findField(store.model, ['remark'])!.label.zh).toBe('备注说明');
    store.undo();
    expect(store.model).toBe(start);
  });

  it('a new edit after undo drops the redo branch', () => {
    const store = new FormStore(orderForm());
    store.execute({ type: 'removeField', path: ['remark'] });
    store.undo();
    store.execute({ type: 'moveField', path: ['lines'], delta: -1 });
    expect(store.getSnapshot().canRedo).toBe(false);
    store.redo();
    expect(findField(store.model, ['remark'])).toBeDefined();
  });

  it('refuses a duplicate or malformed key and changes nothing', () => {
    const store = new FormStore(orderForm());
    const before = store.model;
    expect(() => store.execute({ type: 'renameField', path: ['remark'], key: 'lines' })).toThrow(FormCommandError);
    expect(() => store.execute({ type: 'renameField', path: ['remark'], key: '1bad key' })).toThrow(FormCommandError);
    expect(() => store.execute({ type: 'addField', parent: [], index: 0, field: { ...createField('text', new Set()), key: 'orderDate' } })).toThrow(FormCommandError);
    expect(store.model).toBe(before);
    expect(store.getSnapshot().canUndo).toBe(false);
  });

  it('moves the visibility condition of dependent fields along with a rename, and drops it with a removal', () => {
    const store = new FormStore(orderForm());
    store.execute({ type: 'updateField', path: ['remark'], patch: { visibleWhen: { field: 'requestedOffset', values: ['0.00'] } } });
    store.execute({ type: 'renameField', path: ['requestedOffset'], key: 'offset' });
    expect(findField(store.model, ['remark'])!.visibleWhen).toEqual({ field: 'offset', values: ['0.00'] });
    store.execute({ type: 'removeField', path: ['offset'] });
    expect(findField(store.model, ['remark'])!.visibleWhen).toBeUndefined();
    store.undo();
    expect(findField(store.model, ['remark'])!.visibleWhen).toEqual({ field: 'offset', values: ['0.00'] });
  });

  it('gives palette fields keys not yet used', () => {
    const taken = allKeys(orderForm().fields);
    taken.add('amount1');
    expect(createField('money', taken).key).toBe('amount2');
  });
});
