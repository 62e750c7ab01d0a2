import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { anything, required, string, url, validate } from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId } from '../store/ids.ts';
import { referenced } from './common.ts';

export function portalRoutes(router: Router, emulator: Emulator): void {
  router.post('/v1/billing_portal/sessions', ({ params }) => {
    const input = validate<{ customer: string; return_url?: string; locale?: string }>(params, {
      customer: required(string),
      return_url: url,
      configuration: string,
      flow_data: anything,
      locale: string,
      on_behalf_of: string,
    });
    const customer = referenced(emulator.db.customers, input.customer, 'customer');
    const id = newId('bps');
    const session: Stripe.BillingPortal.Session = {
      id,
      object: 'billing_portal.session',
      configuration: 'bpc_emulator_default',
      created: emulator.nowForCustomer(customer.id),
      customer: customer.id,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: (input.locale ?? null) as Stripe.BillingPortal.Session.Locale | null,
      on_behalf_of: null,
      return_url: input.return_url ?? null,
      url: `${emulator.baseUrl}/portal/${id}`,
    };
    emulator.db.portalSessions.put(session);
    emulator.emit('billing_portal.session.created', session, session.created);
    return session;
  });
}
