import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../../http/audit.ts';
import { actorOf, type Principal } from '../../http/permissions.ts';
import type { Feature } from '../feature.ts';
import { startReminderScanner } from './reminder-scanner-service.ts';
import { listReminders } from './reminder-reads.ts';
import { getReminderPreferences, setReminderPreferences, unsubscribe } from './reminder-preferences.ts';
import { CustomerParams, ReminderChangesSchema, ReminderPreferencesSchema, ReminderSchema, TokenQuery, UnsubscribeTarget } from './reminder-schemas.ts';
import { verifyUnsubscribeToken } from './unsubscribe-token.ts';

/**
 * Expiry reminders (README, "Expiry reminders"): the scanner, started with the server; the
 * reminder preferences of a customer, which the vendor and the customer's own users read and
 * change; and the unsubscribe link of each letter, public, bound by its token to one customer
 * and one kind. `POST /v1/reminders/unsubscribe` is also the one-click address of the letters'
 * `List-Unsubscribe` header (RFC 8058): mail readers post `List-Unsubscribe=One-Click` to it as
 * a form, so this feature reads form bodies (and ignores them: the token is in the address).
 */
export const reminderRoutes: Feature = async (app, { deps }) => {
  const key = deps.reminders?.unsubscribeKey ?? deps.random.bytes(32);
  const by = (request: { principal: Principal; id: string }): Actor => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() });

  startReminderScanner(app, deps);

  // Only in this feature's scope: the rest of the API takes JSON alone.
  const ignoreForm = (_request: unknown, _body: string, done: (error: null, body: Record<string, never>) => void) => done(null, {});
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, ignoreForm);
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, ignoreForm);

  app.get(
    '/v1/customers/:customerId/reminder-preferences',
    {
      config: { access: { permission: 'customers:read', customer: true } },
      schema: {
        tags: ['reminders'],
        summary: "Which kinds of expiry reminder the customer's contact receives",
        params: CustomerParams,
        response: { 200: ReminderPreferencesSchema, 404: Problem },
      },
    },
    async (request) => getReminderPreferences(deps.db, request.params.customerId),
  );

  app.put(
    '/v1/customers/:customerId/reminder-preferences',
    {
      config: { access: { permission: 'customers:write', customer: true } },
      schema: {
        tags: ['reminders'],
        summary: 'Switch kinds of expiry reminder on or off for the customer (audited)',
        description:
          "The vendor and the customer's own users may. A kind switched off is not mailed, but its reminders are still recorded and audited (and so reach webhooks).",
        params: CustomerParams,
        body: ReminderChangesSchema,
        response: { 200: ReminderPreferencesSchema, 400: Problem, 404: Problem },
      },
    },
    async (request) => setReminderPreferences(deps.db, request.params.customerId, request.body, by(request)),
  );

  app.get(
    '/v1/customers/:customerId/reminders',
    {
      config: { access: { permission: 'customers:read', customer: true } },
      schema: {
        tags: ['reminders'],
        summary: 'The latest expiry reminders decided for the customer, newest first (at most 100)',
        params: CustomerParams,
        response: { 200: Type.Array(ReminderSchema), 404: Problem },
      },
    },
    async (request) => listReminders(deps.db, request.params.customerId),
  );

  app.get(
    '/v1/reminders/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reminders'],
        summary: 'What an unsubscribe link is for: the customer, the kind, and whether it is still subscribed',
        description: 'Changes nothing (mail scanners open links). The page `/reminders/unsubscribe` shows this and asks to confirm.',
        querystring: TokenQuery,
        response: { 200: UnsubscribeTarget, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const claims = verifyUnsubscribeToken(key, request.query.token);
      const [customer, preferences] = [await customerName(claims.customerId), await getReminderPreferences(deps.db, claims.customerId)];
      return {
        customerId: claims.customerId,
        customerName: customer,
        kind: claims.kind,
        subscribed: preferences.preferences.find((preference) => preference.kind === claims.kind)?.subscribed ?? true,
      };
    },
  );

  app.post(
    '/v1/reminders/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reminders'],
        summary: "Unsubscribe the link's customer from the link's kind of reminder (RFC 8058 one-click)",
        description:
          'The token in the address says who and what; the body is ignored: JSON, or the form `List-Unsubscribe=One-Click` a mail reader posts. ' +
          'Doing it again answers the same. A token altered in any way is UNSUBSCRIBE_TOKEN_INVALID and changes nothing.',
        querystring: TokenQuery,
        response: { 200: UnsubscribeTarget, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const claims = verifyUnsubscribeToken(key, request.query.token);
      await unsubscribe(deps.db, claims, { actor: `unsubscribe-link:${claims.customerId}`, requestId: request.id, now: deps.clock.now() });
      return { customerId: claims.customerId, customerName: await customerName(claims.customerId), kind: claims.kind, subscribed: false };
    },
  );

  async function customerName(customerId: string): Promise<string> {
    const row = await deps.db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst();
    return row?.name ?? customerId;
  }
};
