import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { FreeText } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { SiteGuid } from '../sites/site-routes.ts';
import { decideRebaseline, listSiteRebaselines } from './site-rebaselines.ts';

const Head = Type.Object({ sequence: Type.Integer({ minimum: 0 }), head: Type.String() });
const Rebaseline = Type.Object({
  lfrId: Type.String(),
  siteGuid: Type.String(),
  tenant: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('refused')]),
  reached: Head,
  restored: Head,
  lost: Type.Integer({ minimum: 1 }),
  reported: Head,
  recorded: Type.Union([Head, Type.Null()]),
  receivedAt: Type.String({ format: 'date-time' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
const RebaselineParams = Type.Object({ siteGuid: SiteGuid, lfrId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' }) });
const Decision = Type.Object({ note: Type.Optional(FreeText({ maxLength: 1000 })) }, { additionalProperties: false });

/**
 * Re-baselines of sites restored from a backup (docs/errors.md, REBASELINE_PENDING): an LFR that
 * states a ledger restore waits here until the vendor accepts the gap (its OLF can then be
 * issued, and re-baselines the site) or refuses it. Vendor staff only.
 */
export const rebaselineRoutes: Feature = async (app, { deps }) => {
  app.get(
    '/v1/sites/:siteGuid/rebaselines',
    {
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags: ['sites'],
        summary: 'The re-baselines a site restored from a backup asked for, newest first, with what each lost',
        params: Type.Object({ siteGuid: SiteGuid }),
        response: { 200: Type.Array(Rebaseline), 404: Problem },
      },
    },
    async (request) => listSiteRebaselines(deps.db, request.params.siteGuid),
  );

  for (const decision of ['accept', 'refuse'] as const) {
    app.post(
      `/v1/sites/:siteGuid/rebaselines/:lfrId/${decision}`,
      {
        config: { access: { permission: 'licenses:write' } },
        schema: {
          tags: ['sites'],
          summary:
            decision === 'accept'
              ? "Accept a restore's gap: the site tenant's ledger position is reset to the LFR's, and its OLF can be issued"
              : "Refuse a restore's gap: the LFR stays unanswerable",
          params: RebaselineParams,
          body: Type.Optional(Decision),
          response: { 200: Rebaseline, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (request) => {
        const by = { actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() };
        return decideRebaseline(deps.db, { ...request.params, decision, note: request.body?.note }, by);
      },
    );
  }
};
