import { describe, expect, it } from 'vitest';
import { bindTenant } from '../../server/db/tenant-sql.js';

/** The one helper that binds the tenant into raw SQL. */
describe('bindTenant', () => {
  it('puts the tenant id wherever :tenant stands and the values at their ? in order', () => {
    expect(bindTenant('select 1 from a where tenant_id = :tenant and k = ? and exists (select 1 from b where b.tenant_id = :tenant and b.v = ?)', 'T', ['k1', 2]))
      .toEqual({ sql: 'select 1 from a where tenant_id = ? and k = ? and exists (select 1 from b where b.tenant_id = ? and b.v = ?)', params: ['T', 'k1', 'T', 2] });
  });

  it('leaves casts alone and refuses a statement without :tenant or with the wrong number of values', () => {
    expect(bindTenant("select x::text from a where tenant_id = :tenant", 'T').params).toEqual(['T']);
    expect(() => bindTenant('select 1 from a where k = ?', 'T', ['k'])).toThrow(/:tenant/);
    expect(() => bindTenant('select 1 from a where tenant_id = :tenant and k = ?', 'T', [])).toThrow(/placeholders/);
    expect(() => bindTenant('select 1 from a where tenant_id = :tenant', 'T', ['extra'])).toThrow(/value/);
  });
});
