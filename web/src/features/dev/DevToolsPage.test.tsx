import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { user } from '../../test/fixtures';
import { fail, mockApi, ok } from '../../test/mock-api';
import { renderApp } from '../../test/render';

const admin = ok({ user: user({ role: 'admin' }), csrfToken: 'tok' });

describe('DevToolsPage', () => {
  it('advances the clock and renders mail in a sandboxed frame', async () => {
    const { calls } = mockApi({
      'GET /api/profile': admin,
      'GET /api/dev/clock': ok({ now: '2026-11-21T00:00:00.000Z' }),
      'POST /api/dev/clock/advance': ok({ now: '2026-11-28T00:00:00.000Z' }),
      'GET /api/dev/emails': ok({
        emails: [
          {
            id: 'm1',
            to: 'ada@example.com',
            subject: 'Your trial ends soon',
            kind: 'trial_ending',
            text: 'Hi',
            html: '<p>Hi Ada</p>',
            sentAt: '2026-11-21T00:00:00.000Z',
          },
        ],
      }),
    });
    const { user: u } = renderApp('/admin/dev');
    expect(await screen.findByText('(2026-11-21T00:00:00.000Z)')).toBeTruthy();
    await u.click(screen.getByRole('button', { name: '+7 days' }));
    expect(await screen.findByText('(2026-11-28T00:00:00.000Z)')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/dev/clock/advance')?.body).toEqual({ days: 7 });

    await u.click(await screen.findByRole('button', { name: /Your trial ends soon/ }));
    const frame = screen.getByTitle('E-mail: Your trial ends soon');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toBe('<p>Hi Ada</p>');
  });

  it('explains when the server is not in development mode', async () => {
    mockApi({
      'GET /api/profile': admin,
      'GET /api/dev/clock': fail(404, 'NOT_FOUND', 'Not found.'),
      'GET /api/dev/emails': fail(404, 'NOT_FOUND', 'Not found.'),
    });
    renderApp('/admin/dev');
    expect(await screen.findByText(/Time travel is not available/)).toBeTruthy();
    expect(await screen.findByText(/The dev mailbox is not available/)).toBeTruthy();
  });
});
