import { createHmac } from 'node:crypto';

/** Stripe signs `${t}.${body}` with HMAC-SHA256 keyed by the endpoint secret, t being the delivery time. */
export function signatureHeader(payload: string, secret: string, deliveredAt: number): string {
  const signature = createHmac('sha256', secret).update(`${deliveredAt}.${payload}`).digest('hex');
  return `t=${deliveredAt},v1=${signature}`;
}
