import type { IncomingHttpHeaders } from 'node:http';

export interface ApiRequest {
  method: string;
  path: string;
  pathParams: string[];
  params: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export type Handler = (request: ApiRequest) => unknown;

interface Route {
  segments: string[];
  handler: Handler;
}

/** Routes by method and path segments; `:name` segments are captured in order. */
export class Router {
  private readonly routes = new Map<string, Route[]>();

  on(method: string, pattern: string, handler: Handler): void {
    const segments = pattern.split('/').filter(Boolean);
    const key = `${method} ${segments.length}`;
    const list = this.routes.get(key) ?? [];
    list.push({ segments, handler });
    this.routes.set(key, list);
  }

  get(pattern: string, handler: Handler): void {
    this.on('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): void {
    this.on('POST', pattern, handler);
  }

  delete(pattern: string, handler: Handler): void {
    this.on('DELETE', pattern, handler);
  }

  match(method: string, path: string): { handler: Handler; pathParams: string[] } | undefined {
    const parts = path.split('/').filter(Boolean);
    const candidates = this.routes.get(`${method} ${parts.length}`);
    if (!candidates) return undefined;
    // Literal routes win over captures (`/v1/customers/search` before `/v1/customers/:id`).
    let fallback: { handler: Handler; pathParams: string[] } | undefined;
    for (const route of candidates) {
      const pathParams: string[] = [];
      let literal = true;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const segment = route.segments[i]!;
        if (segment.startsWith(':')) {
          pathParams.push(decodeURIComponent(parts[i]!));
          literal = false;
        } else if (segment !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (literal) return { handler: route.handler, pathParams };
      fallback ??= { handler: route.handler, pathParams };
    }
    return fallback;
  }
}
