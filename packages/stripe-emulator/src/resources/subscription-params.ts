import {
  anything,
  array,
  bool,
  emptyable,
  int,
  metadata,
  object,
  oneOf,
  required,
  string,
  timestamp,
  type Spec,
} from '../server/params.ts';

const item = object({
  id: string,
  price: string,
  price_data: anything,
  quantity: int,
  deleted: bool,
  metadata,
  discounts: anything,
  tax_rates: anything,
  billing_thresholds: anything,
  clear_usage: bool,
});

const discounts = array(object({ coupon: string, promotion_code: string, discount: string }));

const shared: Spec = {
  metadata,
  description: emptyable(string),
  default_payment_method: emptyable(string),
  cancel_at_period_end: bool,
  cancel_at: emptyable(timestamp),
  payment_behavior: oneOf(
    'allow_incomplete',
    'default_incomplete',
    'error_if_incomplete',
    'pending_if_incomplete',
  ),
  proration_behavior: oneOf('create_prorations', 'always_invoice', 'none'),
  trial_end: timestamp,
  off_session: bool,
  discounts: emptyable(discounts),
  collection_method: oneOf('charge_automatically', 'send_invoice'),
  days_until_due: int,
  payment_settings: anything,
  automatic_tax: anything,
  default_tax_rates: anything,
  trial_settings: object({
    end_behavior: object({ missing_payment_method: required(oneOf('cancel', 'create_invoice', 'pause')) }),
  }),
  add_invoice_items: anything,
  application_fee_percent: anything,
  billing_thresholds: anything,
  on_behalf_of: anything,
  transfer_data: anything,
  pending_invoice_item_interval: anything,
  billing_mode: anything,
};

export const createSubscriptionSpec: Spec = {
  ...shared,
  customer: required(string),
  items: required(array(item)),
  trial_period_days: int,
  trial_from_plan: bool,
  currency: string,
  backdate_start_date: timestamp,
  billing_cycle_anchor: timestamp,
  billing_cycle_anchor_config: anything,
  promotion_code: string,
  coupon: string,
};

export const updateSubscriptionSpec: Spec = {
  ...shared,
  items: array(item),
  proration_date: timestamp,
  pause_collection: emptyable(
    object({
      behavior: required(oneOf('keep_as_draft', 'mark_uncollectible', 'void')),
      resumes_at: timestamp,
    }),
  ),
  billing_cycle_anchor: oneOf('now', 'unchanged'),
  cancellation_details: object({ comment: emptyable(string), feedback: emptyable(string) }),
  trial_from_plan: bool,
  promotion_code: string,
  coupon: string,
};

export interface ItemParam {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
  metadata?: Record<string, string>;
}

export interface SubscriptionParams {
  customer?: string;
  items?: ItemParam[];
  metadata?: Record<string, string>;
  description?: string;
  default_payment_method?: string;
  cancel_at_period_end?: boolean;
  cancel_at?: number | '';
  payment_behavior?:
    'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
  proration_behavior?: 'create_prorations' | 'always_invoice' | 'none';
  proration_date?: number | 'now';
  trial_end?: number | 'now';
  trial_period_days?: number;
  trial_from_plan?: boolean;
  off_session?: boolean;
  discounts?: { coupon?: string; promotion_code?: string }[] | '';
  promotion_code?: string;
  coupon?: string;
  pause_collection?: { behavior: 'keep_as_draft' | 'mark_uncollectible' | 'void'; resumes_at?: number } | '';
  billing_cycle_anchor?: 'now' | 'unchanged';
  cancellation_details?: { comment?: string; feedback?: string };
  trial_settings?: { end_behavior: { missing_payment_method: 'cancel' | 'create_invoice' | 'pause' } };
}
