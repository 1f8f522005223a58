import { raw, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { FromSchema } from 'json-schema-to-ts';
import { Dec, formatMoney } from '../../rules/money.js';
import { buildRegionTree } from '../../rules/region-tree.js';
import type { AdminDealerFilter, AdminDealerQuery, AdminProductFilter } from '../../schemas/api/admin-tables.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Dealer, Product, Region, Tenant } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { tenantTiers } from './record-sheets.js';

type DealerFilter = FromSchema<typeof AdminDealerFilter>;
type ProductFilter = FromSchema<typeof AdminProductFilter>;

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The region and every region below it, from the tenant's tree; an unknown code is a 400 on the query's `region`. */
async function regionSubtree(ctx: AuthedContext, code: string): Promise<string[]> {
  const regions = await ctx.em.find(Region, {}, { fields: ['code', 'parentCode'] });
  if (!regions.some((r) => r.code === code)) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'querystring', pointer: '/region', message: ctx.locale === 'zh-CN' ? `区域 ${code} 不存在` : `No region ${code}` }] });
  }
  const tree = buildRegionTree(regions.map((r) => ({ code: r.code, parent: r.parentCode ?? null })));
  return regions.map((r) => r.code).filter((c) => tree.covers(code, c));
}

async function dealerWhere(ctx: AuthedContext, f: DealerFilter): Promise<FilterQuery<Dealer>> {
  const and: FilterQuery<Dealer>[] = [];
  if (f.tier) and.push({ tier: { $in: f.tier.split(',') } });
  if (f.status) and.push({ status: { $in: f.status.split(',') as Dealer['status'][] } });
  if (f.region) {
    const codes = await regionSubtree(ctx, f.region);
    and.push({ $or: [{ homeRegion: { $in: codes } }, { authorizedRegions: { $overlap: codes } }] });
  }
  if (f.q) {
    const like = likeOf(f.q);
    and.push({ $or: [{ code: { $ilike: like } }, { name: { $ilike: like } }, { nameEn: { $ilike: like } }] });
  }
  return and.length ? { $and: and } : {};
}

/** The table's order; tiers sort by the tenant's dealerTier dictionary (best first), not alphabetically. */
async function dealerOrder(ctx: AuthedContext, sort: DealerFilter['sort']): Promise<QueryOrderMap<Dealer>[]> {
  const field = sort ? sort.replace(/^-/, '') : 'code';
  const dir = sort?.startsWith('-') ? 'desc' : 'asc';
  if (field === 'code') return [{ code: dir }];
  if (field === 'tier') {
    const tiers = tenantTiers(await ctx.em.findOneOrFail(Tenant, { id: ctx.tenantId }));
    return [{ [raw((alias: string) => `array_position(array[${tiers.map(() => '?').join(', ')}]::text[], ${alias}.tier)`, tiers)]: dir } as QueryOrderMap<Dealer>, { tier: dir }, { code: 'asc' }];
  }
  return [{ [field]: dir } as QueryOrderMap<Dealer>, { code: 'asc' }];
}

export function toAdminDealerRow(d: Dealer) {
  return {
    id: d.id, code: d.code, name: d.name, nameEn: d.nameEn ?? null, tier: d.tier, status: d.status, homeRegion: d.homeRegion,
    authorizedRegions: d.authorizedRegions, creditLimit: formatMoney(new Dec(d.creditLimit)), prepaidBalance: formatMoney(new Dec(d.prepaidBalance)),
    paymentTermDays: d.paymentTermDays ?? null, customFields: d.customFields, updatedAt: d.updatedAt.toISOString(), version: d.version,
  };
}

/** One page of the staff dealers table. */
export async function listDealers(ctx: AuthedContext, q: FromSchema<typeof AdminDealerQuery>) {
  const [rows, total] = await ctx.em.findAndCount(Dealer, await dealerWhere(ctx, q), {
    orderBy: await dealerOrder(ctx, q.sort), limit: q.limit ? Number(q.limit) : 20, offset: q.offset ? Number(q.offset) : 0,
  });
  return { total, items: rows.map(toAdminDealerRow) };
}

/** Every dealer the filter matches, in the table's order (the export). */
export async function findDealers(ctx: AuthedContext, f: DealerFilter): Promise<Dealer[]> {
  return ctx.em.find(Dealer, await dealerWhere(ctx, f), { orderBy: await dealerOrder(ctx, f.sort) });
}

export async function findProducts(ctx: AuthedContext, f: ProductFilter): Promise<Product[]> {
  return ctx.em.find(Product, {
    ...(f.category ? { category: { code: f.category } } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.q ? { $or: [{ sku: { $ilike: likeOf(f.q) } }, { name: { $ilike: likeOf(f.q) } }, { nameEn: { $ilike: likeOf(f.q) } }] } : {}),
  }, { populate: ['category'], orderBy: { position: 'asc', sku: 'asc' } });
}
