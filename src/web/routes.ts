import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const webDir = (folder: string) => fileURLToPath(new URL(`../../web/${folder}/`, import.meta.url));

/** The built SPA when there is one, else the placeholder page. */
export function webRoot(): string {
  const dist = webDir('dist');
  return existsSync(`${dist}index.html`) ? dist : webDir('placeholder');
}

export async function webRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: webRoot(), wildcard: false, index: 'index.html' });
}

const serverPaths = /^\/(api|dev|health|metrics|stripe)(\/|$)/;

/** Client-side routes (/pricing, /reset-password …) get the SPA's index.html; everything else a JSON 404. */
export function serveSpaIndex(request: FastifyRequest, reply: FastifyReply): boolean {
  const path = request.url.split('?')[0] ?? '/';
  if (request.method !== 'GET' || serverPaths.test(path)) return false;
  if (!(request.headers.accept ?? '').includes('text/html')) return false;
  void reply.sendFile('index.html');
  return true;
}
