import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { CheckoutStart } from '../../api/types';
import { browser } from '../../ui/browser';
import { useSession } from '../auth/session';

/**
 * Starts Stripe Checkout for a price. Signed-out visitors log in first and come back to
 * /pricing?checkout=<priceId>, which resumes the checkout.
 */
export function useCheckout() {
  const session = useSession();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: (priceId: string) => api.post<CheckoutStart>('/api/billing/checkout', { priceId }),
    onSuccess: ({ checkoutUrl }) => browser.assign(checkoutUrl),
  });

  const start = (priceId: string) => {
    if (!session.data) {
      const back = `/pricing?checkout=${encodeURIComponent(priceId)}`;
      void navigate(`/login?next=${encodeURIComponent(back)}`);
      return;
    }
    mutation.mutate(priceId);
  };

  // After success the page is being replaced; keep the button in its busy state until then.
  const pendingPriceId = mutation.isPending || mutation.isSuccess ? (mutation.variables ?? null) : null;
  return { start, pendingPriceId, error: mutation.error };
}
