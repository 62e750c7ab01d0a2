import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { browser } from '../../ui/browser';
import { FormError } from '../../ui/FormError';

/** Opens Stripe's customer portal (cards, billing address, tax ids), returning here afterwards. */
export function PortalButton({
  label = 'Manage payment methods',
  tone = 'secondary',
}: {
  label?: string;
  tone?: 'primary' | 'secondary';
}) {
  const portal = useMutation({
    mutationFn: () => api.post<{ url: string }>('/api/billing/portal', { returnUrl: '/billing' }),
    onSuccess: ({ url }) => browser.assign(url),
  });
  return (
    <span className="stack">
      <button
        type="button"
        className={`button button--${tone}`}
        onClick={() => portal.mutate()}
        disabled={portal.isPending || portal.isSuccess}
      >
        {portal.isPending || portal.isSuccess ? 'Opening portal…' : label}
      </button>
      <FormError error={portal.error} />
    </span>
  );
}
