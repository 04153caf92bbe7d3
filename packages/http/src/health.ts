import { versionReport } from '@airlock/core';
import { Type, type Static } from '@sinclair/typebox';

/**
 * What `GET /healthz` answers on both servers: the process is up, and which release it is — the
 * product's version and the document format versions it writes and reads (docs/building.md).
 */
export const Health = Type.Object({
  status: Type.Literal('ok'),
  product: Type.Literal('airlock'),
  component: Type.String(),
  version: Type.String(),
  formats: Type.Object({
    documents: Type.Object({ writes: Type.Integer(), reads: Type.Array(Type.Integer()) }),
  }),
});
export type Health = Static<typeof Health>;

/**
 * The liveness answer of one server.
 *
 * @example
 * ```ts
 * app.get('/healthz', { schema: { response: { 200: Health } } }, async () => health('site'));
 * ```
 */
export function health(component: 'site' | 'authority'): Health {
  const report = versionReport(component);
  return { status: 'ok', ...report, formats: { documents: { writes: report.formats.documents.writes, reads: [...report.formats.documents.reads] } } };
}
