import { Problem } from '@airlock/http';
import { Readable } from 'node:stream';
import { AirlockError } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { recordAudit } from '../../http/audit.ts';
import { actorOf } from '../../http/permissions.ts';
import type { Feature } from '../feature.ts';

/**
 * `POST /v1/backup`: a consistent backup of the running authority's embedded store (the README's
 * "Backup and restore"). The audit event comes first, so the backup holds who took it; then a
 * checkpoint, and the data directory is taken as a gzipped tar between two statements (the
 * embedded store runs one at a time), which PostgreSQL opens as after a clean stop. It holds
 * every table, the authority's keys among them, sealed under the key passphrase or key file,
 * which it does not hold: back that up apart. On PostgreSQL: NOT_FOUND (use pg_dump).
 */
export const backupRoutes: Feature = async (app, { deps }) => {
  app.post(
    '/v1/backup',
    {
      config: { access: { permission: 'keys:write' } },
      schema: {
        tags: ['operations'],
        summary: 'Back up the running authority (embedded store): its database as a gzipped tar, keys sealed',
        description:
          'Administrators, or API tokens with `keys:write`: the backup holds the sealed keys. Restore it with `airlock authority restore` on a stopped authority.',
        response: {
          200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'the backup (tar.gz)' }),
          401: Problem,
          403: Problem,
          404: Problem,
        },
      },
    },
    async (request, reply) => {
      const dump = deps.dumpDatabase;
      if (!dump) throw new AirlockError('NOT_FOUND', { reason: 'the authority runs on PostgreSQL: back it up with pg_dump or PITR (see the README)' });
      const now = deps.clock.now();
      await deps.db.transaction().execute((trx) =>
        recordAudit(trx, {
          actor: actorOf(request.principal),
          requestId: request.id,
          action: 'authority.backup',
          objectType: 'authority',
          objectId: 'database',
          at: now,
        }),
      );
      await sql`checkpoint`.execute(deps.db);
      const tar = await dump();
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="airlock-authority-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz"`)
        .send(Readable.from(Buffer.from(await tar.arrayBuffer())));
    },
  );
};
