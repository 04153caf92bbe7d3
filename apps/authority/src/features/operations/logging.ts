import type { FastifyServerOptions } from 'fastify';
import type { AuthorityDeps } from '../../deps.ts';

/**
 * Structured JSON logs (pino) with the request id on every line of a request. Credentials
 * never reach a log: the headers that carry them are redacted, should a serializer or a
 * handler ever log them.
 */
export function loggerOptions(logger: AuthorityDeps['logger']): NonNullable<FastifyServerOptions['logger']> {
  if (!logger) return false;
  return {
    level: logger === true ? 'info' : logger.level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
  };
}
