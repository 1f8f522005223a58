/**
 * The extension points: every place where the platform hands a decision to a tenant's rule set or
 * workflow. Each declares what the platform provides (facts or start variables) and, for a rule
 * set, the outputs it requires, as JSON Schema. A tenant binds each point to one of its keys in its
 * manifest (`extensionPoints`); validate, deploy and studio publish check the bound document
 * against the contract, and the runtime checks every output against `requires`.
 *
 * Leaves carry `x-valueType` (the rule-set value type a declared input or output must have to read
 * or satisfy it), `x-label` (zh/en) and, for tenant-defined objects, `x-customFields` (the record
 * whose custom fields the manifest declares) or `x-dictionary` (the dictionary the codes come from).
 */
import type { LocalizedText } from '../../rules/rule-set.types.js';
import { dealerStatuses } from '../api/dealer.schema.js';

export type JsonSchema = Record<string, unknown>;
export type ExtensionPointKey =
  | 'orderPricing' | 'rebateOffset' | 'warehouseRouting' | 'rebateStatement' | 'orderApproval' | 'tierReview' | 'dealerOnboarding';

export interface ExtensionPoint {
  key: ExtensionPointKey;
  kind: 'ruleSet' | 'workflow';
  label: LocalizedText;
  description: LocalizedText;
  /** Where and when the platform calls it. */
  calledAt: LocalizedText;
  /** A tenant that takes orders (or runs the feature) must bind it; an optional point left unbound is skipped. */
  required: boolean;
  /** What happens when an optional point is not bound. */
  whenUnbound?: LocalizedText;
  /** Facts (rule set) or start variables (workflow) the platform provides. */
  provides: JsonSchema;
  /** Outputs the rule set must produce (rule-set points only). */
  requires?: JsonSchema;
}

type ValueType = 'money' | 'rate' | 'decimal' | 'integer' | 'number' | 'string' | 'boolean' | 'date' | 'region' | 'enum';
const l = (zh: string, en: string): LocalizedText => ({ zh, en });

function leaf(valueType: ValueType, label: LocalizedText, extra: JsonSchema = {}): JsonSchema {
  const base: Record<ValueType, JsonSchema> = {
    money: { type: 'string', format: 'money' },
    rate: { type: 'string', format: 'decimal' },
    decimal: { type: 'string', format: 'decimal' },
    integer: { type: 'integer' },
    number: { type: 'number' },
    string: { type: 'string' },
    boolean: { type: 'boolean' },
    date: { type: 'string', format: 'date' },
    region: { type: 'string' },
    enum: { type: 'string' },
  };
  return { ...base[valueType], 'x-valueType': valueType, 'x-label': label, ...extra };
}
const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type as string, 'null'] });
const object = (label: LocalizedText, properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties), extra: JsonSchema = {}): JsonSchema =>
  ({ type: 'object', 'x-valueType': 'object', 'x-label': label, required, properties, additionalProperties: true, ...extra });
const list = (label: LocalizedText, items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', 'x-valueType': 'list', 'x-label': label, items, ...extra });
const customFields = (record: string, label: LocalizedText): JsonSchema =>
  ({ type: 'object', 'x-valueType': 'object', 'x-label': label, 'x-customFields': record, additionalProperties: true });

/** Words a rule set may give a code of its own (else its enum's valueLabels name it). */
const ownLabel: JsonSchema = { type: 'object', 'x-valueType': 'object', 'x-label': l('名称', 'Label'), required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } };

const tier = (label = l('经销商等级', 'Dealer tier')) => leaf('enum', label, { 'x-dictionary': 'dealerTier' });

/** The dealer as every point sees it: master data and its custom fields. */
const dealer = object(l('经销商', 'Dealer'), {
  code: leaf('string', l('经销商编码', 'Dealer code')),
  name: leaf('string', l('经销商名称', 'Dealer name')),
  tier: tier(),
  status: leaf('enum', l('经销商状态', 'Dealer status'), { enum: [...dealerStatuses] }),
  homeRegion: leaf('region', l('所属区域', 'Home region')),
  authorizedRegions: list(l('授权区域', 'Authorized regions'), leaf('region', l('区域', 'Region'))),
  customFields: customFields('dealer', l('经销商自定义字段', "Dealer's custom fields")),
});

const adjustment = object(l('价格调整', 'Price adjustment'), {
  code: leaf('string', l('调整代码', 'Adjustment code')),
  kind: leaf('enum', l('调整方式', 'Kind'), { enum: ['percentage', 'amount', 'freeGoods'] }),
  amount: leaf('money', l('调整金额（折让为负）', 'Amount (a discount is negative)')),
  rate: nullable(leaf('rate', l('比例', 'Rate'))),
  label: ownLabel,
}, ['code', 'kind', 'amount']);

