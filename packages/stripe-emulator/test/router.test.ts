import { describe, expect, it } from 'vitest';
import { Router, type Handler } from '../src/server/router.ts';

function routerWith(routes: [string, string][]): { router: Router; names: Map<Handler, string> } {
  const router = new Router();
  const names = new Map<Handler, string>();
  for (const [method, pattern] of routes) {
    const handler: Handler = () => pattern;
    names.set(handler, `${method} ${pattern}`);
    router.on(method, pattern, handler);
  }
  return { router, names };
}

describe('router', () => {
  const { router, names } = routerWith([
    ['GET', '/v1/customers/:id'],
    ['GET', '/v1/customers/search'],
    ['POST', '/v1/customers/:id'],
    ['GET', '/v1/products/:id'],
    ['GET', '/v1/customers/:id/balance_transactions'],
    ['GET', '/v1/:anything/:id/echo'],
    ['GET', '/v1/invoices/:id/echo'],
  ]);
  const match = (method: string, path: string) => {
    const found = router.match(method, path);
    return found ? { route: names.get(found.handler), params: found.pathParams } : undefined;
  };

  it('prefers a literal route to a capture, whatever the order they were added in', () => {
    expect(match('GET', '/v1/customers/search')).toEqual({ route: 'GET /v1/customers/search', params: [] });
    expect(match('GET', '/v1/customers/cus_1')).toEqual({
      route: 'GET /v1/customers/:id',
      params: ['cus_1'],
    });
  });

  it('matches by method and segment count and decodes captured segments', () => {
    expect(match('POST', '/v1/customers/cus%5F2')).toEqual({
      route: 'POST /v1/customers/:id',
      params: ['cus_2'],
    });
    expect(match('GET', '/v1/products/prod_1')).toEqual({
      route: 'GET /v1/products/:id',
      params: ['prod_1'],
    });
    expect(match('GET', '/v1/customers/cus_1/balance_transactions')?.route).toBe(
      'GET /v1/customers/:id/balance_transactions',
    );
  });

  it('keeps registration order between a capture in the second segment and later literal routes', () => {
    expect(match('GET', '/v1/invoices/in_1/echo')).toEqual({
      route: 'GET /v1/:anything/:id/echo',
      params: ['invoices', 'in_1'],
    });
    expect(match('GET', '/v1/prices/price_1/echo')).toEqual({
      route: 'GET /v1/:anything/:id/echo',
      params: ['prices', 'price_1'],
    });
  });

  it('finds nothing for an unknown path, method or length, or a literal that differs', () => {
    expect(match('DELETE', '/v1/customers/cus_1')).toBeUndefined();
    expect(match('GET', '/v1/refunds/re_1')).toBeUndefined();
    expect(match('GET', '/v1/customers')).toBeUndefined();
    expect(match('GET', '/v1/customers/cus_1/other')).toBeUndefined();
  });

  it('throws on a malformed escape in a captured segment (the API answers it as a server error)', () => {
    expect(() => router.match('GET', '/v1/products/%E0%A4%A')).toThrow(URIError);
  });
});
