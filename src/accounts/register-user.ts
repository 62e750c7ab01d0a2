import type { Db } from '../platform/db/database.ts';
import { users, type User } from '../platform/db/schema/index.ts';
import { conflict } from '../platform/errors.ts';
import { hashPassword } from './passwords.ts';
import { createSession } from './sessions.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { welcomeEmail } from '../email/templates/lifecycle.ts';

export interface RegisterInput {
  email: string;
  password: string;
  name?: string | undefined;
  role?: 'user' | 'admin';
}

export async function insertUser(db: Db, input: RegisterInput, now: Date): Promise<User | undefined> {
  const passwordHash = await hashPassword(input.password);
  const [user] = await db
    .insert(users)
    .values({
      email: input.email,
      name: input.name ?? null,
      passwordHash,
      role: input.role ?? 'user',
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return user;
}

/** Creates the account, its first session and the welcome mail together: all or nothing. */
export async function registerUser(
  db: Db,
  input: RegisterInput & { appUrl: string },
  now: Date,
): Promise<{ user: User; sessionToken: string }> {
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, input, now);
    if (!user) throw conflict('An account with this e-mail already exists.');
    await enqueueEmail(
      tx,
      {
        dedupeKey: `welcome:${user.id}`,
        kind: 'welcome',
        to: user.email,
        userId: user.id,
        ...welcomeEmail({ name: user.name, appUrl: input.appUrl }),
      },
      now,
    );
    return { user, sessionToken: await createSession(tx, user.id, now) };
  });
}
