import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Duplex } from 'node:stream';
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
  // Like an id that fails its pattern: a path segment too long to be any id names nothing.
  FST_ERR_MAX_PARAM_LENGTH: [404, 'NOT_FOUND', 'No such resource.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'VALIDATION_FAILED', 'The request is not valid.'],
};

const codeForStatus: Record<number, [string, string]> = {
  400: ['VALIDATION_FAILED', 'The request is not valid.'],
  401: ['UNAUTHENTICATED', 'You need to sign in first.'],
  403: ['FORBIDDEN', 'This is not allowed.'],
  404: ['NOT_FOUND', 'Not found.'],
  409: ['CONFLICT', 'The request conflicts with the current state.'],
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
    // Any other 4xx (a plugin's, or a provider's passed through) keeps its status with the API.md code
    // for it: a 404 is NOT_FOUND, never a VALIDATION_FAILED with status 404.
    const [code, message] = codeForStatus[status] ?? codeForStatus[400]!;
    return { body: { success: false, error: message, code, status } };
  }
  return {
    body: { success: false, error: 'Something went wrong on our side.', code: 'INTERNAL', status: 500 },
  };
}

/**
 * Fastify's `frameworkErrors` option: errors found while routing (a malformed URL, an over-long path
 * parameter) never reach the error handler, and Fastify's own answer is not in the API.md shape.
 */
export function sendFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const { body } = toErrorBody(error);
  void reply.status(body.status).send(body);
}

const clientErrors: Record<string, [number, string, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'REQUEST_TIMEOUT',
    'The request took too long to arrive.',
  ],
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'HEADERS_TOO_LARGE',
    'The headers are too large.',
  ],
};

/**
 * Fastify's `clientErrorHandler`: a connection-level error (a request that timed out while arriving,
 * unparsable HTTP) answered in the API.md shape on the raw socket, as Fastify's default does in its own.
 */
export function sendClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] = clientErrors[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'VALIDATION_FAILED',
    'The request is not valid HTTP.',
  ];
  const body = JSON.stringify({ success: false, error: message, code, status });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
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
