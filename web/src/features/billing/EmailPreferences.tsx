import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { hasCode } from '../../api/errors';
import { FormError } from '../../ui/FormError';
import { ErrorState, Loading } from '../../ui/States';

// Assumed endpoint (not yet in API.md): GET/PUT /api/profile/email-preferences with { reminders }.
// Everything about it lives in this file so adjusting to the final contract is a one-file change.
const path = '/api/profile/email-preferences';
interface EmailPreferencesData {
  reminders: boolean;
}

export function EmailPreferences() {
  const client = useQueryClient();
  const prefs = useQuery({
    queryKey: ['email-preferences'],
    queryFn: () => api.get<EmailPreferencesData>(path),
  });
  const save = useMutation({
    mutationFn: (next: EmailPreferencesData) => api.put<EmailPreferencesData>(path, next),
    onSuccess: (data) => client.setQueryData(['email-preferences'], data),
  });

  return (
    <section className="section" aria-labelledby="email-prefs-heading">
      <h2 id="email-prefs-heading">E-mail preferences</h2>
      <div className="card">
        {prefs.isPending ? (
          <Loading label="Loading preferences…" minHeight={60} />
        ) : hasCode(prefs.error, 'NOT_FOUND') ? (
          // The server may not offer preferences yet; that is not the customer's problem to retry.
          <p className="muted">E-mail preferences are not available yet.</p>
        ) : prefs.isError ? (
          <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
        ) : (
          <>
            <label className="check">
              <input
                type="checkbox"
                checked={
                  save.isPending ? (save.variables?.reminders ?? prefs.data.reminders) : prefs.data.reminders
                }
                disabled={save.isPending}
                onChange={(e) => save.mutate({ reminders: e.target.checked })}
              />
              Send me reminders before a trial ends or a plan renews
            </label>
            <p className="field__hint">Receipts and payment problems are always e-mailed.</p>
            <p role="status" className="muted">
              {save.isSuccess ? 'Saved.' : ''}
            </p>
            <FormError error={save.error} />
          </>
        )}
      </div>
    </section>
  );
}
