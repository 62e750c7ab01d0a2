import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The headers helmet sends, worked out once. @fastify/helmet rebuilds its middleware (and re-parses
 * the Content-Security-Policy) in two hooks on every request, which cost more than the rest of a
 * cached, signed-in request; the headers only depend on the options, so they are computed here by
 * running @fastify/helmet itself once on a throwaway instance.
 */
export async function securityHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const probe = Fastify();
  try {
    await probe.register(helmet, options);
    probe.get('/', (_request, reply) => reply.send(''));
    const plain = await probe.inject({ method: 'GET', url: '/' });
    const bare = Fastify();
    bare.get('/', (_request, reply) => reply.send(''));
    const without = await bare.inject({ method: 'GET', url: '/' });
    await bare.close();
    return Object.entries(plain.headers)
      .filter(([name]) => !(name in without.headers))
      .map(([name, value]) => [name, String(value)]);
  } finally {
    await probe.close();
  }
}

/** Sends helmet's headers on every response (errors and 404s included), set as early as helmet does. */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: FastifyHelmetOptions,
): Promise<void> {
  const headers = await securityHeaders(options);
  // On Fastify's reply (not reply.raw.setHeader): Node then takes the header object whole in
  // writeHead instead of validating every header once when set and again when written.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.header(name, value);
    done();
  });
}
