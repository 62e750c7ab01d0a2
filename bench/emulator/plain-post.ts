import http from 'node:http';

/**
 * A bare round trip with node:http alone: a small form POST on a keep-alive agent (the SDK's own
 * agent is `new http.Agent({ keepAlive: true })` too), the response read to its end.
 */
export function plainPoster(port: number): { post(): Promise<void>; close(): void } {
  const agent = new http.Agent({ keepAlive: true });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve());
        },
      );
      request.on('error', reject);
      request.end('a=1');
    });
  return { post, close: () => agent.destroy() };
}
