import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import {
  emptyable,
  int,
  listSpec,
  metadata,
  object,
  oneOf,
  anything,
  string,
  strings,
  validate,
  type Spec,
} from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId } from '../store/ids.ts';
import { fieldsOf } from '../store/fields.ts';
import { deletedObject, findOr404, mergeMetadata, orNull, referenced } from './common.ts';
import { attachPaymentMethod } from './payment-methods.ts';
import { searchRoute } from './search.ts';

const address = object({
  city: string,
  country: string,
  line1: string,
  line2: string,
  postal_code: string,
  state: string,
});

const writable: Spec = {
  email: emptyable(string),
  name: emptyable(string),
  description: emptyable(string),
  phone: emptyable(string),
  metadata,
  address: emptyable(address),
  shipping: anything,
  preferred_locales: strings,
  tax_exempt: oneOf('none', 'exempt', 'reverse'),
  balance: int,
  invoice_settings: object({
    default_payment_method: emptyable(string),
    custom_fields: anything,
    footer: anything,
    rendering_options: anything,
  }),
  invoice_prefix: string,
};

const createSpec: Spec = {
  ...writable,
  payment_method: string,
  test_clock: string,
  source: string,
  tax: anything,
  tax_id_data: anything,
  cash_balance: anything,
  next_invoice_sequence: int,
};

export function buildCustomer(emulator: Emulator, params: Stripe.CustomerCreateParams): Stripe.Customer {
  const clock = params.test_clock ?? null;
  if (clock) {
    referenced(emulator.db.testClocks, clock, 'test_clock');
    const onClock = emulator.customersOnClock(clock).length;
    if (onClock >= 3) {
      throw invalidRequest(
        `The test clock ${clock} already has the maximum number of customers (3) attached.`,
        'test_clock',
      );
    }
  }
  return {
    id: newId('cus'),
    object: 'customer',
    address: orNull(params.address) as Stripe.Address | null,
    balance: params.balance ?? 0,
    created: emulator.nowForClock(clock),
    currency: null,
    default_source: null,
    delinquent: false,
    description: orNull(params.description),
    discount: null,
    email: orNull(params.email),
    invoice_prefix: (params.invoice_prefix ?? newId('x').slice(2, 10)).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: mergeMetadata({}, params.metadata),
    name: orNull(params.name),
    next_invoice_sequence: 1,
    phone: orNull(params.phone),
    preferred_locales: params.preferred_locales ?? [],
    shipping: null,
    tax_exempt: params.tax_exempt ?? 'none',
    test_clock: clock,
  };
}

export function createCustomer(emulator: Emulator, params: Stripe.CustomerCreateParams): Stripe.Customer {
  const customer = emulator.db.customers.put(buildCustomer(emulator, params));
  const now = customer.created;
  emulator.emit('customer.created', customer, now);
  const paymentMethod = params.payment_method;
  const attached = paymentMethod
    ? attachPaymentMethod(emulator, paymentMethod, customer.id, 'payment_method').id
    : null;
  const defaultMethod = params.invoice_settings?.default_payment_method;
  // A test id such as pm_card_visa given twice means the method just attached.
  if (defaultMethod)
    setDefaultPaymentMethod(
      emulator,
      customer,
      defaultMethod === paymentMethod && attached ? attached : defaultMethod,
    );
  return customer;
}

export function setDefaultPaymentMethod(
  emulator: Emulator,
  customer: Stripe.Customer,
  paymentMethodId: string | null,
): void {
  if (paymentMethodId) {
    const method = referenced(
      emulator.db.paymentMethods,
      paymentMethodId,
      'invoice_settings[default_payment_method]',
    );
    if (method.customer !== customer.id) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${paymentMethodId}. The payment method must be attached to the customer.`,
        'invoice_settings[default_payment_method]',
      );
    }
  }
  const before = fieldsOf(customer, ['invoice_settings']);
  customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: paymentMethodId };
  emulator.db.customers.put(customer);
  emulator.emitUpdated('customer.updated', before, customer, emulator.nowForCustomer(customer.id));
}

function updateCustomer(
  emulator: Emulator,
  customer: Stripe.Customer,
  params: Stripe.CustomerUpdateParams,
): Stripe.Customer {
  const defaultMethod = params.invoice_settings?.default_payment_method;
  if (defaultMethod) {
    const method = referenced(
      emulator.db.paymentMethods,
      defaultMethod,
      'invoice_settings[default_payment_method]',
    );
    if (method.customer !== customer.id) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${defaultMethod}. The payment method must be attached to the customer.`,
        'invoice_settings[default_payment_method]',
      );
    }
  }
  const before = fieldsOf(customer);
  if (params.email !== undefined) customer.email = orNull(params.email);
  if (params.name !== undefined) customer.name = orNull(params.name);
  if (params.description !== undefined) customer.description = orNull(params.description);
  if (params.phone !== undefined) customer.phone = orNull(params.phone);
  if (params.address !== undefined) customer.address = orNull(params.address) as Stripe.Address | null;
  if (params.preferred_locales !== undefined) customer.preferred_locales = params.preferred_locales;
  if (params.tax_exempt !== undefined)
    customer.tax_exempt = params.tax_exempt === '' ? 'none' : params.tax_exempt;
  if (params.balance !== undefined) customer.balance = params.balance;
  customer.metadata = mergeMetadata(customer.metadata, params.metadata);
  emulator.db.customers.put(customer);
  if (defaultMethod !== undefined) setDefaultPaymentMethod(emulator, customer, orNull(defaultMethod));
  else emulator.emitUpdated('customer.updated', before, customer, emulator.nowForCustomer(customer.id));
  return customer;
}

export function customerRoutes(router: Router, emulator: Emulator): void {
  const customers = emulator.db.customers;
  router.post('/v1/customers', ({ params }) => createCustomer(emulator, validate(params, createSpec)));
  searchRoute(router, 'customers', customers, ['email', 'name', 'phone', 'description']);
  router.get('/v1/customers/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(customers, pathParams[0]!);
  });
  router.post('/v1/customers/:id', ({ pathParams, params }) =>
    updateCustomer(
      emulator,
      findOr404(customers, pathParams[0]!),
      validate(params, { ...writable, default_source: string, source: string }),
    ),
  );
  router.delete('/v1/customers/:id', ({ pathParams, params }) => {
    validate(params, {});
    const customer = findOr404(customers, pathParams[0]!);
    customers.delete(customer.id);
    emulator.emit('customer.deleted', customer, emulator.nowForClock(customer.test_clock as string | null));
    return deletedObject(customer.id, 'customer');
  });
  router.get('/v1/customers', ({ params }) => {
    const query = validate<ListParams & { email?: string; test_clock?: string }>(params, {
      ...listSpec,
      email: string,
      test_clock: string,
    });
    const rows = customers.filter(
      (row) =>
        (query.email === undefined || row.email === query.email) &&
        (query.test_clock === undefined || row.test_clock === query.test_clock),
    );
    return paginate(newestFirst(rows), query, '/v1/customers', 'customer');
  });
  router.get('/v1/customers/:id/payment_methods', ({ pathParams, params }) => {
    const query = validate<ListParams & { type?: string }>(params, {
      ...listSpec,
      type: string,
      allow_redisplay: string,
    });
    const customer = findOr404(customers, pathParams[0]!);
    const rows = emulator.db.paymentMethods.filter(
      (row) => row.customer === customer.id && (!query.type || row.type === query.type),
    );
    return paginate(
      newestFirst(rows),
      query,
      `/v1/customers/${customer.id}/payment_methods`,
      'payment_method',
    );
  });
}
