import { clone } from '../store/clone.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import {
  anything,
  bool,
  int,
  listSpec,
  metadata,
  object,
  oneOf,
  required,
  string,
  timestamp,
  validate,
} from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId, randomToken } from '../store/ids.ts';
import { deletedObject, findOr404, mergeMetadata, referenced } from './common.ts';

interface CouponParams {
  id?: string;
  percent_off?: number;
  amount_off?: number;
  currency?: string;
  duration?: Stripe.Coupon.Duration;
  duration_in_months?: number;
  max_redemptions?: number;
  redeem_by?: number;
  name?: string;
  metadata?: Record<string, string>;
}

function percent(value: unknown, param: string): number {
  const number = Number(value);
  if (typeof value !== 'string' || Number.isNaN(number) || number <= 0 || number > 100)
    throw invalidRequest('Invalid percent_off: must be between 0 and 100', param);
  return number;
}

function createCoupon(emulator: Emulator, params: CouponParams): Stripe.Coupon {
  if ((params.percent_off === undefined) === (params.amount_off === undefined)) {
    throw invalidRequest('You must pass exactly one of percent_off or amount_off.', 'percent_off');
  }
  if (params.amount_off !== undefined && !params.currency)
    throw invalidRequest('You must pass currency when passing amount_off.', 'currency');
  const duration = params.duration ?? 'once';
  if (duration === 'repeating' && !params.duration_in_months)
    throw invalidRequest(
      'Missing required param: duration_in_months.',
      'duration_in_months',
      'parameter_missing',
    );
  const id = params.id ?? randomToken(8);
  if (emulator.db.coupons.get(id))
    throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
  const now = emulator.clock.now();
  const coupon: Stripe.Coupon = {
    id,
    object: 'coupon',
    amount_off: params.amount_off ?? null,
    created: now,
    currency: params.currency ?? null,
    duration,
    duration_in_months: duration === 'repeating' ? (params.duration_in_months ?? null) : null,
    livemode: false,
    max_redemptions: params.max_redemptions ?? null,
    metadata: mergeMetadata({}, params.metadata),
    name: params.name ?? null,
    percent_off: params.percent_off ?? null,
    redeem_by: params.redeem_by ?? null,
    times_redeemed: 0,
    valid: true,
  };
  emulator.db.coupons.put(coupon);
  emulator.emit('coupon.created', coupon, now);
  return coupon;
}

interface PromotionParams {
  promotion?: { type: 'coupon'; coupon?: string };
  coupon?: string;
  code?: string;
  active?: boolean;
  customer?: string;
  expires_at?: number;
  max_redemptions?: number;
  metadata?: Record<string, string>;
}

function createPromotionCode(emulator: Emulator, params: PromotionParams): Stripe.PromotionCode {
  const couponId = params.promotion?.coupon ?? params.coupon;
  if (!couponId)
    throw invalidRequest(
      'Missing required param: promotion[coupon].',
      'promotion[coupon]',
      'parameter_missing',
    );
  referenced(emulator.db.coupons, couponId, 'promotion[coupon]', 'coupon');
  const code = params.code ?? randomToken(8).toUpperCase();
  if (
    emulator.db.promotionCodes.filter((row) => row.active && row.code.toLowerCase() === code.toLowerCase())
      .length > 0
  ) {
    throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, 'code');
  }
  const now = emulator.clock.now();
  const promotion: Stripe.PromotionCode = {
    id: newId('promo'),
    object: 'promotion_code',
    active: params.active ?? true,
    code,
    created: now,
    customer: params.customer ?? null,
    customer_account: null,
    expires_at: params.expires_at ?? null,
    livemode: false,
    max_redemptions: params.max_redemptions ?? null,
    metadata: mergeMetadata({}, params.metadata),
    promotion: { coupon: couponId, type: 'coupon' },
    restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    times_redeemed: 0,
  };
  emulator.db.promotionCodes.put(promotion);
  emulator.emit('promotion_code.created', promotion, now);
  return promotion;
}

export function couponRoutes(router: Router, emulator: Emulator): void {
  const coupons = emulator.db.coupons;
  const codes = emulator.db.promotionCodes;
  router.post('/v1/coupons', ({ params }) =>
    createCoupon(
      emulator,
      validate(params, {
        id: string,
        percent_off: percent,
        amount_off: int,
        currency: string,
        duration: oneOf('forever', 'once', 'repeating'),
        duration_in_months: int,
        max_redemptions: int,
        redeem_by: timestamp,
        name: string,
        metadata,
        applies_to: anything,
        currency_options: anything,
      }),
    ),
  );
  router.get('/v1/coupons/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(coupons, pathParams[0]!, 'coupon');
  });
  router.post('/v1/coupons/:id', ({ pathParams, params }) => {
    const input = validate<{ name?: string; metadata?: Record<string, string> }>(params, {
      name: string,
      metadata,
      currency_options: anything,
    });
    const coupon = findOr404(coupons, pathParams[0]!, 'coupon');
    if (input.name !== undefined) coupon.name = input.name;
    coupon.metadata = mergeMetadata(coupon.metadata, input.metadata);
    coupons.put(coupon);
    emulator.emit('coupon.updated', coupon, emulator.clock.now());
    return coupon;
  });
  router.delete('/v1/coupons/:id', ({ pathParams, params }) => {
    validate(params, {});
    const coupon = findOr404(coupons, pathParams[0]!, 'coupon');
    coupons.delete(coupon.id);
    emulator.emit('coupon.deleted', coupon, emulator.clock.now());
    return deletedObject(coupon.id, 'coupon');
  });
  router.get('/v1/coupons', ({ params }) => {
    const query = validate<ListParams>(params, listSpec);
    return paginate(newestFirst([...coupons.values()]), query, '/v1/coupons', 'coupon');
  });
  router.post('/v1/promotion_codes', ({ params }) =>
    createPromotionCode(
      emulator,
      validate(params, {
        promotion: object({ type: required(oneOf('coupon')), coupon: string }),
        coupon: string,
        code: string,
        active: bool,
        customer: string,
        expires_at: timestamp,
        max_redemptions: int,
        metadata,
        restrictions: anything,
      }),
    ),
  );
  router.get('/v1/promotion_codes/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(codes, pathParams[0]!);
  });
  router.post('/v1/promotion_codes/:id', ({ pathParams, params }) => {
    const input = validate<{ active?: boolean; metadata?: Record<string, string> }>(params, {
      active: bool,
      metadata,
      restrictions: anything,
    });
    const code = findOr404(codes, pathParams[0]!);
    const before = clone(code);
    if (input.active !== undefined) code.active = input.active;
    code.metadata = mergeMetadata(code.metadata, input.metadata);
    codes.put(code);
    emulator.emitUpdated('promotion_code.updated', before, code, emulator.clock.now());
    return code;
  });
  router.get('/v1/promotion_codes', ({ params }) => {
    const query = validate<
      ListParams & { code?: string; active?: boolean; coupon?: string; customer?: string }
    >(params, { ...listSpec, code: string, active: bool, coupon: string, customer: string });
    const rows = codes.filter(
      (row) =>
        (query.code === undefined || row.code === query.code) &&
        (query.active === undefined || row.active === query.active) &&
        (query.coupon === undefined || row.promotion.coupon === query.coupon) &&
        (query.customer === undefined || row.customer === query.customer),
    );
    return paginate(newestFirst(rows), query, '/v1/promotion_codes', 'promotion_code');
  });
}
