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
  /** Indexes of the `:name` segments. */
  captures: number[];
  handler: Handler;
}

/** The routes of one method and segment count, also grouped by their second segment (`customers`). */
interface Group {
  /** Per literal second segment: the routes with that segment or a capture there, in registration order. */
  bySecond: Map<string, Route[]>;
  /** The routes with a capture as second segment, for paths whose second segment no route names. */
  anySecond: Route[];
}

/** Routes by method and path segments; `:name` segments are captured in order. */
export class Router {
  private readonly groups = new Map<string, Group>();

  on(method: string, pattern: string, handler: Handler): void {
    const segments = pattern.split('/').filter(Boolean);
    const captures = segments.flatMap((segment, index) => (segment.startsWith(':') ? [index] : []));
    const route: Route = { segments, captures, handler };
    const key = `${method} ${segments.length}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { bySecond: new Map(), anySecond: [] };
      this.groups.set(key, group);
    }
    const second = segments[1];
    if (second === undefined || second.startsWith(':')) {
      group.anySecond.push(route);
      for (const routes of group.bySecond.values()) routes.push(route);
      return;
    }
    let routes = group.bySecond.get(second);
    if (!routes) {
      routes = [...group.anySecond];
      group.bySecond.set(second, routes);
    }
    routes.push(route);
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
    const group = this.groups.get(`${method} ${parts.length}`);
    if (!group) return undefined;
    const second = parts[1];
    const candidates = (second !== undefined && group.bySecond.get(second)) || group.anySecond;
    // Literal routes win over captures (`/v1/customers/search` before `/v1/customers/:id`).
    let fallback: Route | undefined;
    for (const route of candidates) {
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const segment = route.segments[i]!;
        if (segment.charCodeAt(0) !== 58 /* : */ && segment !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.captures.length === 0) return { handler: route.handler, pathParams: [] };
      fallback ??= route;
    }
    if (!fallback) return undefined;
    return {
      handler: fallback.handler,
      pathParams: fallback.captures.map((index) => decodeURIComponent(parts[index]!)),
    };
  }
}
