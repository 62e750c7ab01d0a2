import type Stripe from 'stripe';
import type { CheckoutState } from '../store/database.ts';
import { escapeHtml, money, page } from './layout.ts';

function lineRows(state: CheckoutState): string {
  return state.lineItems
    .map((item) => {
      const interval = item.price?.recurring ? ` / ${item.price.recurring.interval}` : '';
      return `<tr><td>${escapeHtml(item.description)} × ${item.quantity ?? 1}</td><td class="num">${money(item.amount_total, item.currency)}${interval}</td></tr>`;
    })
    .join('');
}

/** The hosted checkout page: line items and a plain form that works without JavaScript. */
export function checkoutPage(
  session: Stripe.Checkout.Session,
  state: CheckoutState,
  values: Record<string, string> = {},
): string {
  if (session.status === 'expired')
    return page('Checkout expired', '<h1>This checkout session has expired</h1>');
  if (session.status === 'complete')
    return page('Checkout complete', '<h1>Payment complete</h1><p>Thank you.</p>');
  const email = session.customer_email ?? session.customer_details?.email ?? '';
  const trial = state.trialPeriodDays
    ? `<p class="notice">${state.trialPeriodDays}-day free trial — nothing is charged today.</p>`
    : '';
  const verb = session.mode === 'setup' ? 'Save card' : session.mode === 'subscription' ? 'Subscribe' : 'Pay';
  const field = (name: string, label: string, extra: string, value = values[name] ?? '') =>
    `<label for="${name}">${label}</label><input id="${name}" name="${name}" value="${escapeHtml(value)}" ${extra}>`;
  return page(
    'Checkout',
    `<h1>${session.mode === 'setup' ? 'Save a payment method' : 'Checkout'}</h1>
${session.mode === 'setup' ? '' : `<table><caption class="muted">Order summary</caption><tbody>${lineRows(state)}</tbody><tfoot><tr><th>Total due today</th><th class="num">${money(state.trialPeriodDays ? 0 : session.amount_total, session.currency)}</th></tr></tfoot></table>`}
${trial}
${state.lastError ? `<p class="error" role="alert">${escapeHtml(state.lastError)}</p>` : ''}
<form method="post" action="/checkout/${escapeHtml(session.id)}">
${field('email', 'Email', 'type="email" autocomplete="email" required', values.email ?? email)}
${field('cardNumber', 'Card number', 'inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required')}
<div class="row"><div>${field('expiry', 'Expiry (MM/YY)', 'autocomplete="cc-exp" placeholder="12/34" required')}</div><div>${field('cvc', 'CVC', 'inputmode="numeric" autocomplete="cc-csc" placeholder="123" required')}</div></div>
${field('name', 'Name on card', 'autocomplete="cc-name"')}
${session.allow_promotion_codes ? field('promotionCode', 'Promotion code', 'autocomplete="off"') : ''}
<button type="submit">${verb}</button>
</form>
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">← Cancel and return</a></p>` : ''}
<p class="test">Test mode. 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0025 0000 3155 asks for 3-D Secure.</p>`,
  );
}
