import { Problem, BODY_LIMIT } from '@airlock/http';
import { AirlockError, MINUTE } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import { createRateLimiter, limitedBy } from '@airlock/http';
import { FreeText } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { exchangeWithSite } from './site-exchange.ts';

/** Exchanges one client address may send per minute: many sites may reach the authority through one proxy. */
const SITE_EXCHANGES_PER_ADDRESS_PER_MINUTE = 120;
/** Exchanges one site (all its tenants) may make per minute, counted once the site is authenticated. */
export const SITE_EXCHANGES_PER_SITE_PER_MINUTE = 30;

const Shortfall = Type.Object({ type: Type.String(), granted: Type.Integer({ minimum: 0 }), available: Type.Integer({ minimum: 0 }) });

const SiteExchangeBodySchema = Type.Object(
  {
    // No length limit here: a document's own limit answers DOCUMENT_TOO_LARGE.
    request: FreeText({ minLength: 1, description: 'the armoured site exchange request (docs/formats.md §6.14)' }),
    lfr: Type.Optional(FreeText({ minLength: 1, description: 'the armoured LFR, only when the request submits one' })),
  },
  { additionalProperties: false },
);
const AnsweredExchangeSchema = Type.Object({
  status: Type.Literal('answered'),
  lfrId: Type.String(),
  olf: Type.Object({ id: Type.String(), start: Type.String(), end: Type.String(), text: Type.String() }),
});
const PendingExchangeSchema = Type.Object({
  status: Type.Literal('pending'),
  lfrId: Type.String(),
  reason: Type.String({
    description: '`approval`, or the code of what a person must decide (BELOW_USE_NOT_ACCEPTED, REBASELINE_PENDING, MIGRATION_NOT_COVERED, ...)',
  }),
  detail: Type.String(),
  retryAfter: Type.Integer({ minimum: 1, description: 'seconds before asking again (also the Retry-After header)' }),
  shortfall: Type.Optional(
    Type.Array(Shortfall, { description: 'with MIGRATION_NOT_COVERED: per license type, what the static license granted and what is available' }),
  ),
});

/**
 * The link of connected sites (docs/connected.md): `POST /v1/site-exchange`, where a site in
 * connected mode sends its LFR and asks for its answer. No bearer token: the signed exchange
 * request in the body authenticates the site. Every request counts against its client address
 * before the body is read, and every authenticated one against its site, each answered
 * RATE_LIMITED with Retry-After past its limit.
 */
export const siteLinkRoutes: Feature = async (app, { deps }) => {
  const perAddress = createRateLimiter({ limit: SITE_EXCHANGES_PER_ADDRESS_PER_MINUTE, windowMs: MINUTE, clock: deps.clock });
  const perSite = createRateLimiter({ limit: SITE_EXCHANGES_PER_SITE_PER_MINUTE, windowMs: MINUTE, clock: deps.clock });
  app.addHook('onRequest', limitedBy(perAddress));

  app.post(
    '/v1/site-exchange',
    {
      // An LFR of up to 1 MiB and the small request beside it, in their JSON envelope.
      bodyLimit: BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        tags: ['connected sites'],
        summary: 'A connected site submits its LFR, or asks for the answer to one: the OLF, or why it waits',
        description: [
          'No bearer token: the site exchange request, signed by the site key its LFRs are signed with and encrypted to the authority, authenticates the site (docs/connected.md).',
          'Checks, first failure wins: the request (SITE_EXCHANGE_EXPIRED, DOCUMENT_REPLAYED), the site registered to the customer (SITE_NOT_REGISTERED), its key (SITE_KEY_MISMATCH),',
          'the policy (CONNECTED_MODE_NOT_ALLOWED), the version (SITE_VERSION_TOO_OLD), the LFR against the request (REQUEST_INVALID), then every check of an LFR upload.',
          '200: the OLF answering the LFR. 202: no OLF yet, ask again after `retryAfter` seconds.',
        ].join(' '),
        body: SiteExchangeBodySchema,
        response: {
          200: AnsweredExchangeSchema,
          202: PendingExchangeSchema,
          400: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          413: Problem,
          422: Problem,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const answer = await exchangeWithSite(deps, request.body, {
        now: deps.clock.now(),
        requestId: request.id,
        admit: (siteGuid) => {
          const verdict = perSite.take(siteGuid);
          if (verdict.allowed) return;
          void reply.header('retry-after', String(verdict.retryAfterSeconds));
          throw new AirlockError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds, limitedBy: 'site' });
        },
      });
      if (answer.status === 'answered') return reply.status(200).send(answer);
      return reply.status(202).header('retry-after', String(answer.retryAfter)).send(answer);
    },
  );
};
