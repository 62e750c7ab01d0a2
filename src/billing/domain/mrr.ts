/** Monthly recurring revenue of one subscription, in minor units: yearly prices are spread over 12 months. */
export function monthlyAmount(amount: number, interval: string | null): number {
  if (interval === 'year') return Math.round(amount / 12);
  if (interval === 'month') return amount;
  return 0;
}
