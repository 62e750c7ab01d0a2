import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has working defaults for a newcomer (embedded mode)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      appUrl: 'http://localhost:3000',
      dataDir: './.data',
      embedded: true,
      secureCookies: false,
      rateLimitIpPerMinute: 1000,
      rateLimitUserPerMinute: 600,
      corsOrigins: [],
    });
    expect(loadConfig({ PORT: '4000' }).appUrl).toBe('http://localhost:4000');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ APP_URL: 'not a url' }, 'APP_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ RATE_LIMIT_IP_PER_MINUTE: '-1' }, 'RATE_LIMIT_IP_PER_MINUTE'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
  ])('stops on %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it('has no insecure defaults in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: required/);
    // The webhook secret may come from the database (`tollgate webhooks register`); the server checks it.
    expect(() => loadConfig({ NODE_ENV: 'production' })).not.toThrow(/STRIPE_WEBHOOK_SECRET/);
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(40),
      DATABASE_URL: 'postgres://db/tollgate',
      APP_URL: 'https://billing.example.com/',
      STRIPE_SECRET_KEY: 'sk_live_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
      SMTP_URL: 'smtp://mail.example.com:587',
    });
    expect(config.devMode).toBe(false);
    expect(config.useEmbeddedEmulator).toBe(false);
    expect(config.secureCookies).toBe(true);
    expect(config.embedded).toBe(false);
    expect(config.appUrl).toBe('https://billing.example.com');
  });

  it('reads a CORS allow-list and treats empty variables as unset', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});
