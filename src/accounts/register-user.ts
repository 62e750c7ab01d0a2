import type { Db } from '../platform/db/database.ts';
import { users, type User } from '../platform/db/schema/index.ts';
import { conflict } from '../platform/errors.ts';
import { hashPassword } from './passwords.ts';
import { createSession } from './sessions.ts';

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

/** Creates the account and its first session together: both or neither. */
export async function registerUser(
  db: Db,
  input: RegisterInput,
  now: Date,
): Promise<{ user: User; sessionToken: string }> {
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, input, now);
    if (!user) throw conflict('An account with this e-mail already exists.');
    return { user, sessionToken: await createSession(tx, user.id, now) };
  });
}
