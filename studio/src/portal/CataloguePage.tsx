import { CheckOutlined, PlusOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useRequest } from '../api/use-request';
import { useLocale, useT } from '../app/i18n';
import { tierLabel, useVocabulary, type Vocabulary } from '../app/use-vocabulary';
import { ApiErrorAlert } from './ApiErrorAlert';
import { portalApi, type Product } from './portal-api';
import { detailText, signedYuan, unitYuan, yuan, type Adjustment } from './portal-format';

const ALL = '__all';

/** "等级折扣 12%" or "整箱优惠 −¥1.20": what brings one piece from list price to the dealer's price. */
function adjustmentShort(a: Adjustment, lang: 'zh' | 'en'): string {
  return a.kind === 'percentage' && a.rate !== null ? `${a.label[lang]} ${detailText({ type: 'rate', value: a.rate }, lang)}` : `${a.label[lang]} ${signedYuan(a.amount)}`;
}

function ProductCard({ product, picked, onPick, vocabulary }: { product: Product; picked: boolean; onPick(): void; vocabulary: Vocabulary }) {
  const t = useT();
  const { locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const name = locale === 'en' && product.nameEn ? product.nameEn : product.name;
  const net = product.netUnitPrice ?? null;
  const adjustments = (product.adjustments ?? []) as Adjustment[];
  const category = product.categoryLabel ? product.categoryLabel[lang] : product.category;
  return (
    <Card className="cf-portal-card" size="small" data-testid="product-card" data-sku={product.sku}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong>{name}</Typography.Text>
          <div style={{ fontSize: 12, color: '#6b7280', marginTop: 2 }}>
            <Tag style={{ marginInlineEnd: 6 }} data-testid="product-category" data-category={product.category}>{category}</Tag>
            {product.sku}{product.spq ? ` · SPQ ${product.spq.toLocaleString()}` : ''}
            {product.status !== 'ACTIVE' ? <Tag color={product.status === 'EOL' ? 'red' : 'orange'} style={{ marginInlineStart: 6 }}>{product.status}</Tag> : null}
            {!product.rebateEligible ? <Tag style={{ marginInlineStart: 6 }}>{t('不计返利', 'No rebate')}</Tag> : null}
          </div>
        </div>
        <Button
          type={picked ? 'primary' : 'default'}
          shape="circle"
          icon={picked ? <CheckOutlined /> : <PlusOutlined />}
          aria-label={picked ? t('已加入订单', 'In the order') : t('加入订单', 'Add to order')}
          disabled={product.status === 'EOL'}
          onClick={onPick}
          data-testid={`pick-${product.sku}`}
        />
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginTop: 8 }}>
        <span style={{ fontSize: 12, color: '#6b7280' }}>
          {t('目录价', 'List')} <span className="cf-portal-amount" style={net !== null && net !== product.listPrice ? { textDecoration: 'line-through' } : undefined}>{yuan(product.listPrice)}</span>
        </span>
        {net !== null ? (
          <span data-testid="my-price">
            {product.priceTier ? <Tag color="blue" data-testid="price-tier" data-tier={product.priceTier}>{tierLabel(vocabulary, product.priceTier, lang)}</Tag> : null}
            <Typography.Text strong className="cf-portal-amount" style={{ color: '#1a5fd0', fontSize: 16 }} data-testid="net-price">{unitYuan(net)}</Typography.Text>
            <span style={{ fontSize: 12, color: '#6b7280' }}>/{product.unit}</span>
          </span>
        ) : null}
      </div>
      {adjustments.length ? (
        <div style={{ fontSize: 12, color: '#6b7280', marginTop: 4, textAlign: 'right' }} data-testid="price-adjustments">
          {adjustments.map((a, i) => <Tag key={`${a.code}-${i}`} style={{ marginInlineEnd: 0, marginInlineStart: 4 }} data-code={a.code}>{adjustmentShort(a, lang)}</Tag>)}
        </div>
      ) : null}
    </Card>
  );
}

/** 商品目录: every product at my one-piece price from the tenant's pricing rules; what depends on quantity is priced on the order. */
export default function CataloguePage() {
  const t = useT();
  const { locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const { vocabulary } = useVocabulary();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string>(ALL);
  const [categories, setCategories] = useState<{ code: string; label: string }[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const products = useRequest(() => portalApi.products({ q: q || undefined, category: category === ALL ? undefined : category }), [q, category]);

  useEffect(() => {
    const seen = products.data?.map((p) => ({ code: p.category, label: p.categoryLabel ? p.categoryLabel[lang] : p.category })) ?? [];
    setCategories((prev) => {
      const fresh = seen.filter((c, i) => !prev.some((x) => x.code === c.code) && seen.findIndex((y) => y.code === c.code) === i);
      return fresh.length ? [...prev, ...fresh].sort((a, b) => a.code.localeCompare(b.code)) : prev;
    });
  }, [products.data, lang]);

  const tierCode = products.data?.find((p) => p.priceTier)?.priceTier ?? null;
  const tier = tierCode ? tierLabel(vocabulary, tierCode, lang) : null;
  const toggle = (sku: string) => setPicked((prev) => (prev.includes(sku) ? prev.filter((s) => s !== sku) : [...prev, sku]));

  return (
    <div data-testid="catalogue">
      <Typography.Title level={4} style={{ margin: '4px 0 8px' }}>{t('商品目录', 'Catalogue')}</Typography.Title>
      {tier ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }} data-testid="catalogue-tier">
          {t(`按贵司等级「${tier}」显示单件净价；与数量、整单有关的优惠与费用在下单时计算。`, `Net one-piece prices at your tier “${tier}”; what depends on quantity or the whole order is priced on the order.`)}
        </Typography.Paragraph>
      ) : null}
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 8 }} size={8}>
        <Input.Search allowClear placeholder={t('搜索 SKU 或名称', 'Search SKU or name')} onSearch={(v) => setQ(v.trim())} data-testid="catalogue-search" />
        <Segmented
          block
          value={category}
          onChange={(v) => setCategory(String(v))}
          options={[{ label: t('全部', 'All'), value: ALL }, ...categories.map((c) => ({ label: c.label, value: c.code }))]}
          data-testid="catalogue-category"
        />
      </Space>
      <ApiErrorAlert error={products.error} />
      {products.loading && !products.data ? <Spin style={{ display: 'block', margin: 32 }} /> : null}
      {products.data && products.data.length === 0 ? <Empty description={t('没有符合条件的商品', 'No product matches')} /> : null}
      <div style={{ opacity: products.loading ? 0.6 : 1 }}>
        {products.data?.map((p) => <ProductCard key={p.id} product={p} picked={picked.includes(p.sku)} onPick={() => toggle(p.sku)} vocabulary={vocabulary} />)}
      </div>
      {picked.length ? (
        <div className="cf-portal-bar">
          <Button type="primary" block size="large" icon={<ShoppingCartOutlined />} data-testid="btn-order-picked"
            onClick={() => navigate(`/portal/order?${new URLSearchParams(picked.map((s) => ['sku', s])).toString()}`)}>
            {t(`用所选 ${picked.length} 个商品下单`, `Order the ${picked.length} picked`)}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
