/**
 * Every deliberate difference between the top-level keys of the objects the emulator returns and
 * Stripe's example objects in `shared/stripe/fixtures3.json`. The emulator follows the `stripe`
 * SDK's TypeScript types (the API version the project pins) where the two disagree.
 */
export const SHAPE_DIFFERENCES: Record<string, { extra?: string[]; missing?: string[]; reason: string }> = {
  product: { extra: ['tax_details'], reason: 'Required by the SDK type (newer than the example object).' },
  'checkout.session': { extra: ['allowed_payment_method_types'], reason: 'Required by the SDK type.' },
  setup_intent: {
    extra: ['allowed_payment_method_types', 'customer_account'],
    reason: 'Required by the SDK type.',
  },
  payment_intent: {
    extra: ['allowed_payment_method_types', 'payment_record'],
    missing: ['transfer_data'],
    reason: 'The SDK type requires the first two and has no transfer_data (Connect only, not emulated).',
  },
  subscription_item: { extra: ['current_trial'], reason: 'Required by the SDK type.' },
  invoice: {
    missing: ['subscription'],
    reason:
      'In this API version the subscription is at parent.subscription_details.subscription; the SDK type has no top-level field.',
  },
  webhook_endpoint: {
    extra: ['secret'],
    reason: 'Stripe returns the signing secret only in the response to create.',
  },
};
