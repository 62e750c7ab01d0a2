import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/accounts/create-admin.ts';
import { WEBHOOK_PATHS } from '../../src/webhooks/routes.ts';
import { expectErrorShape, startTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { installWriteLog, listRoutes, STATE_CHANGING, type Route, type WriteLog } from './support.ts';

let t: TestApp;
let log: WriteLog;
let admin: TestClient;
let user: TestClient;
let userId: string;
beforeAll(async () => {
  t = await startTestApp();
  log = await installWriteLog(t.database);
  await createAdmin(t.database.db, { email: 'root@example.com', password: 'root-password' }, t.clock.now());
  admin = t.client();
  await admin.login('root@example.com', 'root-password');
  user = t.client();
  userId = (await user.register('plain@example.com')).id;
});
afterAll(() => t.close());

/** A concrete URL for a route: path parameters get ids of the right shape (real ones where we have them). */
const concrete = (route: Route) =>
  route.url
    .replace(':userId', userId)
    .replace(':sessionId', 'cs_test_someone')
    .replace(':eventId', 'evt_test_someone')
    .replace(/:[A-Za-z]+Id/g, randomUUID());

const send = (client: TestClient, route: Route, headers: Record<string, string> = {}) =>
  client.request(route.method as 'POST', concrete(route), route.method === 'GET' ? undefined : {}, headers);

describe('the route list the attacks run over', () => {
  it('is read from the app and holds every kind of route', () => {
    const routes = listRoutes(t.app).map((r) => `${r.method} ${r.url}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/login',
        'GET /api/billing/checkout/:sessionId',
        'PUT /api/admin/users/:userId/subscription',
        'POST /api/admin/webhook-events/:eventId/replay',
        'POST /api/dev/clock/advance',
        'POST /api/stripe/webhook',
      ]),
    );
    expect(routes.length).toBeGreaterThan(40);
  });
});

describe('CSRF on every state-changing route', () => {
  const stateChanging = () =>
    listRoutes(t.app).filter((r) => STATE_CHANGING.has(r.method) && !WEBHOOK_PATHS.includes(r.url));

  it('refuses a signed-in request without X-CSRF-Token, or with a wrong or foreign one, and writes nothing', async () => {
    const routes = stateChanging();
    expect(routes.length).toBeGreaterThan(20);
    for (const client of [admin, user]) {
      for (const route of routes) {
        for (const token of ['', 'x'.repeat(43), client === admin ? user.csrfToken! : admin.csrfToken!]) {
          const before = await log.count();
          const response = await send(client, route, { 'x-csrf-token': token });
          expect(response.statusCode, `${route.method} ${route.url}: ${response.body}`).toBe(403);
          expectErrorShape(response, 403, 'CSRF_FAILED');
          expect(await log.since(before), `${route.method} ${route.url} wrote`).toEqual([]);
        }
      }
    }
    // Both sessions are still alive: no logout, no password change slipped through.
    expect((await admin.get('/api/profile')).statusCode).toBe(200);
    expect((await user.get('/api/profile')).statusCode).toBe(200);
  });

  it('the webhook is exempt only because it checks a signature instead', async () => {
    for (const url of WEBHOOK_PATHS) {
      const response = await user.post(url, '{}', { 'x-csrf-token': '', 'content-type': 'application/json' });
      // Without a configured secret 503, with one 400 INVALID_SIGNATURE: never accepted.
      expect([400, 503]).toContain(response.statusCode);
      expect(response.json.success).toBe(false);
    }
  });
});

describe('admin and development routes', () => {
  // The dev mailbox is deliberately open in embedded mode (a developer's own machine, API.md).
  const openInEmbedded = new Set(['/api/dev/emails', '/dev/mail']);
  const privileged = () =>
    listRoutes(t.app).filter(
      (r) =>
        (r.url.startsWith('/api/admin') || r.url.startsWith('/api/dev') || r.url.startsWith('/dev/')) &&
        !(t.config.embedded && openInEmbedded.has(r.url)),
    );

  it('answer 403 FORBIDDEN to a signed-in user (with a valid CSRF token) and write nothing', async () => {
    const routes = privileged();
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) {
      const before = await log.count();
      const response = await send(user, route);
      expect(response.statusCode, `${route.method} ${route.url}: ${response.body}`).toBe(403);
      expectErrorShape(response, 403, 'FORBIDDEN');
      expect(await log.since(before), `${route.method} ${route.url} wrote`).toEqual([]);
    }
  });

  it('answer 401 UNAUTHENTICATED signed out', async () => {
    for (const route of privileged()) {
      const response = await send(t.client(), route);
      expect(response.statusCode, `${route.method} ${route.url}: ${response.body}`).toBe(401);
      expectErrorShape(response, 401, 'UNAUTHENTICATED');
    }
  });

  it('a user cannot make themselves admin through any body field', async () => {
    const sneaky = t.client();
    const registered = await sneaky.post('/api/register', {
      email: 'sneaky@example.com',
      password: 'long enough',
      role: 'admin',
      isAdmin: true,
    });
    expect(registered.statusCode).toBe(201);
    expect(registered.data.user.role).toBe('user');
    expectErrorShape(await sneaky.get('/api/admin/users'), 403, 'FORBIDDEN');
    await sneaky.request('PUT', '/api/profile/email-preferences', { reminders: false, role: 'admin' });
    expect((await sneaky.get('/api/profile')).data.user.role).toBe('user');
  });
});

describe('session fixation', () => {
  // A valid planted session (the attacker's own) is covered by test/accounts/login.test.ts
  // ("rotates the session id on login…") and register by test/accounts/register.test.ts.
  it('a made-up session id planted before login is neither kept nor accepted', async () => {
    const victim = t.client();
    const planted = 'tollgate_session=' + 'A'.repeat(43);
    victim.cookie = planted;
    expectErrorShape(await victim.get('/api/profile'), 401, 'UNAUTHENTICATED');
    await victim.login('plain@example.com');
    expect(victim.cookie).toBeDefined();
    expect(victim.cookie).not.toBe(planted);
    const attacker = t.client();
    attacker.cookie = planted;
    expectErrorShape(await attacker.get('/api/profile'), 401, 'UNAUTHENTICATED');
  });
});
