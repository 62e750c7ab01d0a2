import type { Emulator } from '../emulator.ts';
import type { ItemUpdate } from '../billing/subscription-change.ts';
import { requireRecurring } from '../billing/subscription-items.ts';
import { referenced } from './common.ts';
import { attachPaymentMethod } from './payment-methods.ts';
import { type ItemParam } from './subscription-params.ts';

export function resolveItems(emulator: Emulator, items: ItemParam[]): ItemUpdate[] {
  return items.map((item, index) => ({
    id: item.id,
    price: item.price
      ? requireRecurring(
          referenced(emulator.db.prices, item.price, `items[${index}][price]`),
          `items[${index}][price]`,
        )
      : undefined,
    quantity: item.quantity,
    deleted: item.deleted,
    metadata: item.metadata,
  }));
}

export function paymentMethodParam(
  emulator: Emulator,
  customerId: string,
  id: string | undefined,
): string | null {
  if (!id) return null;
  return attachPaymentMethod(emulator, id, customerId, 'default_payment_method').id;
}
