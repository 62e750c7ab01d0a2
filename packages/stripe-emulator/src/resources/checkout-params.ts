import {
  anything,
  array,
  bool,
  int,
  metadata,
  object,
  oneOf,
  required,
  string,
  timestamp,
  url,
  type Spec,
} from '../server/params.ts';

export const createSpec: Spec = {
  mode: required(oneOf('payment', 'setup', 'subscription')),
  line_items: array(
    object({
      price: string,
      quantity: int,
      price_data: anything,
      adjustable_quantity: anything,
      tax_rates: anything,
      dynamic_tax_rates: anything,
    }),
  ),
  customer: string,
  customer_email: string,
  client_reference_id: string,
  metadata,
  success_url: url,
  cancel_url: url,
  return_url: url,
  expires_at: timestamp,
  allow_promotion_codes: bool,
  discounts: array(object({ coupon: string, promotion_code: string })),
  subscription_data: object({
    trial_period_days: int,
    metadata,
    trial_end: timestamp,
    description: string,
    trial_settings: anything,
    default_tax_rates: anything,
    billing_cycle_anchor: anything,
    proration_behavior: anything,
  }),
  payment_intent_data: object({
    metadata,
    description: string,
    setup_future_usage: string,
    receipt_email: string,
    statement_descriptor: string,
    capture_method: string,
  }),
  customer_creation: oneOf('always', 'if_required'),
  payment_method_types: anything,
  billing_address_collection: anything,
  currency: string,
  locale: string,
  ui_mode: anything,
  automatic_tax: anything,
  tax_id_collection: anything,
  consent_collection: anything,
  custom_fields: anything,
  custom_text: anything,
  invoice_creation: anything,
  payment_method_collection: anything,
  phone_number_collection: anything,
  shipping_address_collection: anything,
  submit_type: anything,
  customer_update: anything,
  setup_intent_data: anything,
  saved_payment_method_options: anything,
  payment_method_options: anything,
};

export interface CreateParams {
  mode: 'payment' | 'setup' | 'subscription';
  line_items?: { price?: string; quantity?: number }[];
  customer?: string;
  customer_email?: string;
  client_reference_id?: string;
  metadata?: Record<string, string>;
  success_url?: string;
  cancel_url?: string;
  expires_at?: number | 'now';
  allow_promotion_codes?: boolean;
  discounts?: { coupon?: string; promotion_code?: string }[];
  subscription_data?: { trial_period_days?: number; metadata?: Record<string, string>; trial_end?: number };
  currency?: string;
  customer_creation?: 'always' | 'if_required';
}
