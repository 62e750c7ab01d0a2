/** A browser-like client of a running server over real HTTP: keeps the session cookie and CSRF token. */
export class HttpClient {
  base: string;
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(base: string) {
    this.base = base;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: any; data: T }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      if (pair && pair.split('=')[1]) this.cookie = pair;
    }
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = { raw: text };
    }
    if (json?.data?.csrfToken) this.csrfToken = json.data.csrfToken;
    return { status: response.status, json, data: json?.data };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body: unknown = {}) => this.request<T>('POST', path, body);

  async register(email: string, password = 'stress-password-1'): Promise<string> {
    const answer = await this.post('/api/register', { email, password });
    if (answer.status !== 201)
      throw new Error(`register ${email}: ${answer.status} ${JSON.stringify(answer.json)}`);
    return answer.data.user.id as string;
  }
}
