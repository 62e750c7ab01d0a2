import { useInfiniteQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../api/client';
import type { Invoice } from '../../api/types';
import { formatDate, formatMoney } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableWrap } from '../../ui/TableWrap';

const pageSize = 10;

export function InvoicesTable() {
  const invoices = useInfiniteQuery({
    queryKey: ['invoices'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api.get<{ invoices: Invoice[]; hasMore: boolean }>(
        withQuery('/api/invoices', { limit: pageSize, startingAfter: pageParam }),
      ),
    getNextPageParam: (last) => (last.hasMore ? (last.invoices.at(-1)?.id ?? null) : null),
  });

  return (
    <section className="section" aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">Invoices</h2>
      {invoices.isPending ? (
        <Loading label="Loading invoices…" />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.pages[0]?.invoices.length === 0 ? (
        <Empty>No invoices yet.</Empty>
      ) : (
        <>
          <TableWrap label="Invoice list">
            <table>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Number</th>
                  <th scope="col">Period</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Documents</th>
                </tr>
              </thead>
              <tbody>
                {invoices.data.pages
                  .flatMap((page) => page.invoices)
                  .map((invoice) => (
                    <tr key={invoice.id}>
                      <td className="nowrap">{formatDate(invoice.createdAt)}</td>
                      <td>{invoice.number ?? '—'}</td>
                      <td>
                        {invoice.periodStart
                          ? `${formatDate(invoice.periodStart)} – ${formatDate(invoice.periodEnd)}`
                          : '—'}
                      </td>
                      <td className="num">{formatMoney(invoice.amountDue, invoice.currency)}</td>
                      <td>
                        <StatusBadge status={invoice.status} />
                      </td>
                      <td>
                        <span className="row">
                          {invoice.hostedInvoiceUrl ? (
                            <a
                              href={invoice.hostedInvoiceUrl}
                              target="_blank"
                              rel="noreferrer noopener"
                              aria-label={`View invoice ${invoice.number ?? ''} (opens in a new tab)`}
                            >
                              View
                            </a>
                          ) : null}
                          {invoice.invoicePdf ? (
                            <a
                              href={invoice.invoicePdf}
                              target="_blank"
                              rel="noreferrer noopener"
                              aria-label={`PDF of invoice ${invoice.number ?? ''} (opens in a new tab)`}
                            >
                              PDF
                            </a>
                          ) : null}
                        </span>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableWrap>
          {invoices.hasNextPage ? (
            <p className="pagination">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void invoices.fetchNextPage()}
                disabled={invoices.isFetchingNextPage}
              >
                {invoices.isFetchingNextPage ? 'Loading…' : 'Show older invoices'}
              </button>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
