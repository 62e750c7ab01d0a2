import { discountById } from '../billing/discounts.ts';
import type { Emulator } from '../emulator.ts';
import type { ExpandSource } from './expand.ts';

/** Finds an object by its id prefix, for `expand[]`. */
export function expandSourceFor(emulator: Emulator): ExpandSource {
  const db = emulator.db;
  const tables: [string, { get(id: string): object | undefined }][] = [
    ['cus_', db.customers],
    ['prod_', db.products],
    ['price_', db.prices],
    ['promo_', db.promotionCodes],
    ['cs_', db.checkoutSessions],
    ['pm_', db.paymentMethods],
    ['seti_', db.setupIntents],
    ['pi_', db.paymentIntents],
    ['ch_', db.charges],
    ['re_', db.refunds],
    ['sub_', db.subscriptions],
    ['in_', db.invoices],
    ['ii_', db.invoiceItems],
    ['clock_', db.testClocks],
    ['evt_', db.events],
  ];
  return {
    byId(id) {
      for (const [prefix, table] of tables) if (id.startsWith(prefix)) return table.get(id);
      if (id.startsWith('di_')) return discountById(emulator, id);
      return db.coupons.get(id);
    },
    include(owner, field) {
      if (owner.object === 'invoice' && field === 'payments') {
        const found = db.invoicePayments.get(`inpay_${String(owner.id).slice(3)}`);
        const payments = found ? [found] : [];
        return {
          object: 'list',
          data: payments,
          has_more: false,
          url: `/v1/invoice_payments?invoice=${String(owner.id)}`,
        };
      }
      if (owner.object === 'invoice' && field === 'confirmation_secret') {
        const payment = db.invoicePayments.get(`inpay_${String(owner.id).slice(3)}`);
        const intent = payment?.payment.payment_intent;
        const secret = typeof intent === 'string' ? db.paymentIntents.get(intent)?.client_secret : undefined;
        return secret ? { client_secret: secret, type: 'payment_intent' } : null;
      }
      if (owner.object === 'checkout.session' && field === 'line_items') {
        const items = db.checkoutState.get(String(owner.id))?.lineItems ?? [];
        return {
          object: 'list',
          data: items,
          has_more: false,
          url: `/v1/checkout/sessions/${String(owner.id)}/line_items`,
        };
      }
      return undefined;
    },
  };
}
