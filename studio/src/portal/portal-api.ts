import type { FromSchema } from 'json-schema-to-ts';
import type { DealerView } from '../../../schemas/api/dealer.schema';
import type { CreditView, RebateAccountView, RebateStatementView } from '../../../schemas/api/dms-finance.schema';
import type { OrderQuote, OrderSummary, OrderView } from '../../../schemas/api/dms-order.schema';
import type { ProductView } from '../../../schemas/api/dms-catalogue.schema';
import type { OrderCreateRequest, OrderQuoteRequest } from '../../../schemas/api/dms-order.schema';
import type { OrderTimeline } from '../../../schemas/api/order-loop.schema';
import type { WorkflowInstanceView } from '../../../schemas/api/workflow-api.schema';
import { apiGet, apiPost } from '../api/client';

/** The API's shapes, derived from the one schema of each (schemas/api). */
export type Product = FromSchema<typeof ProductView>;
export type Quote = FromSchema<typeof OrderQuote>;
export type Order = FromSchema<typeof OrderView>;
export type OrderRow = FromSchema<typeof OrderSummary>;
export type QuoteRequest = FromSchema<typeof OrderQuoteRequest>;
export type CreateRequest = FromSchema<typeof OrderCreateRequest>;
export type RebateAccount = FromSchema<typeof RebateAccountView>;
export type RebateStatement = FromSchema<typeof RebateStatementView>;
export type Credit = FromSchema<typeof CreditView>;
export type Dealer = FromSchema<typeof DealerView>;
export type Instance = FromSchema<typeof WorkflowInstanceView>;

export type Timeline = FromSchema<typeof OrderTimeline>;

export interface FormVersion {
  key: string;
  version: number;
  name: { zh?: string; en?: string };
  document: { schema: Record<string, unknown>; uiSchema?: Record<string, unknown> };
}

export interface RegionRow {
  code: string;
  name: string;
  nameEn?: string | null;
  parent: string | null;
}


export const portalApi = {
  products: (query: { q?: string; category?: string }) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.category) params.set('category', query.category);
    const qs = params.toString();
    return apiGet<Product[]>(`/api/products${qs ? `?${qs}` : ''}`);
  },
  form: (key: string) => apiGet<FormVersion>(`/api/forms/${encodeURIComponent(key)}`),
  regions: () => apiGet<RegionRow[]>('/api/regions'),
  dealer: (id: string) => apiGet<Dealer>(`/api/dealers/${encodeURIComponent(id)}`),
  quote: (body: QuoteRequest) => apiPost<Quote>('/api/orders/quote', body),
  createOrder: (body: CreateRequest) => apiPost<Order>('/api/orders', body),
  submitOrder: (id: string, idempotencyKey: string) => apiPost<Order>(`/api/orders/${encodeURIComponent(id)}/submit`, { idempotencyKey }),
  cancelOrder: (id: string) => apiPost<Order>(`/api/orders/${encodeURIComponent(id)}/cancel`),
  orders: () => apiGet<{ total: number; items: OrderRow[] }>('/api/orders?limit=100'),
  order: (id: string) => apiGet<Order>(`/api/orders/${encodeURIComponent(id)}`),
  timeline: (id: string) => apiGet<Timeline>(`/api/orders/${encodeURIComponent(id)}/timeline`),
  rebateAccount: () => apiGet<RebateAccount>('/api/rebates/account'),
  rebateStatements: () => apiGet<RebateStatement[]>('/api/rebates/statements'),
  credit: () => apiGet<Credit>('/api/credit'),
  /** Starts the flow bound to dealerOnboarding with the point's variables: `application` and, for a dealer user, its own `dealerCode`. */
  startOnboarding: (flowKey: string, application: Record<string, unknown>, dealerCode: string | null, idempotencyKey: string) =>
    apiPost<Instance>(`/api/workflows/${encodeURIComponent(flowKey)}/instances`, { variables: { application, ...(dealerCode ? { dealerCode } : {}) }, idempotencyKey }),
  myOnboardingApplications: (flowKey: string) => apiGet<Instance[]>(`/api/instances?definition=${encodeURIComponent(flowKey)}&mine=true`),
};
