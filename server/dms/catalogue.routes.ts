import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { InventoryQuery, ProductListQuery } from '../../schemas/api/dms-catalogue.schema.js';
import { Dec, formatMoney } from '../../rules/money.js';
import { Product, Warehouse, WarehouseLane } from '../entities/index.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { dmsErrors, dmsReaders, type DmsContextOf } from './dms.routes.js';
import { listInventory } from './inventory.service.js';
import { dealerFor } from './order.service.js';
import { cataloguePrices } from './pricing.service.js';
import { rateText } from './pricing-facts.js';

const tags = ['dms-catalogue'];

export async function catalogueRoutes(app: FastifyInstance, contextOf: DmsContextOf): Promise<void> {
  app.get<{ Querystring: FromSchema<typeof ProductListQuery> }>('/api/products', {
    config: { roles: dmsReaders },
    schema: {
      tags, summary: 'The catalogue; a dealer sees its own price, with the adjustments that make it / 产品目录（经销商看到自己的价格及价格调整）',
      querystring: { $ref: 'ProductListQuery#' }, response: { 200: { type: 'array', items: { $ref: 'ProductView#' } }, ...dmsErrors },
    },
  }, async (request) => {
    const ctx = contextOf(request);
    const { category, q, dealer: dealerCode } = request.query;
    const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const products = await ctx.em.find(Product, {
      ...(category ? { category: { code: category } } : {}),
      ...(like ? { $or: [{ sku: { $ilike: like } }, { name: { $ilike: like } }, { nameEn: { $ilike: like } }] } : {}),
    }, { populate: ['category'], orderBy: { position: 'asc', sku: 'asc' } });
    const pricedFor = ctx.user.dealerId || dealerCode !== undefined ? await dealerFor(ctx, dealerCode, { in: 'querystring', pointer: '/dealer' }) : null;
    const prices = pricedFor ? await cataloguePrices(ctx, pricedFor, products.filter((p) => p.status !== 'EOL'), shanghaiToday()) : new Map();
    return products.map((p) => {
      const price = prices.get(p.sku);
      return {
        id: p.id, sku: p.sku, name: p.name, nameEn: p.nameEn ?? null, category: p.category.code,
        categoryLabel: { zh: p.category.name, en: p.category.nameEn ?? p.category.name }, unit: p.unit, spq: p.spq ?? null,
        listPrice: formatMoney(new Dec(p.listPrice)), maxDiscountRate: rateText(p.maxDiscountRate), rebateEligible: p.rebateEligible,
        status: p.status, lifecycleStage: p.lifecycleStage, customFields: p.customFields,
        priceTier: price?.tier ?? null, netUnitPrice: price?.netUnitPrice ?? null, adjustments: price?.adjustments ?? [],
      };
    });
  });

  app.get('/api/warehouses', {
    config: { roles: dmsReaders },
    schema: { tags, summary: 'Warehouses and their lanes / 仓库与线路', response: { 200: { type: 'array', items: { $ref: 'WarehouseView#' } }, ...dmsErrors } },
  }, async (request) => {
    const ctx = contextOf(request);
    const warehouses = await ctx.em.find(Warehouse, {}, { orderBy: { code: 'asc' } });
    const lanes = await ctx.em.find(WarehouseLane, {}, { orderBy: { toRegion: 'asc' } });
    return warehouses.map((w) => ({
      id: w.id, code: w.code, name: w.name, nameEn: w.nameEn ?? null, locatedIn: w.locatedIn, servesRegion: w.servesRegion, status: w.status,
      customFields: w.customFields,
      lanes: lanes.filter((l) => l.warehouse.id === w.id).map((l) => ({ toRegion: l.toRegion, cost: formatMoney(new Dec(l.cost)), leadTimeDays: l.leadTimeDays })),
    }));
  });

  app.get<{ Querystring: FromSchema<typeof InventoryQuery> }>('/api/inventory', {
    config: { roles: dmsReaders },
    schema: {
      tags, summary: 'Stock by warehouse and SKU; dealers see ATP only / 库存（经销商仅见可承诺量）',
      querystring: { $ref: 'InventoryQuery#' }, response: { 200: { type: 'array', items: { $ref: 'InventoryView#' } }, ...dmsErrors },
    },
  }, async (request) => {
    const ctx = contextOf(request);
    const rows = await listInventory(ctx, request.query);
    if (!ctx.user.systemRoles.includes('DEALER_USER')) return rows;
    return rows.map((r) => ({ warehouse: r.warehouse, sku: r.sku, atp: r.atp }));
  });
}
