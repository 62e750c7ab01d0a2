import { and, count, eq, gt } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { passwordResetTokens, users } from '../platform/db/schema/index.ts';
import { randomToken, sha256 } from '../platform/tokens.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { passwordResetEmail } from '../email/templates/password-reset.ts';

export const RESET_TOKEN_TTL_MS = 3600 * 1000;
// More than this many live links per hour is someone flooding an inbox, not a forgetful user.
const MAX_LIVE_TOKENS = 3;

/** Queues a reset mail when the account exists; the caller answers the same either way. */
export async function requestPasswordReset(
  db: Db,
  input: { email: string; appUrl: string },
  now: Date,
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  if (!user) return;
  await db.transaction(async (tx) => {
    const [live] = await tx
      .select({ n: count() })
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, user.id), gt(passwordResetTokens.expiresAt, now)));
    if ((live?.n ?? 0) >= MAX_LIVE_TOKENS) return;

    const token = randomToken();
    const tokenHash = sha256(token);
    await tx.insert(passwordResetTokens).values({
      tokenHash,
      userId: user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
    });
    const resetUrl = `${input.appUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await enqueueEmail(
      tx,
      {
        dedupeKey: `password-reset:${tokenHash}`,
        kind: 'password_reset',
        to: user.email,
        userId: user.id,
        ...passwordResetEmail({ name: user.name, resetUrl }),
      },
      now,
    );
  });
}
