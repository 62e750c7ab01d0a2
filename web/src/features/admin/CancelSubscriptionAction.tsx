import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { Banner } from '../../ui/Banner';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { FormError } from '../../ui/FormError';

export function CancelSubscriptionAction({ userId }: { userId: string }) {
  const client = useQueryClient();
  const [immediately, setImmediately] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () =>
      api.post<{ message: string }>(`/api/admin/users/${encodeURIComponent(userId)}/subscription/cancel`, {
        immediately,
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin'] }),
    onSettled: () => setConfirming(false),
  });

  return (
    <div className="stack">
      {cancel.isSuccess ? <Banner tone="success">{cancel.data.message}</Banner> : null}
      <FormError error={cancel.error} />
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={immediately} onChange={(e) => setImmediately(e.target.checked)} />
          Cancel immediately (instead of at the period end)
        </label>
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          Cancel subscription…
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Cancel this subscription?"
        confirmLabel={immediately ? 'Cancel now' : 'Cancel at period end'}
        tone="danger"
        busy={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {immediately
            ? 'Access ends right away. The customer is e-mailed.'
            : 'Access continues until the current period ends, then stops.'}
        </p>
      </ConfirmDialog>
    </div>
  );
}
