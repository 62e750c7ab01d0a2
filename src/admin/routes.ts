import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';

/** The admin API (API.md § Admin): role `admin` only, every action in the audit log. */
export function adminRoutes(_app: FastifyInstance, _deps: AppDeps): void {}