const purchaseFigures = (label: LocalizedText) => object(label, {
  netAmount: leaf('money', l('净采购额', 'Net purchase')),
  invoicedAmount: leaf('money', l('开票金额', 'Invoiced')),
  creditNoteAmount: leaf('money', l('红字发票金额', 'Credit notes')),
  orderAmount: leaf('money', l('平台订单履约金额', 'Fulfilled platform orders')),
  eligibleAmount: leaf('money', l('返利产品净采购额', 'Net purchase of rebate-eligible products')),
  byCategory: list(l('按品类', 'By category'), object(l('品类采购', 'Category purchase'), {
    category: leaf('enum', l('品类', 'Category'), { 'x-dictionary': 'productCategory' }),
    netAmount: leaf('money', l('净采购额', 'Net purchase')),
    eligibleAmount: leaf('money', l('返利产品净采购额', 'Eligible net purchase')),
  })),
  bySku: list(l('按产品', 'By product'), object(l('产品采购', 'Product purchase'), {
    sku: leaf('string', l('产品编码', 'SKU')),
    netAmount: leaf('money', l('净采购额', 'Net purchase')),
  })),
});

const orderLineFacts = object(l('订单行', 'Order line'), {
  lineNo: leaf('integer', l('行号', 'Line no.')),
  sku: leaf('string', l('产品编码', 'SKU')),
  name: leaf('string', l('产品名称', 'Product name')),
  category: leaf('enum', l('产品类别', 'Product category'), { 'x-dictionary': 'productCategory' }),
  qty: leaf('integer', l('数量', 'Quantity')),
  listPrice: leaf('money', l('目录价', 'List price')),
  maxDiscountRate: nullable(leaf('rate', l('最高折扣', 'Maximum discount'))),
  spq: nullable(leaf('integer', l('标准包装数量', 'Standard pack quantity'))),
  productFields: customFields('product', l('产品自定义字段', "Product's custom fields")),
});

const flowLine = object(l('订单行', 'Order line'), {
  lineNo: leaf('integer', l('行号', 'Line no.')),
  sku: leaf('string', l('产品编码', 'SKU')),
  name: leaf('string', l('产品名称', 'Product name')),
  category: leaf('enum', l('产品类别', 'Product category'), { 'x-dictionary': 'productCategory' }),
  qty: leaf('integer', l('数量', 'Quantity')),
  listPrice: leaf('money', l('目录价', 'List price')),
  netUnitPrice: leaf('decimal', l('净单价', 'Net unit price')),
  lineAmount: leaf('money', l('行金额', 'Line amount')),
  free: leaf('boolean', l('赠品行', 'Free-goods line')),
});

const ledgerEntry = object(l('返利台账记录', 'Rebate ledger entry'), {
  entryNo: leaf('integer', l('记录号', 'Entry no.')),
  type: leaf('enum', l('类型', 'Type')),
  status: leaf('enum', l('状态', 'Status')),
  amount: leaf('money', l('金额', 'Amount')),
  remaining: leaf('money', l('剩余金额', 'Remaining')),
  expiresOn: nullable(leaf('date', l('到期日', 'Expires on'))),
  postedOn: leaf('date', l('入账日', 'Posted on')),
}, ['entryNo', 'type', 'status', 'amount', 'remaining', 'postedOn']);

