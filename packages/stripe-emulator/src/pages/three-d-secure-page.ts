import type Stripe from 'stripe';
import { escapeHtml, money, page } from './layout.ts';

export function threeDSecurePage(intent: Stripe.PaymentIntent, sessionId: string | null): string {
  const target = `/3ds/${escapeHtml(intent.id)}${sessionId ? `?session=${escapeHtml(sessionId)}` : ''}`;
  return page(
    '3-D Secure authentication',
    `<h1>Authenticate your payment</h1>
<p>Your bank asks you to confirm a payment of <strong>${money(intent.amount, intent.currency)}</strong>.</p>
<form method="post" action="${target}"><input type="hidden" name="result" value="complete"><button type="submit">Complete authentication</button></form>
<form method="post" action="${target}"><input type="hidden" name="result" value="fail"><button type="submit" class="secondary">Fail authentication</button></form>`,
  );
}
