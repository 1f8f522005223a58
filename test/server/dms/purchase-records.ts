import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Writes a dealer's purchase records straight into a private tenant's tables (the order loop is
 * tested elsewhere): a platform order with priced lines in a given status, an imported invoice or
 * credit note (a receivable with a negative amount).
 */
export function purchaseRecords(orm: MikroORM, tenantId: string) {
  const conn = () => orm.em.fork().getConnection();
  const dealerId = async (code: string) => (await conn().execute<{ id: string }[]>('select id from dealer where tenant_id = ? and code = ?', [tenantId, code]))[0].id;
  return {
    dealerId,
    /** An order dated `date` and (unless DRAFT/SUBMITTED) decided that day at noon, Asia/Shanghai; lines priced at `amount` each. */
    async order(dealer: string, date: string, status: string, lines: { sku: string; amount: string }[]): Promise<string> {
      const id = randomUUID();
      const total = lines.reduce((a, l) => a + Math.round(Number(l.amount) * 100), 0) / 100;
      await conn().execute(
        `insert into dealer_order (id, tenant_id, order_no, dealer_id, status, order_date, tier_at_order, ship_to_region, order_amount, payable_amount,
           rule_versions, pricing_trace, explanation, decided_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, 'GOLD', 'EAST-SH', ?, ?, '[]', '[]', '{"zh":[],"en":[]}', ?, now(), now())`,
        [id, tenantId, `T-${id.slice(0, 8)}`, await dealerId(dealer), status, date, total.toFixed(2), total.toFixed(2),
          ['DRAFT', 'SUBMITTED'].includes(status) ? null : `${date}T12:00:00+08:00`],
      );
      let lineNo = 0;
      for (const l of lines) {
        lineNo += 1;
        await conn().execute(
          `insert into order_line (id, tenant_id, order_id, line_no, product_id, sku, category, qty, list_price, net_unit_price, line_amount)
           select ?, ?, ?, ?, p.id, p.sku, c.code, 1, ?, ?, ? from product p join product_category c on c.id = p.category_id where p.tenant_id = ? and p.sku = ?`,
          [randomUUID(), tenantId, id, lineNo, l.amount, l.amount, l.amount, tenantId, l.sku],
        );
      }
      return id;
    },
    /** An imported invoice (or, with a negative amount, a credit note), optionally for a platform order. */
    async invoice(dealer: string, invoiceDate: string, amount: string, opts: { orderId?: string; dueDate?: string; paid?: boolean } = {}): Promise<void> {
      await conn().execute(
        `insert into receivable (id, tenant_id, dealer_id, order_id, invoice_no, invoice_date, due_date, amount, paid_amount, status, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())`,
        [randomUUID(), tenantId, await dealerId(dealer), opts.orderId ?? null, `T-INV-${randomUUID().slice(0, 8)}`, invoiceDate, opts.dueDate ?? invoiceDate,
          amount, opts.paid ? amount : '0.00', opts.paid ? 'PAID' : 'OPEN'],
      );
    },
  };
}
