import { hasCode } from '../../api/errors';

/** Dev endpoints answer 404 outside development; that is a state to explain, not an error. */
export function isDevUnavailable(error: unknown): boolean {
  return hasCode(error, 'NOT_FOUND');
}
