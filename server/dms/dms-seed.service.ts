import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Dec } from '../../rules/money.js';
import {
  Dealer, DiversionCase, InventoryLevel, Product, ProductCategory, Receivable, Tenant, Warehouse, WarehouseLane,
} from '../entities/index.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import type { DmsContext } from './dms-context.js';
import { computeStatement, creditStatement, statementFacts } from './actions/rebate-statement.action.js';
import { noPurchases, type PurchaseFigures } from './purchase-figures.service.js';

/** Where a shipped tenant's records live: data, not configuration, so beside its demo data rather than in its bundle. */
export const recordsDir = (tenantCode: string) =>
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'seed', 'demo', tenantCode, 'records');

interface RecordFiles {
  categories: { code: string; name: string; nameEn?: string }[];
  products: { sku: string; name: string; nameEn?: string; category: string; listPrice: string; spq?: number; rebateEligible: boolean; maxDiscountRate: string | null; lifecycleStage: 'NEW' | 'GROWTH' | 'MATURE' | 'EOL' }[];
  warehouses: { code: string; name: string; nameEn?: string; locatedIn: string; servesRegion: string; status: 'ACTIVE' | 'INACTIVE' }[];
  lanes: { warehouse: string; toRegion: string; cost: string; leadTimeDays: number }[];
  inventory: { warehouse: string; sku: string; onHand: number; allocated: number; safetyStock: number }[];
  'dealer-financials': { dealer: string; creditLimit: string; prepaidBalance: string; paymentTermDays: number | null }[];
  'rebate-statements': {
    policyCode: string;
    periods: Record<string, { statementDate: string; expiresOn: string }>;
    statements: { dealer: string; period: string; basis: string; lastYearBasis: string; financeConfirmed: boolean }[];
  };
  receivables?: { receivables: { dealer: string; invoiceNo: string; amount: string; paidAmount: string; invoicedDaysBeforeSeed: number }[] };
  'diversion-cases': {
    caseNo: string; dealer: string; detectedVia: 'ORDER_SHIP_TO' | 'CODE_SCAN' | 'COMPLAINT' | 'MARKET_CHECK'; foundInRegion?: string;
    status: 'REPORTED' | 'INVESTIGATING' | 'CONFIRMED' | 'DISMISSED'; reportedOn: string; confirmedOn?: string; description?: string; penalty?: Record<string, unknown>;
  }[];
}

function readRecords(dir: string): RecordFiles {
  const read = <K extends keyof RecordFiles>(name: K): RecordFiles[K] => JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as RecordFiles[K];
  return {
    categories: read('categories'), products: read('products'), warehouses: read('warehouses'), lanes: read('lanes'), inventory: read('inventory'),
    'dealer-financials': read('dealer-financials'), 'rebate-statements': read('rebate-statements'), 'diversion-cases': read('diversion-cases'),
    ...(existsSync(path.join(dir, 'receivables.json')) ? { receivables: read('receivables') } : {}),
  };
}

function required<T>(map: Map<string, T>, key: string, what: string, tenantCode: string): T {
  const v = map.get(key);
  if (!v) throw new Error(`seed ${tenantCode}: records name unknown ${what} ${key}`);
  return v;
}

/**
 * Seeds a shipped tenant's DMS records (catalogue, warehouses, lanes, stock, dealers' credit terms,
 * quarterly rebate statements and the ledger accruals they credit, diversion cases) inside the
 * caller's transaction, after its bundle and dealers. Statements are computed by the rule set the
 * tenant binds to the rebateStatement point from the figures in the records, not copied as numbers.
 * A tenant without a records folder gets nothing.
 */
