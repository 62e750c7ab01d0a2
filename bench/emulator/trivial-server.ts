import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TrivialServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The baseline server: reads the request body and answers `{}`, the least a JSON API can do. Both
 * clients of the benchmark (plain node:http and the Stripe SDK) make real round trips to it. It sends
 * a `request-id` as the emulator does, since the SDK then reports it in its next request's telemetry
 * header: the client does the same work against both servers.
 */
export async function startTrivialServer(): Promise<TrivialServer> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': 2,
        'request-id': 'req_trivial',
      });
      response.end('{}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
