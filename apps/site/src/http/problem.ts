import { AirlockError, describeError, isAirlockError, type ErrorCode } from '@airlock/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one place where the site turns an error code into an HTTP status: RFC 9457
 * problem+json with the registry's stable code. The site's use cases know nothing of HTTP;
 * unknown errors become a bare 500 naming the request id and nothing of the server's insides.
 */
const statusOf: Partial<Record<ErrorCode, number>> = {
  REQUEST_INVALID: 400,
  DOCUMENT_MALFORMED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  CONFLICT: 409,
  DOCUMENT_REPLAYED: 409,
  LFR_SUPERSEDED: 409,
  SEAT_LIMIT_REACHED: 409,
  SEAT_NOT_HELD: 409,
  METER_LIMIT_REACHED: 409,
  DOCUMENT_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  ACCOUNT_LOCKED: 429,
  INTERNAL_ERROR: 500,
  LEDGER_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
};

/** Everything else is a well-formed request that the licensing rules refuse. */
export function httpStatus(code: ErrorCode): number {
  return statusOf[code] ?? 422;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  requestId: string;
  errors?: Record<string, unknown>;
}

export function problemOf(error: AirlockError, request: FastifyRequest): Problem {
  const status = httpStatus(error.code);
  return {
    type: `https://airlock.dev/errors#${error.code.toLowerCase()}`,
    title: error.code,
    status,
    code: error.code,
    detail: describeError(error.code),
    instance: request.url,
    requestId: request.id,
    ...(Object.keys(error.detail).length > 0 ? { errors: { ...error.detail } } : {}),
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AirlockError): FastifyReply {
  const problem = problemOf(error, request);
  // RFC 9110 §10.2.3: how long a rate-limited or locked caller should wait, in seconds.
  const retryAfter = error.detail.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

/** Fastify's error handler: our errors as they are, Fastify's mapped to our codes, the rest hidden. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isAirlockError(error)) return sendProblem(reply, request, error);
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return sendProblem(reply, request, new AirlockError('REQUEST_INVALID', { field: fastifyError.validationContext ?? 'body', reason: fastifyError.message }));
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, request, new AirlockError('DOCUMENT_TOO_LARGE', {}));
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return sendProblem(reply, request, new AirlockError('REQUEST_INVALID', { reason: fastifyError.message }));
  }
  request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, request, new AirlockError('INTERNAL_ERROR', {}));
}
