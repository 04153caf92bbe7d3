import { AirlockError, describeTextFault, findTextFault, textFault } from '@airlock/core';
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
  app.addHook('preValidation', async (request) => {
    const parts = [['params', request.params], ['querystring', request.query], ['body', request.body]] as const;
    for (const [part, value] of parts) {
      const fault = findTextFault(value, (text) => textFault(text, 'free-text'));
      if (fault) throw new AirlockError('REQUEST_INVALID', { field: `${part}${fault.path}`, reason: describeTextFault(fault) });
    }
  });
}
