import { AirlockError, describeError, isAirlockError, type ErrorCode } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one place where an error code becomes an HTTP status, for both servers: RFC 9457
 * problem+json with the core's stable code. Domain errors know nothing of HTTP; unknown errors
 * become a bare 500 that names the request id and nothing of the server's insides.
 */
const statusOf: Partial<Record<ErrorCode, number>> = {
  REQUEST_INVALID: 400,
  DOCUMENT_MALFORMED: 400,
  DATE_INVALID: 400,
  QUANTITY_INVALID: 400,
  LEASE_TTL_INVALID: 400,
  REGISTRATION_KEY_MALFORMED: 400,
  REGISTRATION_KEY_CHECKSUM: 400,
  LICENSE_KEY_MALFORMED: 400,
  ACTIVATION_CODE_INVALID: 400,
  LRN_MALFORMED: 400,
  UNSUBSCRIBE_TOKEN_INVALID: 400,
  WEBHOOK_URL_NOT_ALLOWED: 400,
  WEBHOOK_EVENT_UNKNOWN: 400,
  ONE_TIME_PASSWORD_REUSED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  MFA_CODE_INVALID: 401,
  MFA_CODE_REUSED: 401,
  MFA_CHALLENGE_EXPIRED: 401,
  FORBIDDEN: 403,
  OFFLINE_NOT_APPROVED: 403,
  CONNECTED_MODE_NOT_ALLOWED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  MFA_REQUIRED: 403,
  ACCOUNT_DISABLED: 403,
  SSO_STATE_INVALID: 400,
  SSO_TOKEN_INVALID: 401,
  SSO_EMAIL_NOT_VERIFIED: 403,
  SSO_DOMAIN_NOT_ALLOWED: 403,
  SSO_GROUP_NOT_ALLOWED: 403,
  SSO_ACCOUNT_NOT_FOUND: 403,
  PASSWORD_SIGN_IN_DISABLED: 403,
  SSO_NOT_CONFIGURED: 404,
  NOT_FOUND: 404,
  LRN_NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  LEASE_NOT_FOUND: 404,
  CONFLICT: 409,
  LFR_SUPERSEDED: 409,
  LFR_ALREADY_USED: 409,
  LRN_ALREADY_ACTIVATED: 409,
  REGISTRATION_KEY_OTHER_CUSTOMER: 409,
  DOCUMENT_REPLAYED: 409,
  SEAT_LIMIT_REACHED: 409,
  SEAT_NOT_HELD: 409,
  BORROW_NOT_ALLOWED: 409,
  SITE_LICENSE_NOT_CERTIFIABLE: 409,
  TENANT_IN_USE: 409,
  METER_LIMIT_REACHED: 409,
  ACTIVATION_ALREADY_FREED: 409,
  LICENSE_ALREADY_SUSPENDED: 409,
  LICENSE_NOT_SUSPENDED: 409,
  DEVICE_ALREADY_BLOCKED: 409,
  CONNECTED_MODE_REQUIRED: 409,
  NOT_CONNECTED: 409,
  MIGRATION_NOT_COVERED: 409,
  STATIC_LICENSES_ENDED: 409,
  CANNOT_DISABLE_SELF: 409,
  LAST_ADMINISTRATOR: 409,
  SSO_ACCOUNT_MISMATCH: 409,
  MFA_NOT_ENROLLED: 409,
  MFA_ALREADY_ENROLLED: 409,
  DOCUMENT_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  ACCOUNT_LOCKED: 429,
  INTERNAL_ERROR: 500,
  AUTHORITY_UNREACHABLE: 502,
  SSO_PROVIDER_UNREACHABLE: 502,
  SERVICE_UNAVAILABLE: 503,
  WEBHOOKS_NOT_CONFIGURED: 503,
  SCHEMA_MISMATCH: 503,
  LEDGER_UNAVAILABLE: 503,
};

/**
 * The HTTP status of a refusal; everything not listed is a well-formed request the licensing
 * rules refuse: 422.
 */
export function httpStatus(code: ErrorCode): number {
  return statusOf[code] ?? 422;
}

/** An RFC 9457 problem document, with the core's code and the refusal's facts. */
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

/**
 * The problem document as a schema: the one OpenAPI component `Problem` of both servers,
 * registered once by `registerOpenApi` (components.schemas.Problem).
 */
const PROBLEM_ID = 'Problem';
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: PROBLEM_ID },
);

/**
 * What a route's refusals answer, in its `response` schema: a `$ref` to the `Problem` component,
 * never a copy of it.
 *
 * @example
 * ```ts
 * app.get('/v1/things/:id', { schema: { response: { 200: Thing, 404: Problem } } }, handler);
 * ```
 */
export const Problem = Type.Unsafe<Problem>(Type.Ref(PROBLEM_ID));

/**
 * The problem document of a refusal.
 *
 * @example
 * ```ts
 * problemOf(new AirlockError('NOT_FOUND', { site: guid }), request); // { status: 404, code: 'NOT_FOUND', errors: { site } … }
 * ```
 */
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

/** Sends a refusal as problem+json; a refusal that knows how long to wait says so in `retry-after`. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AirlockError): FastifyReply {
  const problem = problemOf(error, request);
  refusedWith.set(request, problem.code);
  // RFC 9110 §10.2.3: how long a rate-limited or locked caller should wait, in seconds.
  const retryAfter = error.detail.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

const refusedWith = new WeakMap<FastifyRequest, string>();

/** The code a request was refused with (its problem+json `code`), or undefined when it was answered. Metrics count decisions by it. */
export function refusalCodeOf(request: FastifyRequest): string | undefined {
  return refusedWith.get(request);
}

/** Fastify's error handler: our errors as they are, its own mapped to our codes, the rest hidden. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isAirlockError(error)) return sendProblem(reply, request, error);
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return sendProblem(reply, request, new AirlockError('REQUEST_INVALID', { field: fastifyError.validationContext ?? 'body', reason: fastifyError.message }));
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, request, new AirlockError('DOCUMENT_TOO_LARGE', {}));
  if (fastifyError.statusCode === 429) return sendProblem(reply, request, new AirlockError('RATE_LIMITED', {}));
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return sendProblem(reply, request, new AirlockError('REQUEST_INVALID', { reason: fastifyError.message }));
  }
  request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, request, new AirlockError('INTERNAL_ERROR', {}));
}
