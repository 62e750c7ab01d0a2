import { clone } from '../store/clone.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from '../server/errors.ts';
import { referenced } from './common.ts';

export interface ResolvedDiscount {
  coupon: Stripe.Coupon;
  promotionCode: string | null;
}

/** A coupon or promotion code given as `discounts[0][coupon|promotion_code]` (or the older fields). */
export function resolveDiscount(
  emulator: Emulator,
  input: { coupon?: string; promotion_code?: string } | undefined,
  param: string,
  now: number,
): ResolvedDiscount | null {
  if (!input) return null;
  if (input.promotion_code) {
    const code = referenced(emulator.db.promotionCodes, input.promotion_code, `${param}[promotion_code]`);
    if (!code.active || (code.expires_at !== null && code.expires_at <= now)) {
      throw invalidRequest(
        `This promotion code cannot be redeemed because it is inactive or expired.`,
        `${param}[promotion_code]`,
      );
    }
    if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions) {
      throw invalidRequest(`This promotion code has been used up.`, `${param}[promotion_code]`);
    }
    const couponId = code.promotion.coupon;
    const coupon = emulator.db.coupons.get(typeof couponId === 'string' ? couponId : (couponId?.id ?? ''));
    if (!coupon)
      throw invalidRequest(
        'The coupon behind this promotion code no longer exists.',
        `${param}[promotion_code]`,
      );
    return { coupon, promotionCode: code.id };
  }
  if (input.coupon) {
    const coupon = referenced(emulator.db.coupons, input.coupon, `${param}[coupon]`, 'coupon');
    if (!coupon.valid) throw invalidRequest(`Coupon expired: ${coupon.id}`, `${param}[coupon]`);
    return { coupon, promotionCode: null };
  }
  return null;
}

/** Count a redemption on the coupon and promotion code, as Stripe does when a discount is applied. */
export function redeem(emulator: Emulator, discount: ResolvedDiscount, now: number): void {
  const { coupon } = discount;
  coupon.times_redeemed += 1;
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)
    coupon.valid = false;
  emulator.db.coupons.put(coupon);
  if (discount.promotionCode) {
    const code = emulator.db.promotionCodes.get(discount.promotionCode);
    if (code) {
      const before = clone(code);
      code.times_redeemed += 1;
      emulator.db.promotionCodes.put(code);
      emulator.emitUpdated('promotion_code.updated', before, code, now);
    }
  }
}
