import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import {
  anything,
  bool,
  emptyable,
  int,
  listSpec,
  metadata,
  object,
  oneOf,
  required,
  string,
  strings,
  validate,
  type Spec,
} from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId } from '../store/ids.ts';
import { findOr404, mergeMetadata, orNull, referenced, snapshot } from './common.ts';
import { searchRoute } from './search.ts';

const recurring = object({
  interval: required(oneOf('day', 'week', 'month', 'year')),
  interval_count: int,
  trial_period_days: int,
  usage_type: oneOf('licensed', 'metered'),
  meter: string,
});

const createSpec: Spec = {
  currency: required(string),
  unit_amount: int,
  unit_amount_decimal: string,
  product: string,
  product_data: object({
    name: required(string),
    active: bool,
    metadata,
    statement_descriptor: string,
    tax_code: string,
    unit_label: string,
    id: string,
  }),
  recurring,
  lookup_key: string,
  transfer_lookup_key: bool,
  nickname: string,
  metadata,
  active: bool,
  tax_behavior: oneOf('exclusive', 'inclusive', 'unspecified'),
  billing_scheme: oneOf('per_unit', 'tiered'),
  custom_unit_amount: anything,
  currency_options: anything,
  tiers: anything,
  tiers_mode: anything,
  transform_quantity: anything,
};

const updateSpec: Spec = {
  active: bool,
  lookup_key: emptyable(string),
  transfer_lookup_key: bool,
  nickname: emptyable(string),
  metadata,
  tax_behavior: oneOf('exclusive', 'inclusive', 'unspecified'),
  currency_options: anything,
};

/** Lookup keys are unique; `transfer_lookup_key` moves a key from the price that holds it. */
function claimLookupKey(
  emulator: Emulator,
  key: string,
  transfer: boolean | undefined,
  self: string | null,
): void {
  const holder = emulator.db.prices.filter((price) => price.lookup_key === key && price.id !== self)[0];
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key. To transfer the lookup key to this price, set \`transfer_lookup_key\` to true.`,
      'lookup_key',
    );
  }
  const before = snapshot(holder);
  holder.lookup_key = null;
  emulator.db.prices.put(holder);
  emulator.emitUpdated('price.updated', before, holder, emulator.clock.now());
}

export function createPrice(emulator: Emulator, params: Stripe.PriceCreateParams): Stripe.Price {
  const now = emulator.clock.now();
  let productId = params.product;
  if (!productId && params.product_data) {
    productId = newId('prod');
    const product: Stripe.Product = {
      id: productId,
      object: 'product',
      active: params.product_data.active ?? true,
      created: now,
      default_price: null,
      description: null,
      images: [],
      livemode: false,
      marketing_features: [],
      metadata: mergeMetadata({}, params.product_data.metadata),
      name: params.product_data.name,
      package_dimensions: null,
      shippable: null,
      statement_descriptor: null,
      tax_code: null,
      type: 'service',
      unit_label: null,
      updated: now,
      url: null,
      tax_details: null,
    };
    emulator.db.products.put(product);
    emulator.emit('product.created', product, now);
  }
  if (!productId) throw invalidRequest('Missing required param: product.', 'product', 'parameter_missing');
  referenced(emulator.db.products, productId, 'product');
  const amount =
    params.unit_amount ??
    (params.unit_amount_decimal !== undefined ? Math.round(Number(params.unit_amount_decimal)) : undefined);
  if (amount === undefined || Number.isNaN(amount)) {
    throw invalidRequest('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing');
  }
  if (amount < 0) throw invalidRequest('Invalid non-negative integer', 'unit_amount');
  if (!/^[a-z]{3}$/.test(params.currency))
    throw invalidRequest(`Invalid currency: ${params.currency}`, 'currency');
  if (params.lookup_key) claimLookupKey(emulator, params.lookup_key, params.transfer_lookup_key, null);
  const interval = params.recurring;
  const price: Stripe.Price = {
    id: newId('price'),
    object: 'price',
    active: params.active ?? true,
    billing_scheme: 'per_unit',
    created: now,
    currency: params.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: params.lookup_key ?? null,
    metadata: mergeMetadata({}, params.metadata),
    nickname: params.nickname ?? null,
    product: productId,
    recurring: interval
      ? {
          interval: interval.interval,
          interval_count: interval.interval_count ?? 1,
          meter: null,
          trial_period_days: interval.trial_period_days ?? null,
          usage_type: interval.usage_type ?? 'licensed',
        }
      : null,
    tax_behavior: params.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: interval ? 'recurring' : 'one_time',
    unit_amount: amount,
    unit_amount_decimal: String(amount) as unknown as Stripe.Price['unit_amount_decimal'],
  };
  emulator.db.prices.put(price);
  emulator.emit('price.created', price, now);
  return price;
}

function updatePrice(
  emulator: Emulator,
  price: Stripe.Price,
  params: Stripe.PriceUpdateParams,
): Stripe.Price {
  const before = snapshot(price);
  if (params.lookup_key !== undefined) {
    if (params.lookup_key) claimLookupKey(emulator, params.lookup_key, params.transfer_lookup_key, price.id);
    price.lookup_key = orNull(params.lookup_key);
  }
  if (params.active !== undefined) price.active = params.active;
  if (params.nickname !== undefined) price.nickname = orNull(params.nickname);
  if (params.tax_behavior !== undefined) price.tax_behavior = params.tax_behavior;
  price.metadata = mergeMetadata(price.metadata, params.metadata);
  emulator.db.prices.put(price);
  emulator.emitUpdated('price.updated', before, price, emulator.clock.now());
  return price;
}

interface PriceListQuery extends ListParams {
  active?: boolean;
  product?: string;
  type?: string;
  currency?: string;
  lookup_keys?: string[];
  recurring?: { interval?: string; usage_type?: string };
}

export function priceRoutes(router: Router, emulator: Emulator): void {
  const prices = emulator.db.prices;
  router.post('/v1/prices', ({ params }) => createPrice(emulator, validate(params, createSpec)));
  searchRoute(router, 'prices', prices, ['active', 'currency', 'lookup_key', 'product', 'type']);
  router.get('/v1/prices/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(prices, pathParams[0]!);
  });
  router.post('/v1/prices/:id', ({ pathParams, params }) =>
    updatePrice(emulator, findOr404(prices, pathParams[0]!), validate(params, updateSpec)),
  );
  router.get('/v1/prices', ({ params }) => {
    const query = validate<PriceListQuery>(params, {
      ...listSpec,
      active: bool,
      product: string,
      type: oneOf('one_time', 'recurring'),
      currency: string,
      lookup_keys: strings,
      recurring: object({ interval: string, usage_type: string, meter: string }),
    });
    const rows = prices.filter(
      (row) =>
        (query.active === undefined || row.active === query.active) &&
        (query.product === undefined || row.product === query.product) &&
        (query.type === undefined || row.type === query.type) &&
        (query.currency === undefined || row.currency === query.currency) &&
        (query.lookup_keys === undefined ||
          (row.lookup_key !== null && query.lookup_keys.includes(row.lookup_key))) &&
        (query.recurring?.interval === undefined || row.recurring?.interval === query.recurring.interval),
    );
    return paginate(newestFirst(rows), query, '/v1/prices', 'price');
  });
}
