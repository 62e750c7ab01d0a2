import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';

interface ErrorBody {
  success: false;
  error: string;
  code: string;
  status: number;
  details?: Record<string, string>;
  [extra: string]: unknown;
}

// Fastify's own errors for malformed requests, mapped to the API.md codes.
const frameworkErrors: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'VALIDATION_FAILED', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'VALIDATION_FAILED', 'The request body is empty; send a JSON object.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MiB.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'VALIDATION_FAILED', 'The Content-Length header is wrong.'],
  FST_ERR_BAD_URL: [400, 'VALIDATION_FAILED', 'The URL is malformed.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'VALIDATION_FAILED', 'The request is not valid.'],
};

export function toErrorBody(error: unknown): { body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof AppError) {
    return {
      body: {
        success: false,
        error: error.message,
        code: error.code,
        status: error.status,
        ...(error.details ? { details: error.details } : {}),
        ...error.extra,
      },
      headers: error.headers,
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code ? frameworkErrors[fastifyError.code] : undefined;
  if (known) {
    const [status, code, message] = known;
    return { body: { success: false, error: message, code, status } };
  }
  if (fastifyError.statusCode === 429) {
    return {
      body: {
        success: false,
        error: 'Too many requests; try again later.',
        code: 'RATE_LIMITED',
        status: 429,
      },
    };
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return {
      body: { success: false, error: 'The request is not valid.', code: 'VALIDATION_FAILED', status },
    };
  }
  return {
    body: { success: false, error: 'Something went wrong on our side.', code: 'INTERNAL', status: 500 },
  };
}

export function registerErrorHandlers(
  app: FastifyInstance,
  options: { fallback?: (request: FastifyRequest, reply: FastifyReply) => boolean } = {},
): void {
  app.setErrorHandler((error, request, reply) => {
    const { body, headers } = toErrorBody(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code }, 'request refused');
    if (headers) void reply.headers(headers);
    return reply.status(body.status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    if (options.fallback?.(request, reply)) return reply;
    return reply.status(404).send({
      success: false,
      error: `No route for ${request.method} ${request.url.split('?')[0]}.`,
      code: 'NOT_FOUND',
      status: 404,
    });
  });
}
