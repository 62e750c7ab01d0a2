import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '../emulator.ts';
import { submitCheckout } from '../billing/checkout-complete.ts';
import { finishThreeDSecure } from '../billing/three-d-secure.ts';
import { BodyTooLarge, readBody } from '../server/body.ts';
import { redirect, sendHtml } from '../server/respond.ts';
import { checkoutPage } from './checkout-page.ts';
import { invoicePage } from './invoice-page.ts';
import { invoicePdf } from './invoice-pdf.ts';
import { page } from './layout.ts';
import { portalAction } from './portal-actions.ts';
import { portalPage } from './portal-page.ts';
import { threeDSecurePage } from './three-d-secure-page.ts';

const notFound = page('Not found', '<h1>Not found</h1><p>This page does not exist or has expired.</p>');

async function form(request: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(request, 64 * 1024));
}

export async function handlePage(
  emulator: Emulator,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  try {
    await routePage(emulator, request, response, path, query);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    sendHtml(response, 413, page('Too large', '<h1>The form was too large.</h1>'));
  }
}

/** Hosted pages: `/checkout/:id`, `/portal/:id`, `/invoice/:id[/pdf]`, `/3ds/:paymentIntent`. */
async function routePage(
  emulator: Emulator,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const [kind, id = '', extra] = path.split('/').filter(Boolean).map(decodeURIComponent);
  const post = request.method === 'POST';
  if (kind === 'checkout') {
    const session = emulator.db.checkoutSessions.get(id);
    const state = emulator.db.checkoutState.get(id);
    if (!session || !state) return sendHtml(response, 404, notFound);
    if (!post) {
      const html = checkoutPage(session, state);
      state.lastError = null;
      return sendHtml(response, 200, html);
    }
    const fields = await form(request);
    const values = Object.fromEntries(
      ['email', 'cardNumber', 'expiry', 'cvc', 'name', 'promotionCode'].map((key) => [
        key,
        fields.get(key) ?? '',
      ]),
    );
    const result = submitCheckout(
      emulator,
      session,
      values as {
        email: string;
        cardNumber: string;
        expiry: string;
        cvc: string;
        name: string;
        promotionCode: string;
      },
    );
    if (result.kind === 'redirect') return redirect(response, result.url);
    const html = checkoutPage(session, state, { email: values.email ?? '', name: values.name ?? '' });
    state.lastError = null;
    return sendHtml(response, 402, html);
  }
  if (kind === 'portal') {
    const session = emulator.db.portalSessions.get(id);
    if (!session) return sendHtml(response, 404, notFound);
    if (post) {
      const notice = portalAction(emulator, session, await form(request));
      emulator.db.portalState.put({ id, notice });
      return redirect(response, `/portal/${id}`);
    }
    const notice = emulator.db.portalState.get(id)?.notice ?? null;
    emulator.db.portalState.delete(id);
    return sendHtml(response, 200, portalPage(emulator, session, notice));
  }
  if (kind === 'invoice') {
    const invoice = emulator.db.invoices.get(id);
    if (!invoice) return sendHtml(response, 404, notFound);
    if (extra === 'pdf') {
      const pdf = await invoicePdf(invoice);
      response.writeHead(200, {
        'content-type': 'application/pdf',
        'content-length': pdf.length,
        'content-disposition': `inline; filename="${invoice.number ?? invoice.id}.pdf"`,
      });
      response.end(pdf);
      return;
    }
    return sendHtml(response, 200, invoicePage(invoice));
  }
  if (kind === '3ds') {
    const intent = emulator.db.paymentIntents.get(id);
    if (!intent) return sendHtml(response, 404, notFound);
    const sessionId = query.get('session');
    if (!post) return sendHtml(response, 200, threeDSecurePage(intent, sessionId));
    const approved = (await form(request)).get('result') === 'complete';
    const next = finishThreeDSecure(emulator, intent, approved);
    if (next) return redirect(response, next);
    return sendHtml(
      response,
      200,
      page(
        'Authentication finished',
        `<h1>Authentication ${approved ? 'complete' : 'failed'}</h1><p>You can close this window.</p>`,
      ),
    );
  }
  if (path === '/' || path === '') {
    return sendHtml(
      response,
      200,
      page(
        'Stripe emulator',
        '<h1>Stripe emulator</h1><p>The API is under <code>/v1</code>. Admin routes are under <code>/_emulator</code>.</p>',
      ),
    );
  }
  sendHtml(response, 404, notFound);
}
