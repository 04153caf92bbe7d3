import { Type } from '@sinclair/typebox';
import type { Feature } from '../feature.ts';
import { listAuditEvents } from './audit-log.ts';
import { OneLine } from '../../http/schemas.ts';

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

export const auditRoutes: Feature = async (app, { deps }) => {
  app.get('/v1/audit', {
    config: { access: { permission: 'audit:read' } },
    schema: {
      tags: ['audit'],
      summary: 'Read the audit log, newest first',
      description: 'Every license-changing action with its actor, time, object and the object before and after. Page back with `beforeId`, the id of the oldest event already seen.',
      querystring: Type.Object({
        objectType: Type.Optional(OneLine({ minLength: 1, maxLength: 64 })),
        objectId: Type.Optional(OneLine({ minLength: 1, maxLength: 200 })),
        beforeId: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
        limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Array(AuditEvent) },
    },
  }, async (request) => {
    const { objectType, objectId, beforeId, limit } = request.query;
    return listAuditEvents(deps.db, {
      objectType,
      objectId,
      beforeId: beforeId === undefined ? undefined : Number(beforeId),
      limit: Math.min(limit === undefined ? 100 : Number(limit), 1000),
    });
  });
};
