import { AirlockError } from '@airlock/core';
import { describeTextFault, findTextFault, textFault } from '@airlock/core/internal';
import type { FastifyInstance } from 'fastify';

/**
 * Refuses, on every route at once, a request whose path parameters, query or JSON body hold, in
 * any string or key, what not even free text may hold (rules/text.ts in the core): NUL, an
 * unpaired surrogate, a control character other than tab, line feed and carriage return.
 * REQUEST_INVALID names the field, before the route's schema or handler sees it: such text has
 * no place in a database (PostgreSQL refuses NUL in text), no UTF-8 form, or no business in a
 * name shown on a page or a terminal; a route added later cannot forget this check. Whether a
 * field may also break lines is its schema's rule (NAME_PATTERN, FREE_TEXT_PATTERN).
 * Add it after the access check: a caller who may not use a route learns nothing more.
 *
 * @example
 * ```ts
 * app.addHook('preValidation', checkAccessHook);
 * refuseUnsafeText(app);
 * ```
 */
export function refuseUnsafeText(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request of every route, and the
  // common case (nothing to refuse) should cost a few string tests, not a promise.
  app.addHook('preValidation', (request, _reply, done) => {
    done(unsafeTextIn('params', request.params) ?? unsafeTextIn('querystring', request.query) ?? unsafeTextIn('body', request.body) ?? undefined);
  });
}

/**
 * A quick screen: a string holding none of these characters holds nothing the rule refuses, and
 * nearly every string is such. One that does (a surrogate pair, which is fine, included) gets
 * the exact check.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/;
const freeTextFault = (text: string) => (SUSPECT.test(text) ? textFault(text, 'free-text') : null);

function unsafeTextIn(part: string, value: unknown): AirlockError | null {
  if (value === undefined || value === null) return null;
  const fault = findTextFault(value, freeTextFault);
  return fault ? new AirlockError('REQUEST_INVALID', { field: `${part}${fault.path}`, reason: describeTextFault(fault) }) : null;
}
