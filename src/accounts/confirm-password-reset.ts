import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { passwordResetTokens, users } from '../platform/db/schema/index.ts';
import { AppError } from '../platform/errors.ts';
import { sha256 } from '../platform/tokens.ts';
import { hashPassword } from './passwords.ts';
import { endAllSessions } from './sessions.ts';

const invalidToken = () =>
  new AppError(400, 'INVALID_TOKEN', 'This reset link is invalid, used or expired; ask for a new one.');

/** Sets the new password, spends the token and ends every session of the user, all at once. */
export async function confirmPasswordReset(
  db: Db,
  input: { token: string; password: string },
  now: Date,
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    // The conditional update is the single-use guarantee: of two concurrent confirms only one matches.
    const [spent] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, sha256(input.token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!spent) throw invalidToken();
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, spent.userId));
    // Other links mailed earlier must not work after the password changed.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, spent.userId), isNull(passwordResetTokens.usedAt)));
    await endAllSessions(tx, spent.userId);
  });
}
