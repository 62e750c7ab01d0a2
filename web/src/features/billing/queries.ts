import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Billing } from '../../api/types';
import { sessionKey } from '../auth/session';

export const billingKey = ['billing'] as const;

/**
 * The authoritative billing state. Pages read this rather than `user.billing` from the profile, which
 * may be cached from before a checkout or plan change.
 */
export function useBilling(enabled = true) {
  return useQuery({ queryKey: billingKey, queryFn: () => api.get<Billing>('/api/billing/status'), enabled });
}

/** A POST that answers with the new Billing: show it at once, and refresh whatever else derives from it. */
export function useBillingAction<TBody = void>(path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => api.post<Billing>(path, body ?? undefined),
    onSuccess: (billing) => {
      client.setQueryData(billingKey, billing);
      void client.invalidateQueries({ queryKey: sessionKey });
      void client.invalidateQueries({ queryKey: ['invoices'] });
      void client.invalidateQueries({ queryKey: ['payments'] });
    },
  });
}
