import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { collectInvoice } from '../billing/dunning.ts';
import { finalizeInvoice, markPaid, markUncollectible, voidInvoice } from '../billing/invoice-lifecycle.ts';
import { cardError, invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import { anything, bool, emptyable, listSpec, metadata, oneOf, string, validate } from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { findOr404, mergeMetadata, orNull, snapshot } from './common.ts';
import { resolvePaymentMethod } from './payment-methods.ts';
import { preview, previewSpec } from './invoice-previews.ts';

function pay(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  params: { payment_method?: string; paid_out_of_band?: boolean; off_session?: boolean },
): Stripe.Invoice {
  const now = emulator.nowForCustomer(invoice.customer as string);
  if (invoice.status === 'paid')
    throw invalidRequest('Invoice is already paid', undefined, 'invoice_already_paid');
  if (
    invoice.status === 'void' ||
    (invoice.status === 'uncollectible' && params.paid_out_of_band === undefined)
  ) {
    if (invoice.status === 'void')
      throw invalidRequest('You cannot pay a void invoice.', undefined, 'invoice_not_editable');
  }
  if (invoice.status === 'draft') finalizeInvoice(emulator, invoice, now);
  if (invoice.status === 'paid') return invoice;
  if (params.paid_out_of_band) {
    markPaid(emulator, invoice, now);
    return invoice;
  }
  const method = params.payment_method
    ? resolvePaymentMethod(emulator, params.payment_method, 'payment_method', now).id
    : undefined;
  const outcome = collectInvoice(emulator, invoice, now, {
    offSession: params.off_session ?? true,
    paymentMethod: method,
  });
  if (outcome.status === 'failed')
    throw cardError(outcome.decline.message, outcome.decline.code, outcome.decline.declineCode || undefined);
  if (outcome.status === 'requires_action')
    throw cardError(
      'This payment requires additional user action before it can be completed successfully.',
      'invoice_payment_intent_requires_action',
    );
  return invoice;
}

interface InvoiceListQuery extends ListParams {
  customer?: string;
  subscription?: string;
  status?: string;
}

export function invoiceRoutes(router: Router, emulator: Emulator): void {
  const invoices = emulator.db.invoices;
  router.post('/v1/invoices/create_preview', ({ params }) =>
    preview(emulator, validate(params, previewSpec)),
  );
  router.get('/v1/invoices/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(invoices, pathParams[0]!);
  });
  router.post('/v1/invoices/:id', ({ pathParams, params }) => {
    const input = validate<{
      metadata?: Record<string, string>;
      description?: string;
      auto_advance?: boolean;
      footer?: string;
    }>(params, {
      metadata,
      description: emptyable(string),
      auto_advance: bool,
      footer: emptyable(string),
      default_payment_method: string,
    });
    const invoice = findOr404(invoices, pathParams[0]!);
    const before = snapshot(invoice);
    invoice.metadata = mergeMetadata(invoice.metadata, input.metadata);
    if (input.description !== undefined) invoice.description = orNull(input.description);
    if (input.footer !== undefined) invoice.footer = orNull(input.footer);
    if (input.auto_advance !== undefined) invoice.auto_advance = input.auto_advance;
    invoices.put(invoice);
    emulator.emitUpdated(
      'invoice.updated',
      before,
      invoice,
      emulator.nowForCustomer(invoice.customer as string),
    );
    return invoice;
  });
  router.post('/v1/invoices/:id/pay', ({ pathParams, params }) =>
    pay(
      emulator,
      findOr404(invoices, pathParams[0]!),
      validate(params, {
        payment_method: string,
        paid_out_of_band: bool,
        off_session: bool,
        forgive: bool,
        source: string,
        mandate: anything,
      }),
    ),
  );
  router.post('/v1/invoices/:id/finalize', ({ pathParams, params }) => {
    validate(params, { auto_advance: bool });
    const invoice = findOr404(invoices, pathParams[0]!);
    if (invoice.status !== 'draft')
      throw invalidRequest(
        "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
        undefined,
        'invoice_not_editable',
      );
    finalizeInvoice(emulator, invoice, emulator.nowForCustomer(invoice.customer as string));
    return invoice;
  });
  router.post('/v1/invoices/:id/void', ({ pathParams, params }) => {
    validate(params, {});
    const invoice = findOr404(invoices, pathParams[0]!);
    if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
      throw invalidRequest(
        `You can only void open or uncollectible invoices (this one is ${invoice.status}).`,
        undefined,
        'invoice_not_editable',
      );
    }
    voidInvoice(emulator, invoice, emulator.nowForCustomer(invoice.customer as string));
    return invoice;
  });
  router.post('/v1/invoices/:id/mark_uncollectible', ({ pathParams, params }) => {
    validate(params, {});
    const invoice = findOr404(invoices, pathParams[0]!);
    if (invoice.status !== 'open')
      throw invalidRequest(
        'You can only mark open invoices as uncollectible.',
        undefined,
        'invoice_not_editable',
      );
    markUncollectible(emulator, invoice, emulator.nowForCustomer(invoice.customer as string));
    return invoice;
  });
  router.get('/v1/invoices/:id/lines', ({ pathParams, params }) => {
    const query = validate<ListParams>(params, listSpec);
    const invoice = findOr404(invoices, pathParams[0]!);
    return paginate(invoice.lines.data, query, `/v1/invoices/${invoice.id}/lines`, 'line_item');
  });
  router.get('/v1/invoices', ({ params }) => {
    const query = validate<InvoiceListQuery>(params, {
      ...listSpec,
      customer: string,
      subscription: string,
      status: oneOf('draft', 'open', 'paid', 'uncollectible', 'void'),
      collection_method: string,
      due_date: anything,
    });
    const rows = invoices.filter(
      (row) =>
        (!query.customer || row.customer === query.customer) &&
        (!query.subscription || row.parent?.subscription_details?.subscription === query.subscription) &&
        (!query.status || row.status === query.status),
    );
    return paginate(newestFirst(rows), query, '/v1/invoices', 'invoice');
  });
  router.get('/v1/invoice_payments', ({ params }) => {
    const query = validate<ListParams & { invoice?: string }>(params, {
      ...listSpec,
      invoice: string,
      payment: anything,
      status: string,
    });
    const rows = emulator.db.invoicePayments.filter((row) => !query.invoice || row.invoice === query.invoice);
    return paginate(newestFirst(rows), query, '/v1/invoice_payments', 'invoice_payment');
  });
  router.get('/v1/invoiceitems', ({ params }) => {
    const query = validate<ListParams & { customer?: string; pending?: boolean; invoice?: string }>(params, {
      ...listSpec,
      customer: string,
      pending: bool,
      invoice: string,
    });
    const rows = emulator.db.invoiceItems.filter(
      (row) =>
        (!query.customer || row.customer === query.customer) &&
        (query.pending === undefined || (row.invoice === null) === query.pending) &&
        (!query.invoice || row.invoice === query.invoice),
    );
    const ordered = [...rows].sort((a, b) => b.date - a.date);
    return paginate(ordered, query, '/v1/invoiceitems', 'invoiceitem');
  });
  router.get('/v1/invoiceitems/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(emulator.db.invoiceItems, pathParams[0]!);
  });
}
