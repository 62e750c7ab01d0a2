import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { WebhookEvent } from '../../api/types';
import { Banner } from '../../ui/Banner';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/format';
import { FormError } from '../../ui/FormError';
import { JsonView } from '../../ui/JsonView';
import { Page } from '../../ui/Page';
import { Pagination } from '../../ui/Pagination';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { adminPageSize, useAdminList } from './use-admin-list';

export function WebhookEventsPage() {
  const client = useQueryClient();
  const [typeDraft, setTypeDraft] = useState('');
  const [type, setType] = useState('');
  const [processed, setProcessed] = useState('');
  const [page, setPage] = useState(1);
  const [replayTarget, setReplayTarget] = useState<WebhookEvent | null>(null);
  const events = useAdminList<WebhookEvent>('/api/admin/webhook-events', 'events', { type, processed, page });
  const replay = useMutation({
    mutationFn: (event: WebhookEvent) =>
      api.post<{ status: string }>(`/api/admin/webhook-events/${encodeURIComponent(event.id)}/replay`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin', '/api/admin/webhook-events'] }),
    onSettled: () => setReplayTarget(null),
  });

  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    setType(typeDraft.trim());
    setPage(1);
  };

  return (
    <Page title="Webhook events" lead="Stripe events as received; replay one to run its handler again.">
      <form className="filters" onSubmit={onFilter}>
        <div className="field">
          <label htmlFor="event-type">Event type</label>
          <input
            id="event-type"
            placeholder="invoice.paid"
            value={typeDraft}
            onChange={(e) => setTypeDraft(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="event-processed">Processed</label>
          <select
            id="event-processed"
            value={processed}
            onChange={(e) => {
              setProcessed(e.target.value);
              setPage(1);
            }}
          >
            <option value="">All</option>
            <option value="true">Processed</option>
            <option value="false">Not processed</option>
          </select>
        </div>
        <button className="button button--primary">Filter</button>
      </form>
      {replay.isSuccess ? <Banner tone="success">Replay {replay.data.status}.</Banner> : null}
      <FormError error={replay.error} />
      {events.isPending ? (
        <Loading label="Loading events…" minHeight={300} />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <Empty>No events match.</Empty>
      ) : (
        <>
          <ul className="plain-list stack" aria-label="Events">
            {events.data.items.map((event) => (
              <li key={event.id} className="card">
                <div className="section__header">
                  <h2 className="event__type">
                    <code>{event.type}</code>
                  </h2>
                  <StatusBadge
                    status={event.processed ? 'processed' : event.error ? 'failed' : 'pending'}
                    label={event.processed ? 'Processed' : event.error ? 'Failed' : 'Not processed'}
                  />
                </div>
                <p className="muted">
                  <code>{event.id}</code> · received {formatDateTime(event.receivedAt ?? event.createdAt)}
                  {typeof event.attempts === 'number' ? ` · ${event.attempts} attempt(s)` : ''}
                </p>
                {event.error ? <p className="field__error">{event.error}</p> : null}
                <div className="row">
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => setReplayTarget(event)}
                    aria-label={`Replay ${event.id}`}
                  >
                    Replay
                  </button>
                </div>
                <details>
                  <summary>View payload</summary>
                  <JsonView value={event.payload} label={`Payload of ${event.id}`} />
                </details>
              </li>
            ))}
          </ul>
          <Pagination page={page} pageSize={adminPageSize} total={events.data.total} onPage={setPage} />
        </>
      )}
      <ConfirmDialog
        open={replayTarget !== null}
        title="Replay this event?"
        confirmLabel="Replay"
        busy={replay.isPending}
        onConfirm={() => replayTarget && replay.mutate(replayTarget)}
        onCancel={() => setReplayTarget(null)}
      >
        <p>
          The handler for <code>{replayTarget?.type}</code> runs again. Handlers are idempotent, so a replay
          converges to Stripe&apos;s state.
        </p>
      </ConfirmDialog>
    </Page>
  );
}
