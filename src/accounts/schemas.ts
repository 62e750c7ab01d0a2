import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

/** E-mail addresses are compared trimmed and lower-cased. */
export const emailField = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .max(254, 'is too long')
  .pipe(z.email({ error: 'must be a valid e-mail address' }));

const passwordField = z
  .string({ error: 'must be a string' })
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, 'must be at most 256 characters');

export const registerBody = z.object({
  email: emailField,
  password: passwordField,
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100).optional(),
});

export const loginBody = z.object({
  email: emailField,
  // No length rule here: a login must never reveal the password policy of an existing account.
  password: z.string({ error: 'must be a string' }).min(1, 'is required').max(256),
});

export const passwordResetBody = z.object({ email: emailField });

export const passwordResetConfirmBody = z.object({
  token: z.string({ error: 'must be a string' }).min(1, 'is required').max(200),
  password: passwordField,
});

/** Only reminders can be turned off; receipts, billing and security mail always go out. */
export const emailPreferencesBody = z.object({ reminders: z.boolean({ error: 'must be true or false' }) });
