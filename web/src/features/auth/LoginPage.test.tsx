import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, mockApi, ok } from '../../test/mock-api';
import { renderApp } from '../../test/render';
import { user } from '../../test/fixtures';

const signedOut = fail(401, 'UNAUTHENTICATED', 'Please log in.');

describe('LoginPage', () => {
  it('validates before sending anything', async () => {
    const { calls } = mockApi({ 'GET /api/profile': signedOut });
    const { user: u } = renderApp('/login');
    await u.click(await screen.findByRole('button', { name: 'Log in' }));
    expect(screen.getByText('Enter your e-mail address.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(screen.getByLabelText('E-mail').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.path === '/api/login')).toBe(false);
  });

  it('shows field errors from the server details', async () => {
    mockApi({
      'GET /api/profile': signedOut,
      'GET /api/csrf': ok({ csrfToken: 'tok' }),
      'POST /api/login': fail(400, 'VALIDATION_FAILED', 'Some fields are invalid.', {
        details: { email: 'This address cannot receive mail.' },
      }),
    });
    const { user: u } = renderApp('/login');
    await u.type(await screen.findByLabelText('E-mail'), 'ada@example.com');
    await u.type(screen.getByLabelText('Password'), 'secret-password');
    await u.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('This address cannot receive mail.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Some fields are invalid.');
  });

  it('shows the server message for wrong credentials', async () => {
    mockApi({
      'GET /api/profile': signedOut,
      'GET /api/csrf': ok({ csrfToken: 'tok' }),
      'POST /api/login': fail(401, 'INVALID_CREDENTIALS', 'E-mail or password is wrong.'),
    });
    const { user: u } = renderApp('/login');
    await u.type(await screen.findByLabelText('E-mail'), 'ada@example.com');
    await u.type(screen.getByLabelText('Password'), 'nope-nope');
    await u.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('E-mail or password is wrong.');
  });

  it('signs in with the CSRF header and goes to ?next', async () => {
    const { calls } = mockApi({
      'GET /api/profile': signedOut,
      'GET /api/csrf': ok({ csrfToken: 'tok-1' }),
      'POST /api/login': ok({ user: user(), csrfToken: 'tok-2' }),
    });
    const { user: u } = renderApp('/login?next=%2Fpricing');
    await u.type(await screen.findByLabelText('E-mail'), 'ada@example.com');
    await u.type(screen.getByLabelText('Password'), 'secret-password');
    await u.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/pricing'));
    const login = calls.find((c) => c.path === '/api/login');
    expect(login?.headers['X-CSRF-Token']).toBe('tok-1');
    expect(login?.body).toEqual({ email: 'ada@example.com', password: 'secret-password' });
  });
});
