import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../../api/client';
import type { Email } from '../../api/types';
import { Banner } from '../../ui/Banner';
import { formatDateTime } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { isDevUnavailable } from './dev-unavailable';

export function DevMailbox() {
  const [draft, setDraft] = useState('');
  const [to, setTo] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const mails = useQuery({
    queryKey: ['dev', 'emails', to],
    queryFn: async () => (await api.get<{ emails: Email[] }>(withQuery('/api/dev/emails', { to }))).emails,
  });

  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    setTo(draft.trim());
  };

  return (
    <section className="card stack" aria-labelledby="mailbox-heading">
      <div className="section__header">
        <h2 id="mailbox-heading">Dev mailbox</h2>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void mails.refetch()}
        >
          Refresh
        </button>
      </div>
      <form className="filters" onSubmit={onFilter}>
        <div className="field">
          <label htmlFor="mailbox-to">Recipient</label>
          <input id="mailbox-to" type="email" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button className="button button--primary">Filter</button>
      </form>
      {mails.isPending ? (
        <Loading label="Loading mail…" />
      ) : isDevUnavailable(mails.error) ? (
        <Banner tone="info">The dev mailbox is not available on this server (development mode only).</Banner>
      ) : mails.isError ? (
        <ErrorState error={mails.error} onRetry={() => void mails.refetch()} />
      ) : mails.data.length === 0 ? (
        <Empty>No mail{to ? ` for ${to}` : ''} yet.</Empty>
      ) : (
        <ul className="plain-list stack" aria-label="Messages, newest first">
          {mails.data.map((mail) => (
            <li key={mail.id} className="mail">
              <button
                type="button"
                className="mail__toggle"
                aria-expanded={openId === mail.id}
                onClick={() => setOpenId(openId === mail.id ? null : mail.id)}
              >
                <strong>{mail.subject}</strong>
                <span className="muted">
                  to {mail.to} · <code>{mail.kind}</code> · {formatDateTime(mail.sentAt)}
                </span>
              </button>
              {openId === mail.id ? (
                mail.html ? (
                  // An empty sandbox: no scripts, no forms, no same-origin access to the app's session.
                  <iframe
                    className="mail-frame"
                    title={`E-mail: ${mail.subject}`}
                    sandbox=""
                    srcDoc={mail.html}
                  />
                ) : (
                  <pre className="json">{mail.text}</pre>
                )
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
