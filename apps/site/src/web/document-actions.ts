import { randomUUID } from 'node:crypto';
import { BODY_LIMIT, SMALL_BODY_LIMIT } from '@airlock/http';
import { AirlockError } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import { path, type ProblemBody } from '@airlock/web';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, InjectOptions, LightMyRequestResponse, RawServerDefault } from 'fastify';
import { DocumentUpload, Name } from '../http/schemas.ts';
import type { GeneratedLfr } from '../site/generate-lfr.ts';
import type { Site } from '../site/site.ts';
import type { HeldByPages, InstallAttempt, InstallKind } from './held-documents.ts';
import { siteNow } from './site-pages.ts';

/**
 * The few JSON actions of the admin pages themselves, for what the API alone cannot give a
 * page: the text of an LFR after the request that made it (to offer it as a file, then as QR
 * codes on another page), and the outcome of installing a document kept for a page of its own
 * (a refused seat reduction becomes a table with a de-provision button per user, and the same
 * file can be installed again). Each action calls the site's API as the person asking, with
 * their credentials (the access rules and every check are the API's own), and each declares
 * the same `siteAccess` as the API route it calls: the access hook refuses the same people,
 * with the same CSRF rule, before the action runs.
 *
 * - `POST /admin/actions/{tenant}/lfr`: generates an LFR (`POST /v1/tenants/{tenant}/lfr`) and
 *   keeps it; answers what the API answered.
 * - `GET /admin/actions/{tenant}/lfrs/{id}`: a kept LFR, `{ id, text, … }`.
 * - `POST /admin/actions/{tenant}/olf` and `…/activated-license` (`{ text }`): installs the
 *   document; answers `{ outcome, attempt }` when it was installed or refused for a seat
 *   reduction (the page `attempt` shows which), any other refusal as the API gave it.
 * - `POST /admin/actions/{tenant}/installs/{attempt}/retry`: installs a refused attempt's
 *   document again, as a new attempt.
 */

const TenantParams = Type.Object({ tenant: Name });
const DocumentId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
const admin = { config: { siteAccess: 'admin' } } as const;

/** The headers that say who is asking: the session cookie and its CSRF header, or a bearer credential. */
const FORWARDED = ['cookie', 'authorization', 'x-airlock-csrf', 'host', 'x-forwarded-proto'] as const;

export interface DocumentActionsOptions {
  readonly site: Site;
  readonly held: HeldByPages;
}

/** Where each kind of document goes in the API. */
function installPath(tenant: string, kind: InstallKind): string {
  return kind === 'olf' ? path`/v1/tenants/${tenant}/olf` : path`/v1/tenants/${tenant}/activated-license`;
}

/** The problem an API answer carries (every refusal of the site's API is problem+json). */
function problemOf(response: LightMyRequestResponse): ProblemBody {
  const body = response.json<Partial<ProblemBody>>();
  return {
    status: response.statusCode,
    code: typeof body.code === 'string' ? body.code : `HTTP_${response.statusCode}`,
    detail: typeof body.detail === 'string' ? body.detail : 'The request was refused.',
    ...(typeof body.requestId === 'string' ? { requestId: body.requestId } : {}),
    ...(body.errors && typeof body.errors === 'object' ? { errors: body.errors } : {}),
  };
}

/**
 * Registers the admin pages' JSON actions (see the top of this file) on the site's app.
 *
 * @example
 * ```ts
 * await app.register(documentActions, { site, held: createHeldByPages() });
 * ```
 */
export const documentActions: FastifyPluginAsync<DocumentActionsOptions, RawServerDefault, TypeBoxTypeProvider> = async (app, { site, held }) => {
  /** Calls the site's API as the person making `request`. */
  const callApi = (request: FastifyRequest, method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const name of FORWARDED) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const call: InjectOptions = { method, url, headers, remoteAddress: request.ip, ...(payload === undefined ? {} : { payload }) };
    return app.inject(call);
  };

  /** Sends an API refusal on as it came. */
  const passOn = (reply: FastifyReply, response: LightMyRequestResponse) =>
    reply
      .status(response.statusCode)
      .type(String(response.headers['content-type'] ?? 'application/problem+json'))
      .send(response.body);

  /** Installs a document through the API and keeps the attempt when it was installed or refused for a seat reduction. */
  const attemptInstall = async (request: FastifyRequest, reply: FastifyReply, tenant: string, kind: InstallKind, text: string) => {
    const response = await callApi(request, 'POST', installPath(tenant, kind), { text });
    const at = siteNow(site).toISOString();
    let attempt: InstallAttempt;
    if (response.statusCode === 200) {
      attempt = kind === 'olf' ? { kind, outcome: 'installed', at, answer: response.json() } : { kind, outcome: 'installed', at, answer: response.json() };
    } else {
      const problem = problemOf(response);
      // Only a refused reduction gets a page of its own: its cure is on that page. Any other
      // refusal is shown beside the form, where the document can be chosen again.
      if (problem.code !== 'SEAT_REDUCTION_BELOW_USE') return passOn(reply, response);
      attempt = { kind, outcome: 'refused', at, problem, text };
    }
    const id = randomUUID();
    held.attempts.put(tenant, id, attempt);
    return { outcome: attempt.outcome, attempt: id, tenant };
  };

  app.post('/admin/actions/:tenant/lfr', { ...admin, bodyLimit: SMALL_BODY_LIMIT, schema: { hide: true, params: TenantParams } }, async (request, reply) => {
    const { tenant } = request.params;
    const response = await callApi(request, 'POST', path`/v1/tenants/${tenant}/lfr`);
    if (response.statusCode !== 200) return passOn(reply, response);
    const lfr = response.json<GeneratedLfr>();
    held.lfrs.put(tenant, lfr.id, { ...lfr, generatedAt: siteNow(site).toISOString() });
    return lfr;
  });

  app.get('/admin/actions/:tenant/lfrs/:id', { ...admin, schema: { hide: true, params: Type.Object({ tenant: Name, id: DocumentId }) } }, async (request) => {
    const { tenant, id } = request.params;
    // Who may read the tenant was decided by the access hook, as for `GET /v1/tenants/{tenant}/status`.
    const lfr = held.lfrs.get(tenant, id);
    if (!lfr)
      throw new AirlockError('NOT_FOUND', { lfr: id, reason: 'this LFR is not held by the admin pages (they forget on a restart): generate a new one' });
    return lfr;
  });

  for (const kind of ['olf', 'activated-license'] as const) {
    app.post(
      `/admin/actions/:tenant/${kind}`,
      { ...admin, bodyLimit: BODY_LIMIT, schema: { hide: true, params: TenantParams, body: DocumentUpload } },
      async (request, reply) => {
        return attemptInstall(request, reply, request.params.tenant, kind, request.body.text);
      },
    );
  }

  app.post(
    '/admin/actions/:tenant/installs/:attempt/retry',
    {
      ...admin,
      bodyLimit: SMALL_BODY_LIMIT,
      schema: { hide: true, params: Type.Object({ tenant: Name, attempt: DocumentId }) },
    },
    async (request, reply) => {
      const { tenant, attempt } = request.params;
      const previous = held.attempts.get(tenant, attempt);
      if (!previous || previous.outcome !== 'refused') {
        throw new AirlockError('NOT_FOUND', {
          attempt,
          reason: 'no refused install is held under this id (the admin pages forget on a restart): upload the file again',
        });
      }
      return attemptInstall(request, reply, tenant, previous.kind, previous.text);
    },
  );
};
