import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browser } from '../../ui/browser';
import { plans, user } from '../../test/fixtures';
import { fail, mockApi, ok } from '../../test/mock-api';
import { renderApp } from '../../test/render';

const signedOut = fail(401, 'UNAUTHENTICATED', 'Please log in.');

describe('account pages', () => {
  it('register shows a taken e-mail from the server next to the field', async () => {
    mockApi({
      'GET /api/profile': signedOut,
      'GET /api/csrf': ok({ csrfToken: null }),
      'POST /api/register': fail(409, 'CONFLICT', 'An account with this e-mail already exists.', {
        details: { email: 'is already registered' },
      }),
    });
    const { user: u } = renderApp('/register');
    await u.type(await screen.findByLabelText('E-mail'), 'ada@example.com');
    await u.type(screen.getByLabelText('Password'), 'long-enough');
    await u.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Is already registered')).toBeTruthy();
    expect(screen.getByLabelText('E-mail').getAttribute('aria-invalid')).toBe('true');
  });

  it('reset confirm explains a used or expired link', async () => {
    mockApi({
      'GET /api/profile': signedOut,
      'GET /api/csrf': ok({ csrfToken: null }),
      'POST /api/password-reset/confirm': fail(400, 'INVALID_TOKEN', 'This link is invalid or expired.'),
    });
    const { user: u } = renderApp('/reset-password?token=abc');
    await u.type(await screen.findByLabelText('New password'), 'new-password-1');
    await u.type(screen.getByLabelText('Repeat the new password'), 'new-password-2');
    await u.click(screen.getByRole('button', { name: 'Set password' }));
    expect(screen.getByText('The two passwords differ.')).toBeTruthy();
    await u.clear(screen.getByLabelText('Repeat the new password'));
    await u.type(screen.getByLabelText('Repeat the new password'), 'new-password-1');
    await u.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('This reset link does not work')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Request a new link' }).getAttribute('href')).toBe(
      '/forgot-password',
    );
  });

  it('reset request answers the same whether or not the account exists', async () => {
    mockApi({
      'GET /api/profile': signedOut,
      'GET /api/csrf': ok({ csrfToken: null }),
      'POST /api/password-reset': ok({}, 202),
    });
    const { user: u } = renderApp('/forgot-password');
    await u.type(await screen.findByLabelText('E-mail'), 'who@example.com');
    await u.click(screen.getByRole('button', { name: 'Mail me a reset link' }));
    expect(await screen.findByText('Check your inbox')).toBeTruthy();
  });

  it('after logging in from pricing, the chosen checkout starts by itself', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => {});
    let signedIn = false;
    const { calls } = mockApi({
      'GET /api/profile': () => (signedIn ? ok({ user: user(), csrfToken: 't' }) : signedOut),
      'GET /api/csrf': ok({ csrfToken: null }),
      'GET /api/plans': ok({ plans }),
      'GET /api/billing/status': ok(user().billing),
      'POST /api/login': () => {
        signedIn = true;
        return ok({ user: user(), csrfToken: 't2' });
      },
      'POST /api/billing/checkout': ok({
        checkoutUrl: 'https://checkout.test/s',
        sessionId: 'cs_1',
        expiresAt: '',
      }),
    });
    const { user: u } = renderApp('/login?next=%2Fpricing%3Fcheckout%3Dprice_pro_month');
    await u.type(await screen.findByLabelText('E-mail'), 'ada@example.com');
    await u.type(screen.getByLabelText('Password'), 'long-enough');
    await u.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://checkout.test/s'));
    expect(calls.find((c) => c.path === '/api/billing/checkout')?.body).toEqual({
      priceId: 'price_pro_month',
    });
    expect(calls.filter((c) => c.path === '/api/billing/checkout')).toHaveLength(1);
  });
});
