import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Entitlements } from '../billing/entitlements.ts';
import { ok } from '../http/reply.ts';
import { requireUser } from '../http/session.ts';
import { validate } from '../http/validate.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { aiGenerations } from '../platform/db/schema/index.ts';
import { generateText } from './generate-text.ts';

const generateBody = z.object({
  prompt: z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(500),
});

// The demo report's figures depend only on the length of the e-mail address (at most 254), so each
// series is worked out once; the handler only adds the time.
const seriesByLength = new Map<number, readonly { day: number; value: number }[]>();
function weeklySeries(length: number): readonly { day: number; value: number }[] {
  let series = seriesByLength.get(length);
  if (!series) {
    series = Object.freeze(
      Array.from({ length: 7 }, (_, day) => Object.freeze({ day, value: ((length * (day + 3)) % 17) + 3 })),
    );
    seriesByLength.set(length, series);
  }
  return series;
}

// Serialised by Fastify's compiled (fast-json-stringify) serialiser rather than JSON.stringify: this is
// the benchmarked route. Property order is the handler's, so the body is byte-for-byte the same.
const reportSchema = {
  response: {
    200: {
      type: 'object',
      required: ['success', 'data'],
      properties: {
        success: { type: 'boolean' },
        data: {
          type: 'object',
          required: ['title', 'generatedAt', 'series'],
          properties: {
            title: { type: 'string' },
            generatedAt: { type: 'string' },
            series: {
              type: 'array',
              items: {
                type: 'object',
                required: ['day', 'value'],
                properties: { day: { type: 'integer' }, value: { type: 'integer' } },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** The demo premium features: what a product built on Tollgate gates behind a plan. */
export function premiumRoutes(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock; entitlements: Entitlements },
): void {
  // Not async: it has nothing to wait for (Fastify sends what a plain handler returns), and a promise
  // per request is measurable on this, the benchmarked route.
  const reportOptions = { schema: reportSchema, preHandler: deps.entitlements.requireFeature('reports') };
  app.get('/api/pro/report', reportOptions, (request) => {
    const user = requireUser(request);
    return ok({
      title: 'Your weekly report',
      generatedAt: deps.clock.now().toISOString(),
      series: weeklySeries(user.email.length),
    });
  });

  app.post(
    '/api/ai/generate',
    { preHandler: deps.entitlements.requireFeature('ai_generator') },
    async (request) => {
      const user = requireUser(request);
      const { prompt } = validate(generateBody, request.body);
      const [row] = await deps.db
        .insert(aiGenerations)
        .values({ userId: user.id, prompt, output: generateText(prompt), createdAt: deps.clock.now() })
        .returning();
      return ok({
        id: row!.id,
        prompt: row!.prompt,
        output: row!.output,
        createdAt: row!.createdAt.toISOString(),
      });
    },
  );

  app.get(
    '/api/ai/history',
    { preHandler: deps.entitlements.requireFeature('ai_generator') },
    async (request) => {
      const user = requireUser(request);
      const rows = await deps.db
        .select()
        .from(aiGenerations)
        .where(eq(aiGenerations.userId, user.id))
        .orderBy(desc(aiGenerations.createdAt))
        .limit(50);
      return ok({
        items: rows.map((r) => ({
          id: r.id,
          prompt: r.prompt,
          output: r.output,
          createdAt: r.createdAt.toISOString(),
        })),
      });
    },
  );
}
