export type StripeErrorType =
  'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error' | 'rate_limit_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  payment_intent?: unknown;
  request_log_url?: string;
}

/** A Stripe API error: thrown anywhere in a handler, rendered as `{error: {...}}` with its status. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: StripeErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function invalidRequest(message: string, param?: string, code?: string): ApiError {
  return new ApiError(400, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
  });
}

export function unknownParameter(param: string): ApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
}

export function missingParameter(param: string): ApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
}

const NOUNS: Record<string, string> = {
  cus: 'customer',
  prod: 'product',
  price: 'price',
  cs: 'checkout.session',
  sub: 'subscription',
  si: 'subscription_item',
  in: 'invoice',
  ii: 'invoiceitem',
  pi: 'payment_intent',
  pm: 'payment_method',
  ch: 'charge',
  evt: 'event',
  we: 'webhook_endpoint',
  bps: 'billing_portal.session',
  clock: 'test_helpers.test_clock',
  promo: 'promotion_code',
  re: 'refund',
  seti: 'setup_intent',
};

/** Stripe names the missing object by its type: "No such customer: 'cus_x'". */
export function resourceMissing(id: string, noun?: string, param = 'id', status = 404): ApiError {
  const name = noun ?? NOUNS[id.split('_')[0] ?? ''] ?? 'object';
  return new ApiError(status, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${name}: '${id}'`,
    param,
  });
}

export function cardError(message: string, code: string, declineCode?: string, extra?: object): ApiError {
  return new ApiError(402, {
    type: 'card_error',
    code,
    message,
    ...(declineCode ? { decline_code: declineCode } : {}),
    ...extra,
  });
}