export const extensionPoints: readonly ExtensionPoint[] = [
  {
    key: 'orderPricing',
    kind: 'ruleSet',
    label: l('订单定价', 'Order pricing'),
    description: l('给出每行的净价和行金额、价格调整明细、整单调整与赠品；订单金额以它为准。', 'Gives each line its net price, line amount and adjustments, the order-level adjustments and free goods; the order is charged its orderAmount.'),
    calledAt: l('产品目录价格、报价、保存草稿、提交订单、审批后确认价格：同一份事实，同一结果。', 'Catalogue prices, quote, draft, submit and the price confirmation after approval: the same facts give the same amounts.'),
    required: true,
    provides: {
      type: 'object',
      required: ['orderDate', 'tier', 'shipToRegion', 'dealer', 'orderFields', 'lines'],
      properties: {
        orderDate: leaf('date', l('下单日期', 'Order date')),
        tier: tier(l('下单日经销商等级', 'Dealer tier on the order date')),
        shipToRegion: leaf('region', l('收货区域（末级）', 'Ship-to region (leaf)')),
        dealer,
        orderFields: customFields('order', l('订单自定义字段', "Order's custom fields")),
        lines: list(l('订单行（同一产品已合并）', 'Order lines (one per product)'), orderLineFacts),
      },
    },
    requires: {
      type: 'object',
      required: ['orderAmount', 'lines'],
      properties: {
        orderAmount: leaf('money', l('订单金额', 'Order amount')),
        lines: list(l('定价后的订单行（与输入行一一对应）', 'Priced lines (one per input line, same order)'), object(l('定价行', 'Priced line'), {
          sku: leaf('string', l('产品编码', 'SKU')),
          netUnitPrice: leaf('decimal', l('净单价', 'Net unit price')),
          lineAmount: leaf('money', l('行金额', 'Line amount')),
          adjustments: list(l('行价格调整', 'Line adjustments'), adjustment),
        }, ['sku', 'netUnitPrice', 'lineAmount'])),
        orderAdjustments: list(l('整单调整（促销、运费、现金折扣、取整）', 'Order adjustments (promotions, freight, cash discount, rounding)'), adjustment),
        freeGoods: list(l('赠品', 'Free goods'), object(l('赠品行', 'Free-goods line'), {
          sku: leaf('string', l('产品编码', 'SKU')),
          qty: leaf('integer', l('数量', 'Quantity'), { minimum: 1 }),
          code: leaf('string', l('促销代码', 'Promotion code')),
        }, ['sku', 'qty'])),
      },
    },
  },
  {
    key: 'rebateOffset',
    kind: 'ruleSet',
    label: l('返利抵扣', 'Rebate offset'),
    description: l('决定本单可用多少返利抵扣货款，以及应付金额。', 'Decides how much rebate the order may use and what remains payable.'),
    calledAt: l('报价、保存草稿、提交订单与确认价格时，订单申请了返利抵扣。', 'Quote, draft, submit and price confirmation, when the order requests an offset.'),
    required: false,
    whenUnbound: l('不能使用返利抵扣：抵扣为 0，应付金额 = 订单金额。', 'No offsets: the applied offset is 0 and the payable amount is the order amount.'),
    provides: {
      type: 'object',
      required: ['orderDate', 'orderAmount', 'requestedOffset', 'tier', 'dealer', 'entries'],
      properties: {
        orderDate: leaf('date', l('下单日期', 'Order date')),
        orderAmount: leaf('money', l('订单金额', 'Order amount')),
        requestedOffset: leaf('money', l('申请抵扣金额', 'Requested offset')),
        tier: tier(),
        dealer,
        entries: list(l('可用返利台账记录', 'Usable ledger entries'), ledgerEntry),
      },
    },
    requires: {
      type: 'object',
      required: ['appliedOffset', 'payableAmount'],
      properties: {
        appliedOffset: leaf('money', l('本单返利抵扣', 'Applied offset'), { pattern: '^\\d' }),
        payableAmount: leaf('money', l('应付金额', 'Payable amount')),
      },
    },
  },
  {
    key: 'warehouseRouting',
    kind: 'ruleSet',
    label: l('分仓与库存分配', 'Warehouse routing and allocation'),
    description: l('为已批准订单的每行（含赠品行）选择发货仓库与数量；缺货部分列为欠货。', "Picks the warehouse and quantity of each line of an approved order (free-goods lines included); what is missing is backordered."),
    calledAt: l('订单审批通过后的库存分配（在锁定的库存数据上）。', 'Stock allocation after approval, on the locked stock figures.'),
    required: true,
    provides: {
      type: 'object',
      required: ['orderDate', 'shipToRegion', 'dealer', 'lines', 'warehouses', 'lanes', 'stock'],
      properties: {
        orderDate: leaf('date', l('下单日期', 'Order date')),
        shipToRegion: leaf('region', l('收货区域', 'Ship-to region')),
        dealer,
        lines: list(l('待分配的订单行', 'Lines to allocate'), object(l('订单行', 'Order line'), {
          lineNo: leaf('integer', l('行号', 'Line no.')),
          sku: leaf('string', l('产品编码', 'SKU')),
          category: leaf('enum', l('产品类别', 'Product category'), { 'x-dictionary': 'productCategory' }),
          qty: leaf('integer', l('数量', 'Quantity')),
          free: leaf('boolean', l('赠品行', 'Free-goods line')),
        })),
        warehouses: list(l('仓库', 'Warehouses'), object(l('仓库', 'Warehouse'), {
          code: leaf('string', l('仓库编码', 'Warehouse code')),
          status: leaf('enum', l('状态', 'Status')),
          servesRegion: leaf('region', l('服务区域', 'Serves region')),
          locatedIn: leaf('region', l('所在区域', 'Located in')),
        })),
        lanes: list(l('运输线路', 'Lanes'), object(l('线路', 'Lane'), {
          from: leaf('string', l('发货仓', 'From warehouse')),
          toRegion: leaf('region', l('到达区域', 'To region')),
          cost: leaf('money', l('运费', 'Cost')),
          leadDays: leaf('integer', l('时效（天）', 'Lead time (days)')),
        })),
        stock: list(l('库存', 'Stock'), object(l('库存', 'Stock level'), {
          warehouse: leaf('string', l('仓库编码', 'Warehouse code')),
          sku: leaf('string', l('产品编码', 'SKU')),
          onHand: leaf('integer', l('在库', 'On hand')),
          allocated: leaf('integer', l('已占用', 'Allocated')),
          safetyStock: leaf('integer', l('安全库存', 'Safety stock')),
        })),
      },
    },
    requires: {
      type: 'object',
      required: ['allocations'],
      properties: {
        allocations: list(l('分配结果', 'Allocations'), object(l('仓库分配', 'Allocation'), {
          warehouse: leaf('string', l('仓库编码', 'Warehouse code')),
          lines: list(l('分配行', 'Allocated lines'), object(l('分配行', 'Allocated line'), {
            sku: leaf('string', l('产品编码', 'SKU')),
            qty: leaf('integer', l('数量', 'Quantity'), { minimum: 1 }),
          })),
        })),
        shippingCost: leaf('money', l('运费', 'Shipping cost')),
        backorders: list(l('欠货', 'Backorders'), object(l('欠货行', 'Backordered line'), {
          sku: leaf('string', l('产品编码', 'SKU')),
          qty: leaf('integer', l('数量', 'Quantity'), { minimum: 1 }),
        })),
      },
    },
  },
  {
    key: 'rebateStatement',
    kind: 'ruleSet',
    label: l('返利结算单', 'Rebate statement'),
    description: l('按期间的采购数据算出返利明细与合计；合计记入返利台账。', "Computes a period's rebate lines and total from the purchase figures; the total is credited to the ledger."),
    calledAt: l('流程中的「生成返利结算单」动作（每个经销商每期一次）。', "The workflow action that posts a rebate statement (once per dealer and period)."),
    required: false,
    whenUnbound: l('「生成返利结算单」动作报错并指明未绑定。', 'The post-statement action fails, naming the missing binding.'),
    provides: {
      type: 'object',
      required: ['period', 'periodStart', 'periodEnd', 'statementDate', 'tier', 'dealer', 'purchases', 'lastYearPurchases', 'confirmedDiversionCases'],
      properties: {
        period: leaf('string', l('结算期间', 'Period')),
        periodStart: leaf('date', l('期间开始', 'Period start')),
        periodEnd: leaf('date', l('期间结束', 'Period end')),
        statementDate: leaf('date', l('结算日', 'Statement date')),
        tier: tier(l('期末经销商等级', 'Dealer tier at period end')),
        dealer,
        purchases: purchaseFigures(l('本期采购', "The period's purchases")),
        lastYearPurchases: purchaseFigures(l('去年同期采购', 'Purchases in the same period a year earlier')),
        confirmedDiversionCases: leaf('integer', l('本期确认的窜货案件数', 'Diversion cases confirmed in the period')),
      },
    },
    requires: {
      type: 'object',
      required: ['total', 'lines', 'expiresOn'],
      properties: {
        total: leaf('money', l('返利合计', 'Total rebate')),
        expiresOn: leaf('date', l('返利到期日（记入台账的返利在此日后失效）', 'Expires on (the credited rebate lapses after this day)')),
        lines: list(l('返利明细', 'Statement lines'), object(l('明细行', 'Statement line'), {
          code: leaf('string', l('明细代码', 'Line code')),
          amount: leaf('money', l('金额', 'Amount')),
          label: ownLabel,
        }, ['code', 'amount'])),
        hold: leaf('boolean', l('暂缓入账', 'Hold (do not credit)')),
      },
    },
  },
  {
    key: 'orderApproval',
    kind: 'workflow',
    label: l('订单审批流程', 'Order approval flow'),
    description: l('经销商提交订单时发起；流程结束的结果决定订单通过或驳回。流程不再自行定价：金额来自订单定价扩展点。', "Started when a dealer submits an order; its outcome approves or rejects the order. The flow does not price again: the amounts come from the orderPricing point."),
    calledAt: l('提交订单。', 'Order submission.'),
    required: true,
    provides: {
      type: 'object',
      required: ['dealer', 'order', 'pricing', 'rebate', 'rebateEntries'],
      properties: {
        dealer: {
          ...dealer,
          properties: {
            ...(dealer.properties as Record<string, JsonSchema>),
            creditLimit: leaf('money', l('信用额度', 'Credit limit')),
            prepaidBalance: leaf('money', l('预付款余额', 'Prepaid balance')),
            arOutstanding: leaf('money', l('应收未收', 'Receivables outstanding')),
            openOrderAmount: leaf('money', l('在途订单金额', 'Open orders')),
            availableCredit: leaf('money', l('可用信用额度', 'Available credit')),
            maxDaysOverdue: leaf('integer', l('最长逾期天数', 'Most days overdue')),
          },
        },
        order: object(l('订单', 'Order'), {
          id: leaf('string', l('订单 ID', 'Order id')),
          orderNo: leaf('string', l('订单号', 'Order no.')),
          orderDate: leaf('date', l('下单日期', 'Order date')),
          shipToRegion: leaf('region', l('收货区域', 'Ship-to region')),
          shipToAddress: nullable(leaf('string', l('收货地址', 'Ship-to address'))),
          customFields: customFields('order', l('订单自定义字段', "Order's custom fields")),
          orderAmount: leaf('money', l('订单金额', 'Order amount')),
          requestedOffset: leaf('money', l('申请抵扣金额', 'Requested offset')),
          appliedOffset: leaf('money', l('返利抵扣', 'Applied offset')),
          payableAmount: leaf('money', l('应付金额', 'Payable amount')),
          lines: list(l('订单行', 'Order lines'), flowLine),
        }),
        pricing: { type: 'object', 'x-valueType': 'object', 'x-label': l('定价结果（订单定价规则集的输出）', 'Pricing (the orderPricing outputs)'), additionalProperties: true },
        rebate: { type: 'object', 'x-valueType': 'object', 'x-label': l('返利抵扣结果（返利抵扣规则集的输出）', 'Rebate offset (the rebateOffset outputs)'), additionalProperties: true },
        rebateEntries: list(l('可用返利台账记录', 'Usable ledger entries'), ledgerEntry),
      },
    },
  },
  {
    key: 'tierReview',
    kind: 'workflow',
    label: l('经销商等级评定流程', 'Dealer tier review flow'),
    description: l('每年 1 月 1 日（或管理员手动）为每个正常经销商发起；以 setDealerTier 动作写入新等级及生效日。', 'Started on 1 January (or by an admin) for every active dealer; writes the new tier and its effective date with the setDealerTier action.'),
    calledAt: l('年度等级评定。', 'The yearly tier review.'),
    required: false,
    whenUnbound: l('不进行年度等级评定。', 'No yearly review runs.'),
    provides: {
      type: 'object',
      required: ['dealer', 'purchases', 'reviewYear', 'reviewRunDate', 'kpiYear', 'onTimePaymentRatePct'],
      properties: {
        dealer,
        purchases: purchaseFigures(l('考核年度采购', 'Purchases of the KPI year')),
        reviewYear: leaf('integer', l('评定年度', 'Review year')),
        reviewRunDate: leaf('date', l('评定日', 'Review date')),
        kpiYear: leaf('integer', l('考核年度', 'KPI year')),
        onTimePaymentRatePct: nullable(leaf('decimal', l('按时回款率（%）', 'On-time payment rate (%)'))),
      },
    },
  },
  {
    key: 'dealerOnboarding',
    kind: 'workflow',
    label: l('经销商入驻流程', 'Dealer onboarding flow'),
    description: l('门户中的入驻申请发起它；流程以 activateDealer 动作启用经销商。', 'The portal onboarding application starts it; the flow activates the dealer with the activateDealer action.'),
    calledAt: l('门户「入驻申请」。', 'The portal onboarding page.'),
    required: false,
    whenUnbound: l('门户不显示入驻申请。', 'The portal shows no onboarding page.'),
    provides: {
      type: 'object',
      required: ['application'],
      properties: {
        application: { type: 'object', 'x-valueType': 'object', 'x-label': l('入驻申请表数据', 'The application form data'), additionalProperties: true },
        dealerCode: leaf('string', l('经销商编码', 'Dealer code')),
      },
    },
  },
];

export const extensionPointKeys = extensionPoints.map((p) => p.key);

export function extensionPoint(key: ExtensionPointKey): ExtensionPoint {
  const point = extensionPoints.find((p) => p.key === key);
  if (!point) throw new Error(`unknown extension point ${key}`);
  return point;
}
