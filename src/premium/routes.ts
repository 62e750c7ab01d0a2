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

/** The demo premium features: what a product built on Tollgate gates behind a plan. */
export function premiumRoutes(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock; entitlements: Entitlements },
): void {
  app.get('/api/pro/report', { preHandler: deps.entitlements.requireFeature('reports') }, async (request) => {
    const user = requireUser(request);
    const week = Array.from({ length: 7 }, (_, day) => ({
      day,
      value: ((user.email.length * (day + 3)) % 17) + 3,
    }));
    return ok({ title: 'Your weekly report', generatedAt: deps.clock.now().toISOString(), series: week });
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
