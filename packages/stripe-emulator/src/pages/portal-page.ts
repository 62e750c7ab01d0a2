import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { periodOf } from '../billing/subscription-items.ts';
import { day, escapeHtml, money, page } from './layout.ts';

function subscriptionBlock(
  emulator: Emulator,
  session: Stripe.BillingPortal.Session,
  subscription: Stripe.Subscription,
  prices: Stripe.Price[],
): string {
  const item = subscription.items.data[0]!;
  const product = emulator.db.products.get(item.price.product as string)?.name ?? item.price.product;
  const action = `/portal/${escapeHtml(session.id)}`;
  const hidden = `<input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}">`;
  const options = prices
    .filter((price) => price.id !== item.price.id)
    .map(
      (price) =>
        `<option value="${escapeHtml(price.id)}">${escapeHtml(emulator.db.products.get(price.product as string)?.name ?? price.product)} — ${money(price.unit_amount, price.currency)} / ${escapeHtml(price.recurring?.interval)}</option>`,
    )
    .join('');
  const cancelOrResume = subscription.cancel_at_period_end
    ? `<p class="notice">Cancels on ${day(periodOf(subscription).end)}.</p><form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="resume"><button type="submit">Resume subscription</button></form>`
    : `<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="cancel"><button type="submit" class="secondary">Cancel at period end</button></form>`;
  return `<h2>${escapeHtml(product)}</h2>
<p>${money(item.price.unit_amount, item.price.currency)} / ${escapeHtml(item.price.recurring?.interval)} · Status <strong>${escapeHtml(subscription.status)}</strong> · Current period ends ${day(periodOf(subscription).end)}</p>
${options ? `<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="switch"><label for="price-${escapeHtml(subscription.id)}">Switch plan</label><select id="price-${escapeHtml(subscription.id)}" name="price">${options}</select><button type="submit">Switch plan</button></form>` : ''}
${cancelOrResume}`;
}

/** The customer portal: plans, switching, cancel/resume, card update and invoices. */
export function portalPage(
  emulator: Emulator,
  session: Stripe.BillingPortal.Session,
  notice: string | null,
): string {
  const customerId = session.customer as string;
  const subscriptions = emulator.db.subscriptions.filter(
    (row) => row.customer === customerId && row.ended_at === null,
  );
  const prices = emulator.db.prices.filter((price) => price.active && price.type === 'recurring');
  const invoices = emulator.db.invoices
    .filter((row) => row.customer === customerId && row.status !== 'draft')
    .sort((a, b) => b.created - a.created);
  const customer = emulator.db.customers.get(customerId);
  const defaultMethod =
    customer?.invoice_settings.default_payment_method ??
    subscriptions.find((row) => row.default_payment_method)?.default_payment_method;
  const card =
    typeof defaultMethod === 'string' ? emulator.db.paymentMethods.get(defaultMethod)?.card : undefined;
  const action = `/portal/${escapeHtml(session.id)}`;
  return page(
    'Billing portal',
    `<h1>Billing</h1>
${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ''}
${subscriptions.length ? subscriptions.map((row) => subscriptionBlock(emulator, session, row, prices)).join('') : '<p>No active subscription.</p>'}
<h2>Payment method</h2>
<p>${card ? `${escapeHtml(card.brand)} ending in ${escapeHtml(card.last4)}` : 'No default card.'}</p>
<form method="post" action="${action}"><input type="hidden" name="action" value="card">
<label for="cardNumber">Card number</label><input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" required>
<div class="row"><div><label for="expiry">Expiry (MM/YY)</label><input id="expiry" name="expiry" required></div><div><label for="cvc">CVC</label><input id="cvc" name="cvc" required></div></div>
<button type="submit">Update card</button></form>
<h2>Invoices</h2>
<table><tbody>${invoices.map((row) => `<tr><td><a href="/invoice/${escapeHtml(row.id)}">${escapeHtml(row.number ?? row.id)}</a> · ${day(row.created)}</td><td>${escapeHtml(row.status)}</td><td class="num">${money(row.total, row.currency)}</td></tr>`).join('') || '<tr><td>No invoices yet.</td></tr>'}</tbody></table>
${session.return_url ? `<p><a href="${escapeHtml(session.return_url)}">← Return</a></p>` : ''}`,
  );
}
