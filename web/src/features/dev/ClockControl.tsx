import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Banner } from '../../ui/Banner';
import { formatDateTime } from '../../ui/format';
import { FormError } from '../../ui/FormError';
import { ErrorState, Loading } from '../../ui/States';
import { isDevUnavailable } from './dev-unavailable';

const quick = [1, 7, 30];

export function ClockControl() {
  const client = useQueryClient();
  const [days, setDays] = useState('1');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const clock = useQuery({
    queryKey: ['dev', 'clock'],
    queryFn: () => api.get<{ now: string }>('/api/dev/clock'),
  });
  const advance = useMutation({
    mutationFn: (by: number) => api.post<{ now: string }>('/api/dev/clock/advance', { days: by }),
    onSuccess: (data) => {
      client.setQueryData(['dev', 'clock'], data);
      // Renewals, trial ends and e-mails may all have happened: refresh everything else.
      void client.invalidateQueries({
        predicate: (q) => !(q.queryKey[0] === 'dev' && q.queryKey[1] === 'clock'),
      });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(days);
    if (!Number.isFinite(value) || value <= 0 || value > 3650) {
      setFieldError('Enter a number of days between 1 and 3650.');
      return;
    }
    setFieldError(undefined);
    advance.mutate(value);
  };

  return (
    <section className="card stack" aria-labelledby="clock-heading">
      <h2 id="clock-heading">Time travel</h2>
      {clock.isPending ? (
        <Loading label="Reading the app clock…" minHeight={60} />
      ) : isDevUnavailable(clock.error) ? (
        <Banner tone="info">Time travel is not available on this server (development mode only).</Banner>
      ) : clock.isError ? (
        <ErrorState error={clock.error} onRetry={() => void clock.refetch()} />
      ) : (
        <>
          <p>
            App time: <strong aria-live="polite">{formatDateTime(clock.data.now)}</strong>{' '}
            <span className="muted">({clock.data.now})</span>
          </p>
          <form className="filters" onSubmit={onSubmit} noValidate>
            <div className="field">
              <label htmlFor="advance-days">Advance by days</label>
              <input
                id="advance-days"
                type="number"
                min={1}
                step="any"
                value={days}
                onChange={(e) => setDays(e.target.value)}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={fieldError ? 'advance-days-error' : undefined}
              />
              {fieldError ? (
                <p className="field__error" id="advance-days-error">
                  {fieldError}
                </p>
              ) : null}
            </div>
            <button className="button button--primary" disabled={advance.isPending}>
              {advance.isPending ? 'Advancing… (waiting for Stripe and jobs)' : 'Advance'}
            </button>
            {quick.map((n) => (
              <button
                key={n}
                type="button"
                className="button button--secondary"
                disabled={advance.isPending}
                onClick={() => advance.mutate(n)}
              >
                +{n} {n === 1 ? 'day' : 'days'}
              </button>
            ))}
          </form>
          <FormError error={advance.error} />
        </>
      )}
    </section>
  );
}
