/**
 * Positional parameters for a hand-written statement: `q.v(x)` appends a value and returns its
 * placeholder, so a value used twice is simply bound twice.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  v(value: unknown): string {
    this.values.push(value);
    return '?';
  }
}

/**
 * The region CTEs of one statement (call after `with recursive`), every one scoped to the tenant:
 * - `anchor`: the chosen region, or the roots of the tree when none is chosen;
 * - `grp`: the level the dashboard groups by — the anchor's children, or the anchor itself when it is a leaf;
 * - `tree(code, grp)`: every region under a group, mapped to that group (the roll-up);
 * - `sub(code)`: the chosen region and its descendants (empty when none is chosen: see `inRegion`).
 */
export function regionCtes(q: SqlParams, tenantId: string, region: string | null): string {
  return `
  anchor as (
    select code from region where tenant_id = ${q.v(tenantId)} and ${region === null ? 'parent_code is null' : `code = ${q.v(region)}`}
  ),
  grp as (
    select r.code from region r join anchor a on r.parent_code = a.code where r.tenant_id = ${q.v(tenantId)}
    union
    select a.code from anchor a where not exists (select 1 from region c where c.tenant_id = ${q.v(tenantId)} and c.parent_code = a.code)
  ),
  tree(code, grp) as (
    select code, code from grp
    union all
    select r.code, tree.grp from region r join tree on r.parent_code = tree.code where r.tenant_id = ${q.v(tenantId)}
  ),
  sub(code) as (
    select code from region where tenant_id = ${q.v(tenantId)} and code = ${q.v(region)}
    union all
    select r.code from region r join sub on r.parent_code = sub.code where r.tenant_id = ${q.v(tenantId)}
  )`;
}

/** A condition keeping rows whose region column lies in the chosen region's subtree (always true without one). */
export const inRegion = (region: string | null, column: string) => (region === null ? 'true' : `${column} in (select code from sub)`);

/** A list of string literals for `in (…)`, from the project's own closed vocabularies (never user input). */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
