/**
 * Expected outcomes carry a stable code; one mapper (http/error-handler.ts) turns them into the
 * API.md error shape. Anything else is a bug or an infrastructure failure and becomes a 500.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, string> | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      details?: Record<string, string>;
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

export const validationFailed = (details: Record<string, string>, message = 'The request is not valid.') =>
  new AppError(400, 'VALIDATION_FAILED', message, { details });

export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', 'You need to sign in first.');

export const forbidden = (message = 'You are not allowed to do this.') =>
  new AppError(403, 'FORBIDDEN', message);

export const notFound = (message = 'Not found.') => new AppError(404, 'NOT_FOUND', message);

export const conflict = (message: string, code = 'CONFLICT') => new AppError(409, code, message);

export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests; try again later.') =>
  new AppError(429, 'RATE_LIMITED', message, {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
