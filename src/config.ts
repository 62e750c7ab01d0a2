import { z } from 'zod';

const optionalUrl = z.url().optional();
const perMinute = z.coerce.number().int().min(0);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  APP_URL: optionalUrl,
  DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().optional(),
  // Which X-Forwarded-For hops to believe: `true` (every one: only when the proxy overwrites the header),
  // a hop count (the safer choice behind N proxies that append), or the proxies' addresses/CIDRs.
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      const v = value.trim().toLowerCase();
      if (['false', '0', 'no', 'off', ''].includes(v)) return false;
      if (['true', 'yes', 'on'].includes(v)) return true;
      if (/^[1-9]\d?$/.test(v)) return Number(v);
      const list = v.split(',').map((a) => a.trim());
      if (list.every((a) => /^[0-9a-f:.]+(\/\d{1,3})?$/.test(a) && /[.:]/.test(a))) return list;
      ctx.addIssue({
        code: 'custom',
        message: 'must be true, false, a hop count or a list of proxy addresses',
      });
      return z.NEVER;
    }),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  RATE_LIMIT_IP_PER_MINUTE: perMinute.default(1000),
  RATE_LIMIT_USER_PER_MINUTE: perMinute.default(600),
  // Time to receive a whole request, body included: a client trickling bytes is cut off with 408.
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_…, sk_live_… or rk_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, 'must start with whsec_')
    .optional(),
  STRIPE_API_BASE: optionalUrl,
  STRIPE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(12111),
  PLANS_FILE: z.string().min(1).optional(),
  PAST_DUE_GRACE_DAYS: z.coerce.number().int().min(0).max(365).optional(),
  WORKER_IN_PROCESS: z.stringbool().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Tollgate <no-reply@tollgate.local>'),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  port: number;
  host: string;
  appUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Embedded mode: no DATABASE_URL, so PGlite under DATA_DIR and everything in one process. */
  embedded: boolean;
  sessionSecret: string;
  secureCookies: boolean;
  logLevel: Env['LOG_LEVEL'];
  corsOrigins: string[];
  trustProxy: boolean | number | string[];
  redisUrl: string | undefined;
  rateLimitIpPerMinute: number;
  rateLimitUserPerMinute: number;
  requestTimeoutMs: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  stripeApiBase: string | undefined;
  /** No Stripe key outside production: the emulator runs in-process on this port. */
  useEmbeddedEmulator: boolean;
  stripeEmulatorPort: number;
  /** Development mode: the emulator or a Stripe test key, never production (API.md § Development mode). */
  devMode: boolean;
  plansFile: string | undefined;
  pastDueGraceDays: number | null;
  workerInProcess: boolean;
  /** Unset: mail stays in the dev mailbox (the outbox table, shown at /dev/mail). */
  smtpUrl: string | undefined;
  mailFrom: string;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; a missing or malformed variable is named in the error. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const blank = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blank);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  if (isProduction) {
    const missing = (
      [
        'SESSION_SECRET',
        'DATABASE_URL',
        'APP_URL',
        'STRIPE_SECRET_KEY',
        // STRIPE_WEBHOOK_SECRET may instead be stored by `tollgate webhooks register`: the server checks.
        'SMTP_URL',
      ] as const
    ).filter((k) => !env[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration:\n${missing.map((k) => `  ${k}: required when NODE_ENV=production`).join('\n')}`,
      );
    }
  }
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    appUrl,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    embedded: !env.DATABASE_URL,
    // Outside production a fixed development secret keeps sessions valid across restarts.
    sessionSecret: env.SESSION_SECRET ?? 'tollgate-development-secret-do-not-use-in-production',
    secureCookies: isProduction || appUrl.startsWith('https://'),
    logLevel: env.LOG_LEVEL,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: env.TRUST_PROXY,
    redisUrl: env.REDIS_URL,
    rateLimitIpPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
    rateLimitUserPerMinute: env.RATE_LIMIT_USER_PER_MINUTE,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    adminEmail: env.ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD,
    stripeSecretKey: env.STRIPE_SECRET_KEY,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET,
    stripeApiBase: env.STRIPE_API_BASE,
    useEmbeddedEmulator: !env.STRIPE_SECRET_KEY,
    stripeEmulatorPort: env.STRIPE_EMULATOR_PORT,
    devMode: !isProduction && (!env.STRIPE_SECRET_KEY || /^(sk|rk)_test_/.test(env.STRIPE_SECRET_KEY)),
    plansFile: env.PLANS_FILE,
    pastDueGraceDays: env.PAST_DUE_GRACE_DAYS ?? null,
    workerInProcess: env.WORKER_IN_PROCESS ?? !env.DATABASE_URL,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
  };
}
