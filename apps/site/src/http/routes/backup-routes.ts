import { Readable } from 'node:stream';
import { SMALL_BODY_LIMIT } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, RawServerDefault } from 'fastify';
import { siteBackupChunks } from '../../backup/site-backup.ts';
import type { Site } from '../../site/site.ts';
import { refusals } from '../schemas.ts';

/**
 * `POST /v1/backup`: a consistent backup of the running site (docs/formats.md, "Site backup"),
 * for site administrators only. The site records who took it in its ledger, cuts the backup at
 * the durable ledger extent that includes that record, and streams the identity file and the
 * ledger up to there while it keeps serving.
 */
export const backupRoutes: FastifyPluginAsync<{ readonly site: Site; readonly dataDir: string }, RawServerDefault, TypeBoxTypeProvider> = async (
  app,
  { site, dataDir },
) => {
  app.post(
    '/v1/backup',
    {
      config: { siteAccess: 'site-admin' },
      bodyLimit: SMALL_BODY_LIMIT,
      schema: {
        tags: ['site'],
        summary: 'Back up the running site: its identity (keys sealed under the passphrase) and its ledger, cut at one head',
        description:
          'Answers `application/octet-stream`, the backup file; `x-airlock-ledger-sequence` and `x-airlock-ledger-head` name the head it holds. Restore it with `airlock site restore` on a stopped site.',
        response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'the backup file' }), ...refusals },
      },
    },
    async (request, reply) => {
      const { extent, at } = await site.backupPoint(request.actor);
      const chunks = siteBackupChunks(dataDir, extent, { siteGuid: site.guid, createdAt: at });
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="airlock-site-${site.guid}-${extent.head.sequence}.backup"`)
        .header('x-airlock-ledger-sequence', String(extent.head.sequence))
        .header('x-airlock-ledger-head', extent.head.hash)
        .send(Readable.from(chunks));
    },
  );
};
