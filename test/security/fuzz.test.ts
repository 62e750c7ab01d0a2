import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/accounts/create-admin.ts';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { HOSTILE_STRINGS, installWriteLog, listRoutes, type Route, type WriteLog } from './support.ts';

/**
 * Generated malformed requests against every route of the app (read from Fastify, so new routes are
 * fuzzed too), signed out, as a user and as an admin, always with a valid CSRF token so that the
 * request reaches validation. FUZZ_RUNS sets the number of requests, FUZZ_SEED replays a failure
 * (fast-check prints the seed and path when a property fails).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 2 ** 31);

let t: TestApp;
let log: WriteLog;
const ids: Record<string, string> = {};
const clients: Record<'anonymous' | 'user' | 'admin', TestClient> = {} as never;

const signIn = async () => {
  clients.anonymous = t.client();
  clients.user = t.client();
  await clients.user.login('fuzz-user@example.com', 'fuzz-user-password');
  clients.admin = t.client();
  ids.admin = (await clients.admin.login('fuzz-admin@example.com', 'fuzz-admin-password')).id;
};

beforeAll(async () => {
  t = await startTestApp();
  // A configured secret, so the webhook answers the signature check rather than 503 "not configured".
  t.deps.stripe.webhookSecret = 'whsec_fuzz';
  log = await installWriteLog(t.database);
  await createAdmin(
    t.database.db,
    { email: 'fuzz-admin@example.com', password: 'fuzz-admin-password' },
    t.clock.now(),
  );
  ids.user = (await t.client().register('fuzz-user@example.com', 'fuzz-user-password', 'Fuzz')).id;
  await signIn();
});
afterAll(() => t.close());

// Field names used anywhere in API.md bodies and queries, so generated objects reach deep validation.
const FIELDS = [
  'email',
  'password',
  'name',
  'token',
  'priceId',
  'promotionCode',
  'atPeriodEnd',
  'reason',
  'feedback',
  'returnUrl',
  'prompt',
  'reminders',
  'tier',
  'durationMonths',
  'isPaid',
  'comment',
  'autoRenew',
  'paymentMethodId',
  'immediately',
  'days',
  'hours',
  'to',
  'amount',
  'q',
  'page',
  'pageSize',
  'limit',
  'startingAfter',
  'userId',
  'status',
  'type',
  'processed',
  'kind',
  'from',
  '__proto__',
  'constructor',
];
const PLAUSIBLE = [
  'premium_monthly',
  'pro_pass_30d',
  'free',
  'pro',
  'pm_card_visa',
  'pm_card_chargeDeclined',
  '2026-02-01T00:00:00Z',
  '2026-02-01',
  'not-an-email@',
  'someone@example.com',
  'true',
  'false',
  '-1',
  '1e309',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  'cs_test_x',
  'evt_x',
  '/billing',
  '//evil.example',
  'https://evil.example/',
];

const huge = fc.constantFrom('x'.repeat(70_000), '€'.repeat(30_000), '\u{1F600}'.repeat(20_000));
const scalar = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...PLAUSIBLE),
  fc.integer().map(String),
);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: huge },
);
const fieldBody = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 });
const jsonBody = fc.oneof(
  { weight: 6, arbitrary: fieldBody },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.array(value, { maxLength: 4 }) },
  { weight: 1, arbitrary: scalar },
);

interface Payload {
  body?: string;
  contentType?: string;
}
const payload: fc.Arbitrary<Payload> = fc.oneof(
  {
    weight: 8,
    arbitrary: jsonBody.map((b) => ({ body: JSON.stringify(b), contentType: 'application/json' })),
  },
  { weight: 1, arbitrary: fc.string().map((b) => ({ body: b, contentType: 'application/json' })) },
  {
    weight: 2,
    arbitrary: fc.record({
      body: jsonBody.map((b) => JSON.stringify(b)),
      contentType: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        '',
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({}) },
);

const pathSegment = fc.oneof(
  fc
    .constantFrom(
      () => ids.user!,
      () => ids.admin!,
    )
    .map((f) => f()),
  fc.uuid(),
  fc.string({ minLength: 1 }),
  fc.constantFrom(...HOSTILE_STRINGS, ...PLAUSIBLE, '..', '.', '%2e%2e%2f', 'cs_' + 'a'.repeat(300)),
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string()), fc.oneof(scalar.map(String), huge), {
      maxKeys: 4,
    })
    .map((q) => `?${new URLSearchParams(q)}`),
  fc.constantFrom('?a[b]=1&&=&q', '?page=1&page=2', '?q=%', '?%zz', '?limit=1e3', '?__proto__[x]=1'),
);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

// Routes that start or end a session are fuzzed signed out, so the signed-in clients stay signed in.
const SESSION_ROUTES = /^\/api\/(register|login|logout|password-reset)/;

const request = (routes: Route[]) =>
  fc.record({
    route: fc.constantFrom(...routes),
    otherMethod: fc.oneof(
      { weight: 7, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
    ),
    who: fc.constantFrom('anonymous', 'user', 'admin', 'admin') as fc.Arbitrary<keyof typeof clients>,
    params: fc.array(pathSegment, { minLength: 4, maxLength: 4 }),
    // Mostly the path as registered; sometimes with a trailing or doubled slash, which must route alike.
    spelling: fc.constantFrom('', '', '', '', '/', '//'),
    query,
    payload,
    // Mostly the client's own cookie and token; sometimes a forged cookie, or a missing or wrong token.
    tamper: fc.constantFrom(null, null, null, null, null, null, 'forged-cookie', 'no-token', 'wrong-token'),
  });

const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;

function errorShapeProblem(statusCode: number, text: string): string | undefined {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the error body is not JSON';
  }
  if (body?.success !== false) return 'success is not false';
  if (typeof body.error !== 'string' || body.error.length === 0) return 'error is not a sentence';
  if (typeof body.code !== 'string' || !UPPER_SNAKE.test(body.code)) return 'code is not UPPER_SNAKE';
  if (body.status !== statusCode) return 'status differs from the HTTP status';
  if (body.details !== undefined) {
    if (typeof body.details !== 'object' || body.details === null || Array.isArray(body.details))
      return 'details is not an object';
    if (!Object.values(body.details).every((v) => typeof v === 'string')) return 'details are not messages';
  }
  if (/\bat .+:\d+:\d+/.test(text)) return 'a stack trace';
  return undefined;
}

describe('fuzzing every route', () => {
  it(`${RUNS} malformed requests: no 5xx, errors in the API.md shape, nothing written by a refused one`, async () => {
    const routes = listRoutes(t.app);
    expect(routes.length).toBeGreaterThan(40);
    const statuses = new Map<number, number>();
    const hit = new Set<string>();
    console.log(`fuzz: ${RUNS} requests over ${routes.length} routes, seed ${SEED} (FUZZ_SEED=${SEED})`);

    await log.next(); // the set-up's own writes
    await fc.assert(
      fc.asyncProperty(request(routes), async (r) => {
        let i = 0;
        const path = r.route.url.replace(/:[A-Za-z]+/g, () => encodeURIComponent(r.params[i++ % 4]!));
        const url = (r.spelling === '//' ? path.replace('/api/', '/api//') : path + r.spelling) + r.query;
        const method = r.otherMethod ?? r.route.method;
        const client = SESSION_ROUTES.test(r.route.url) ? clients.anonymous : clients[r.who];
        const headers: Record<string, string> = {};
        if (client.cookie) headers.cookie = client.cookie;
        if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
        if (r.tamper === 'forged-cookie') headers.cookie = `tollgate_session=${'Zm9yZ2Vk'.repeat(5)}`;
        if (r.tamper === 'no-token') delete headers['x-csrf-token'];
        if (r.tamper === 'wrong-token') headers['x-csrf-token'] = 'A'.repeat(43);
        if (r.payload.contentType !== undefined) headers['content-type'] = r.payload.contentType;
        const sendsBody = !['GET', 'HEAD'].includes(method) && r.payload.body !== undefined;

        const response = await t.app.inject({
          method,
          url,
          headers,
          ...(sendsBody ? { payload: r.payload.body } : {}),
        });
        const status = response.statusCode;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        hit.add(`${r.route.method} ${r.route.url}`);
        const what = `${method} ${url.slice(0, 300)} as ${r.who} → ${status} ${response.body.slice(0, 300)}`;

        if (status >= 500) throw new Error(`5xx: ${what}`);
        if (status >= 400) {
          // A HEAD answer has headers only, by HTTP's rules.
          const problem = method === 'HEAD' ? undefined : errorShapeProblem(status, response.body);
          if (problem) throw new Error(`error shape (${problem}): ${what}`);
          const writes = await log.next();
          // A failed login is recorded on purpose: that record is the brute-force throttle.
          const allowed = (w: { table: string }) =>
            r.route.url.startsWith('/api/login') && status === 401 && w.table === 'login_failures';
          const unexpected = writes.filter((w) => !allowed(w));
          if (unexpected.length > 0)
            throw new Error(`a refused request wrote ${JSON.stringify(unexpected)}: ${what}`);
        } else {
          await log.next();
        }
        if (status < 400 && r.route.url === '/api/dev/clock/advance') {
          // A valid time jump may end the 30-day sessions, as it would for real users.
          await signIn();
          await log.next(); // signing in again writes sessions: not the next request's doing
        }
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
    console.log(
      `fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, ${hit.size}/${routes.length} routes hit`,
    );
    expect(hit.size).toBe(routes.length);
  }, 600_000);
});
