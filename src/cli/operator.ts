import { userInfo } from 'node:os';
import type { AuditActor } from '../admin/audit.ts';

/**
 * The audit log's actor for a command run by an operator: no account, so no id, and the OS user
 * name, which is what a shared server's shell history and sudo logs identify people by.
 */
export function cliOperator(): AuditActor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return { id: null, email: `cli:${name}` };
}
