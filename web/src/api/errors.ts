export type FieldErrors = Record<string, string>;

interface ApiErrorInit {
  error: string;
  code: string;
  status: number;
  details?: FieldErrors;
  body?: Record<string, unknown>;
  retryAfter?: number | null;
}

/** Every failed call (server error envelope, network failure, unreadable body) ends up as one of these. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: FieldErrors;
  /** The whole error envelope, for extras such as `upgradeUrl`. */
  readonly body: Record<string, unknown>;
  readonly retryAfter: number | null;

  constructor(init: ApiErrorInit) {
    super(init.error);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details ?? {};
    this.body = init.body ?? {};
    this.retryAfter = init.retryAfter ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function hasCode(error: unknown, code: string): boolean {
  return isApiError(error) && error.code === code;
}

/** A sentence to show the user; the server's `error` text is written for people, so prefer it. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'RATE_LIMITED' && error.retryAfter) {
      return `${error.message} Try again in ${error.retryAfter} seconds.`;
    }
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}
