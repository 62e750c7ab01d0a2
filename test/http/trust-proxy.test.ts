import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startTestApp } from '../support/test-app.ts';

/**
 * Three requests through one proxy, each `[what the client forged, the address the proxy appended]`;
 * the per-IP limit (2 a minute) shows whom the app took each for.
 */
async function statusesBehindProxy(trustProxy: string, hops: [string, string][]): Promise<number[]> {
  const t = await startTestApp({ env: { TRUST_PROXY: trustProxy, RATE_LIMIT_IP_PER_MINUTE: '2' } });
  try {
    const statuses: number[] = [];
    for (const [forged, seen] of hops) {
      const response = await t.client().get('/api/csrf', { 'x-forwarded-for': `${forged}, ${seen}` });
      statuses.push(response.statusCode);
    }
    return statuses;
  } finally {
    await t.close();
  }
}

// One client forging a new address each time, and three real clients forging the same one.
const oneClientForging: [string, string][] = [
  ['1.1.1.1', '203.0.113.7'],
  ['2.2.2.2', '203.0.113.7'],
  ['3.3.3.3', '203.0.113.7'],
];
const threeClients: [string, string][] = [
  ['1.1.1.1', '203.0.113.7'],
  ['1.1.1.1', '203.0.113.8'],
  ['1.1.1.1', '203.0.113.9'],
];

describe('TRUST_PROXY', () => {
  it('reads true/false, a hop count or a list of proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    for (const bad of ['maybe', '-1', '10.0.0.0/8; drop']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY:/);
    }
  });

  it('off: every request is the proxy itself, whatever X-Forwarded-For says', async () => {
    expect(await statusesBehindProxy('false', threeClients)).toEqual([200, 200, 429]);
  });

  it('one hop, or the proxy by address: the address the proxy appended counts, not the forged one', async () => {
    for (const setting of ['1', '127.0.0.1']) {
      expect(await statusesBehindProxy(setting, oneClientForging)).toEqual([200, 200, 429]);
      expect(await statusesBehindProxy(setting, threeClients)).toEqual([200, 200, 200]);
    }
  });

  it('true believes the whole header, so a client picks its own address', async () => {
    expect(await statusesBehindProxy('true', oneClientForging)).toEqual([200, 200, 200]);
  });
});
