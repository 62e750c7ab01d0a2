import { describe, expect, it } from 'vitest';
import { parseForm, parseFormWithQs, parseSimple } from '../src/server/form.ts';

/** Structure, key order, array-ness and prototypes, so "the same result" means exactly that. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return ['array', value.length, ...value.map(shape)];
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) === Object.prototype ? 'plain' : 'other';
    return [
      'object',
      proto,
      ...Object.keys(value).map((key) => [key, shape((value as Record<string, unknown>)[key])]),
    ];
  }
  return value;
}

function outcome(parse: (text: string) => unknown, text: string): unknown {
  try {
    return shape(parse(text));
  } catch {
    return 'throws';
  }
}

/** Small deterministic generator (no Math.random), so a failure reproduces. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const names = ['a', 'b', 'items', 'metadata', 'price', 'x_1', 'length', 'A'];
const oddNames = ['toString', '__proto__', 'constructor', 'hasOwnProperty', '0', 'a.b', 'a%5B0%5D', ''];
const segments = [...names, '0', '0', '1', '1', '2'];
const oddSegments = [...oddNames, '3', '01', '99', '100', 'b]', '[c', '1a'];
const values = [
  '',
  '1',
  'a+b',
  'x%40y.com',
  '%E2%9C%93',
  '%ZZ',
  '%5B',
  'a]=b',
  '=',
  '%2B',
  'caf%C3%A9',
  '[]',
];

describe('form decoding', () => {
  it('decodes what the SDK sends, without qs', () => {
    expect(parseSimple('customer=cus_1&items[0][price]=price_1&expand[0]=latest_invoice')).toBeDefined();
    expect(
      parseForm(
        'email=a%40b.com&test_clock=clock_1&payment_method=pm_card_visa&invoice_settings[default_payment_method]=pm_card_visa',
      ),
    ).toEqual({
      email: 'a@b.com',
      test_clock: 'clock_1',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    expect(
      parseForm('customer=cus_1&items[0][price]=price_1&items[1][price]=price_2&items[1][quantity]=2'),
    ).toEqual({
      customer: 'cus_1',
      items: [{ price: 'price_1' }, { price: 'price_2', quantity: '2' }],
    });
  });

  it('gives exactly what qs gives, for thousands of generated bodies', () => {
    const random = generator(20261121);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const fixed = [
      'a=1&a=2',
      'a[]=1&a[]=2',
      'a[0]=x&a[b]=y',
      'a[1]=x',
      'a[0]=x&a[2]=y',
      'a=1&a[b]=2',
      'a[b]=2&a=1',
      'a[b][c][d][e][f][g][h][i]=1',
      'a[b][c][d][e][f][g][h][i][j]=1',
      'a',
      '=1',
      'a=1&',
      'a%5B0%5D=1',
      'toString=1&b=2',
      'a[toString]=1',
      'a[100]=1',
      'a[01]=1',
      'metadata[0]=x&metadata[1]=y',
    ];
    const bodies: string[] = [...fixed];
    for (let n = 0; n < 20_000; n++) {
      const params: string[] = [];
      const count = 1 + Math.floor(random() * 5);
      for (let p = 0; p < count; p++) {
        let key = random() < 0.95 ? pick(names) : pick(oddNames);
        const depth = Math.floor(random() * (random() < 0.05 ? 11 : 4));
        for (let d = 0; d < depth; d++) key += `[${random() < 0.93 ? pick(segments) : pick(oddSegments)}]`;
        if (random() < 0.03) key += '[]';
        params.push(random() < 0.03 ? key : `${key}=${pick(values)}`);
      }
      if (random() < 0.2 && params.length > 1) params.push(params[0]!);
      bodies.push(params.join('&'));
    }
    let mismatches = 0;
    let simple = 0;
    for (const body of bodies) {
      if (parseSimple(body)) simple++;
      const fast = outcome(parseForm, body);
      const expected = outcome(parseFormWithQs, body);
      if (JSON.stringify(fast) !== JSON.stringify(expected)) {
        mismatches++;
        expect({ body, fast }).toEqual({ body, fast: expected });
      }
    }
    expect(mismatches).toBe(0);
    // Both paths are exercised: thousands of bodies take the fast path, thousands go to qs.
    expect(simple).toBeGreaterThan(2000);
    expect(bodies.length - simple).toBeGreaterThan(2000);
  });
});
