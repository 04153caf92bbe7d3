import { AirlockError } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { Feature } from '../feature.ts';
import { AUDIT_LIST, listAuditEvents, listAuditPage } from './audit-log.ts';
import { OneLine } from '../../http/schemas.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';

const AuditEvent = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

/** The filters of the audit log, and `beforeId`, the deprecated way to page back (one more release). */
const AuditFilters = {
  objectType: Type.Optional(OneLine({ minLength: 1, maxLength: 64, description: 'Only events of this object type (e.g. `site`).' })),
  objectId: Type.Optional(OneLine({ minLength: 1, maxLength: 200, description: 'Only events of this object id.' })),
  actor: Type.Optional(OneLine({ minLength: 1, maxLength: 200, description: 'Only events by this actor, as the log names it (e.g. `admin:alice`).' })),
  action: Type.Optional(OneLine({ minLength: 1, maxLength: 100, description: 'Only events of this action (e.g. `customer.create`).' })),
  beforeId: Type.Optional(
    Type.String({
      pattern: '^[1-9][0-9]{0,15}$',
      description: 'Deprecated (removed in the next release): the id of the oldest event already seen, for the bare array; use `after` instead.',
    }),
  ),
};

/** The most events of one deprecated bare array, and how many when `limit` is left out. */
const BARE_LIMIT_MAX = 1000;
const BARE_LIMIT_DEFAULT = 100;

export const auditRoutes: Feature = async (app, { deps }) => {
  app.get(
    '/v1/audit',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log, newest first, a page at a time',
        description:
          'Every license-changing action with its actor, time, object and the object before and after. ' +
          'With any of `limit`, `after`, `sort` or `q`: a page `{items, next}` newest first (`sort=id` for oldest first), filtered by `objectType`, `objectId`, `actor` or `action`, searched by a prefix of the object id; no total (the log is long). ' +
          `Without any of them, or with \`beforeId\`: the deprecated bare array of at most \`limit\` (${BARE_LIMIT_DEFAULT} when left out, at most ${BARE_LIMIT_MAX}) events older than \`beforeId\`; it will be removed.`,
        querystring: PageQuery(AUDIT_LIST, AuditFilters),
        response: { 200: Type.Union([PageOf(AuditEvent, 'Never given: counting the audit log is not cheap.'), Type.Array(AuditEvent)]) },
      },
    },
    async (request) => {
      const { objectType, objectId, actor, action, beforeId, ...paging } = request.query;
      const filters = { objectType, objectId, actor, action };
      if (beforeId === undefined && wantsPage(paging)) return listAuditPage(deps.db, filters, readPaging(AUDIT_LIST, paging));
      // The deprecated form: `beforeId` and `limit`, nothing of the pages.
      if (paging.after !== undefined || paging.sort !== undefined || paging.q !== undefined) {
        throw new AirlockError('REQUEST_INVALID', { field: 'beforeId', reason: 'deprecated; not with after, sort or q: use after alone' });
      }
      const limit = paging.limit === undefined ? BARE_LIMIT_DEFAULT : Number(paging.limit);
      if (limit < 1) throw new AirlockError('REQUEST_INVALID', { field: 'limit', reason: 'a whole number from 1' });
      // As the bare array always did: a larger limit reads as its most.
      return listAuditEvents(deps.db, { ...filters, beforeId: beforeId === undefined ? undefined : Number(beforeId), limit: Math.min(limit, BARE_LIMIT_MAX) });
    },
  );
};
