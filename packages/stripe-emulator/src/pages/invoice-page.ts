import type Stripe from 'stripe';
import { day, escapeHtml, money, page } from './layout.ts';

export function invoicePage(invoice: Stripe.Invoice): string {
  const rows = invoice.lines.data
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.description)}<br><span class="muted">${day(line.period.start)} – ${day(line.period.end)}</span></td><td class="num">${money(line.amount, invoice.currency)}</td></tr>`,
    )
    .join('');
  return page(
    `Invoice ${invoice.number ?? invoice.id}`,
    `<h1>Invoice ${escapeHtml(invoice.number ?? invoice.id)}</h1>
<p>Status: <strong>${escapeHtml(invoice.status)}</strong> · Issued ${day(invoice.created)}${invoice.customer_email ? ` · Billed to ${escapeHtml(invoice.customer_email)}` : ''}</p>
<table><thead><tr><th>Description</th><th class="num">Amount</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><td>Subtotal</td><td class="num">${money(invoice.subtotal, invoice.currency)}</td></tr>
<tr><td>Total</td><td class="num">${money(invoice.total, invoice.currency)}</td></tr>
<tr><th>Amount due</th><th class="num">${money(invoice.amount_due, invoice.currency)}</th></tr>
<tr><td>Amount paid</td><td class="num">${money(invoice.amount_paid, invoice.currency)}</td></tr></tfoot></table>
<p><a href="/invoice/${escapeHtml(invoice.id)}/pdf">Download PDF</a></p>`,
  );
}