export async function seedDmsRecords(em: EntityManager, tenantId: string, tenantCode: string, dir = recordsDir(tenantCode)): Promise<void> {
  if (!existsSync(dir)) return;
  const r = readRecords(dir);
  const ctx: DmsContext = { em, tenantId, locale: 'en' };
  const tenant = tenantId;

  const categories = new Map(r.categories.map((c, i) => [c.code, em.create(ProductCategory, { tenant, code: c.code, name: c.name, nameEn: c.nameEn ?? null, position: i })]));
  const products = new Map(r.products.map((p, i) => [p.sku, em.create(Product, {
    tenant, sku: p.sku, name: p.name, nameEn: p.nameEn ?? null, category: required(categories, p.category, 'category', tenantCode),
    listPrice: p.listPrice, spq: p.spq ?? null, rebateEligible: p.rebateEligible, maxDiscountRate: p.maxDiscountRate, lifecycleStage: p.lifecycleStage, position: i,
  })]));
  const warehouses = new Map(r.warehouses.map((w) => [w.code, em.create(Warehouse, {
    tenant, code: w.code, name: w.name, nameEn: w.nameEn ?? null, locatedIn: w.locatedIn, servesRegion: w.servesRegion, status: w.status,
  })]));
  for (const l of r.lanes) em.create(WarehouseLane, { tenant, warehouse: required(warehouses, l.warehouse, 'warehouse', tenantCode), toRegion: l.toRegion, cost: l.cost, leadTimeDays: l.leadTimeDays });
  for (const s of r.inventory) {
    em.create(InventoryLevel, {
      tenant, warehouse: required(warehouses, s.warehouse, 'warehouse', tenantCode), product: required(products, s.sku, 'product', tenantCode),
      onHand: s.onHand, allocated: s.allocated, safetyStock: s.safetyStock,
    });
  }
  const dealers = new Map((await em.find(Dealer, {})).map((d) => [d.code, d]));
  for (const f of r['dealer-financials']) {
    const dealer = required(dealers, f.dealer, 'dealer', tenantCode);
    dealer.creditLimit = f.creditLimit;
    dealer.prepaidBalance = f.prepaidBalance;
    dealer.paymentTermDays = f.paymentTermDays;
  }
  for (const c of r['diversion-cases']) {
    em.create(DiversionCase, {
      tenant, caseNo: c.caseNo, dealer: required(dealers, c.dealer, 'dealer', tenantCode), detectedVia: c.detectedVia, foundInRegion: c.foundInRegion ?? null,
      status: c.status, reportedOn: c.reportedOn, confirmedOn: c.confirmedOn ?? null, description: c.description ?? null, penalty: c.penalty ?? {},
    });
  }
  // Open invoices are dated from the seeding day (the demo's credit picture stays current, whatever the year).
  const today = shanghaiToday();
  for (const ar of r.receivables?.receivables ?? []) {
    const dealer = required(dealers, ar.dealer, 'dealer', tenantCode);
    const invoiceDate = addDays(today, -ar.invoicedDaysBeforeSeed);
    em.create(Receivable, {
      tenant, dealer, invoiceNo: ar.invoiceNo, invoiceDate, dueDate: addDays(invoiceDate, dealer.paymentTermDays ?? 0),
      amount: ar.amount, paidAmount: ar.paidAmount, status: new Dec(ar.paidAmount).gt(0) ? 'PARTIAL' : 'OPEN',
    });
  }
  await em.flush();
  // The deploy wrote the manifest's settings (the extension-point bindings) through its own unit of work: read them again.
  await em.findOne(Tenant, { id: tenantId }, { refresh: true });
  await seedRebateStatements(ctx, r['rebate-statements'], dealers, tenantCode);
}

/**
 * The demo's records state each quarter's eligible purchases (its invoices are not seeded), so a
 * statement's facts are the platform's own (dealer, tier at the period end, diversion cases) with
 * those figures as the purchases; the statement is computed through the rebateStatement point.
 */
const statedFigures = (amount: string): PurchaseFigures => ({ ...noPurchases(), netAmount: amount, invoicedAmount: amount, eligibleAmount: amount });

async function seedRebateStatements(ctx: DmsContext, file: RecordFiles['rebate-statements'], dealers: Map<string, Dealer>, tenantCode: string): Promise<void> {
  const ordered = [...file.statements].sort((a, b) => a.period.localeCompare(b.period) || a.dealer.localeCompare(b.dealer));
  for (const s of ordered) {
    const dealer = required(dealers, s.dealer, 'dealer', tenantCode);
    const period = file.periods[s.period];
    if (!period) throw new Error(`seed ${tenantCode}: rebate statement names unknown period ${s.period}`);
    const facts = {
      ...(await statementFacts(ctx, dealer, s.period, period.statementDate)),
      purchases: statedFigures(s.basis), lastYearPurchases: statedFigures(s.lastYearBasis),
    };
    const statement = await computeStatement(ctx, dealer, { period: s.period, statementDate: period.statementDate, policyCode: file.policyCode, facts });
    await ctx.em.flush();
    await creditStatement(ctx, statement, dealer, { postedOn: period.statementDate, expiresOn: period.expiresOn, financeConfirmed: s.financeConfirmed });
  }
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
