import { Problem } from '@airlock/http';
import { AirlockError, isAirlockError, type ErrorCode, MINUTE } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTHORITY_SESSION_COOKIE, createRateLimiter, limitedBy, type SecureCookies, SESSION_LIFETIME, sessionCookie, wantsSecureCookie } from '@airlock/http';
import { actorOf } from '../../http/permissions.ts';
import { Slug } from '../../http/schemas.ts';
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from '../accounts/auth-routes.ts';
import type { Feature } from '../feature.ts';
import { createOidcClient, type ProviderConnection } from './oidc-client.ts';
import { beginFlow, CALLBACK_PATH, FLOW_LIFETIME, flowCookie, readFlowCookie, takeFlow } from './sso-flows.ts';
import { CallbackQuery, ConsoleSsoInput, CustomerSsoInput, NextQuery, PortalStartQuery, SsoProvider } from './sso-schemas.ts';
import {
  CONSOLE_PROVIDER_ID,
  customerProviderId,
  deleteProvider,
  findProvider,
  findProviderForDomain,
  listCustomerProviders,
  publicProvider,
  secretLabel,
  setProvider,
  type SsoProvider as Provider,
  type SsoProviderWithSecret,
} from './sso-providers.ts';
import type { SsoSettings } from './sso-settings.ts';
import { signInWithSso } from './sso-sign-in.ts';

const CustomerParams = Type.Object({ customerId: Slug });

/**
 * Single sign-on with OpenID Connect (README, "Single sign-on (OpenID Connect)"): the settings
 * of the console's and each customer's identity provider, and the browser's way through the
 * authorization code flow — start, IdP, callback — ending in the same session cookie as a
 * password sign-in.
 */
export function ssoRoutes(options: { secureCookies: SecureCookies }): Feature {
  return async (app, { deps }) => {
    const settings = deps.sso;
    const oidc = createOidcClient({ random: deps.random });
    const limiter = limitedBy(createRateLimiter({ limit: SIGN_IN_ATTEMPTS_PER_MINUTE, windowMs: MINUTE, clock: deps.clock }));
    const need = (): SsoSettings => {
      if (!settings) throw new Error('single sign-on is not wired: the authority was built without its SSO settings');
      return settings;
    };
    const redirectUri = (request: FastifyRequest) => {
      const base = settings?.publicUrl ?? `${request.protocol}://${request.host}`;
      return `${base.replace(/\/+$/, '')}${CALLBACK_PATH}`;
    };
    const shown = (request: FastifyRequest, provider: Provider) => ({
      ...provider,
      allowedDomains: [...provider.allowedDomains],
      groupRoles: provider.groupRoles.map((mapping) => ({ ...mapping })),
      redirectUri: redirectUri(request),
    });
    const by = (request: FastifyRequest) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() });

    // Settings: the console's provider is managed by those who manage credentials; a customer's
    // by those who manage customers.
    app.get(
      '/v1/sso/console',
      {
        config: { access: { permission: 'tokens:write' } },
        schema: { tags: ['sso'], summary: "The console's identity provider (never its client secret)", response: { 200: SsoProvider, 404: Problem } },
      },
      async (request) => {
        const provider = await findProvider(deps.db, CONSOLE_PROVIDER_ID);
        if (!provider) throw new AirlockError('NOT_FOUND', { ssoProvider: CONSOLE_PROVIDER_ID });
        return shown(request, publicProvider(provider));
      },
    );

    app.put(
      '/v1/sso/console',
      {
        config: { access: { permission: 'tokens:write' } },
        schema: {
          tags: ['sso'],
          summary: "Set the console's identity provider: administrators sign in through it",
          description:
            'The client secret is sealed under the key passphrase and never returned; leave it out to keep the current one. Audited as `sso.create` or `sso.update`.',
          body: ConsoleSsoInput,
          response: { 200: SsoProvider, 400: Problem },
        },
      },
      async (request) => {
        const provider = await setProvider(deps.db, { area: 'console' }, request.body, { ...by(request), sealer: need().sealer });
        return shown(request, provider);
      },
    );

    app.delete(
      '/v1/sso/console',
      {
        config: { access: { permission: 'tokens:write' } },
        schema: {
          tags: ['sso'],
          summary: "Remove the console's identity provider (administrators keep their accounts)",
          response: { 204: Type.Null(), 404: Problem },
        },
      },
      async (request, reply) => {
        await deleteProvider(deps.db, CONSOLE_PROVIDER_ID, by(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/v1/sso/customers',
      {
        config: { access: { permission: 'customers:read' } },
        schema: { tags: ['sso'], summary: "Every customer's identity provider", response: { 200: Type.Object({ items: Type.Array(SsoProvider) }) } },
      },
      async (request) => ({ items: (await listCustomerProviders(deps.db)).map((provider) => shown(request, provider)) }),
    );

    app.get(
      '/v1/sso/customers/:customerId',
      {
        config: { access: { permission: 'customers:read' } },
        schema: {
          tags: ['sso'],
          summary: "A customer's identity provider, for its portal users",
          params: CustomerParams,
          response: { 200: SsoProvider, 404: Problem },
        },
      },
      async (request) => {
        const provider = await findProvider(deps.db, customerProviderId(request.params.customerId));
        if (!provider) throw new AirlockError('NOT_FOUND', { ssoProvider: customerProviderId(request.params.customerId) });
        return shown(request, publicProvider(provider));
      },
    );

    app.put(
      '/v1/sso/customers/:customerId',
      {
        config: { access: { permission: 'customers:write' } },
        schema: {
          tags: ['sso'],
          summary: "Set a customer's identity provider: its portal users sign in through it",
          description:
            'A domain belongs to one customer at most (CONFLICT otherwise): the portal finds the provider from the address a person types. Audited as `sso.create` or `sso.update`.',
          params: CustomerParams,
          body: CustomerSsoInput,
          response: { 200: SsoProvider, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (request) => {
        const { allowedGroups, ...rest } = request.body;
        const provider = await setProvider(
          deps.db,
          { area: 'portal', customerId: request.params.customerId },
          { ...rest, groupRoles: allowedGroups.map((group) => ({ group, role: 'portal-user' })) },
          { ...by(request), sealer: need().sealer },
        );
        return shown(request, provider);
      },
    );

    app.delete(
      '/v1/sso/customers/:customerId',
      {
        config: { access: { permission: 'customers:write' } },
        schema: {
          tags: ['sso'],
          summary: "Remove a customer's identity provider (its users keep their accounts)",
          params: CustomerParams,
          response: { 204: Type.Null(), 404: Problem },
        },
      },
      async (request, reply) => {
        await deleteProvider(deps.db, customerProviderId(request.params.customerId), by(request));
        return reply.status(204).send(null);
      },
    );

    // The browser's way. Refusals send the browser back to the sign-in page, which explains the code.
    const startFlow = async (request: FastifyRequest, reply: FastifyReply, provider: SsoProviderWithSecret | undefined, next: string) => {
      if (!provider) throw new AirlockError('SSO_NOT_CONFIGURED', {});
      const request_ = await oidc.authorizationRequest(await connectionOf(provider, need()), redirectUri(request));
      const secret = await beginFlow(
        deps.db,
        { providerId: provider.id, state: request_.state, nonce: request_.nonce, codeVerifier: request_.codeVerifier, next },
        {
          random: deps.random,
          now: deps.clock.now(),
        },
      );
      return reply
        .header('set-cookie', flowCookie(secret, FLOW_LIFETIME / 1000, wantsSecureCookie(request, options.secureCookies)))
        .header('cache-control', 'no-store')
        .redirect(request_.url, 303);
    };

    app.get(
      '/v1/sso/console/sign-in',
      {
        config: { access: 'public' },
        onRequest: limiter,
        schema: {
          tags: ['sso'],
          summary: "Start an administrator's sign-in at the console's identity provider (browser: 303 to the IdP)",
          querystring: NextQuery,
          response: { 303: Type.Null() },
        },
      },
      async (request, reply) => {
        const next = nextIn('console', request.query.next);
        try {
          return await startFlow(request, reply, await findProvider(deps.db, CONSOLE_PROVIDER_ID), next);
        } catch (error) {
          return refuseInBrowser(reply, 'console', error);
        }
      },
    );

    app.get(
      '/v1/sso/portal/sign-in',
      {
        config: { access: 'public' },
        onRequest: limiter,
        schema: {
          tags: ['sso'],
          summary: "Start a portal user's sign-in at their customer's identity provider, found by the address's domain (browser: 303 to the IdP)",
          querystring: PortalStartQuery,
          response: { 303: Type.Null() },
        },
      },
      async (request, reply) => {
        const email = request.query.email.trim().toLowerCase();
        try {
          return await startFlow(
            request,
            reply,
            await findProviderForDomain(deps.db, email.slice(email.lastIndexOf('@') + 1)),
            nextIn('portal', request.query.next),
          );
        } catch (error) {
          return refuseInBrowser(reply, 'portal', error);
        }
      },
    );

    app.get(
      CALLBACK_PATH,
      {
        config: { access: 'public' },
        onRequest: limiter,
        schema: {
          tags: ['sso'],
          summary: "The identity provider's answer (the redirect URI to register): opens the session and shows the page the sign-in started from",
          querystring: CallbackQuery,
          response: { 200: Type.String(), 303: Type.Null() },
        },
      },
      async (request, reply) => {
        void reply.header('set-cookie', flowCookie('', 0, wantsSecureCookie(request, options.secureCookies))).header('cache-control', 'no-store');
        let area: 'console' | 'portal' = 'console';
        try {
          const now = deps.clock.now();
          const flow = await takeFlow(deps.db, readFlowCookie(request), request.query.state, now).catch(async (error: unknown) => {
            const providerId = isAirlockError(error) ? error.detail.providerId : undefined;
            if (typeof providerId === 'string' && providerId !== CONSOLE_PROVIDER_ID) area = 'portal';
            throw error;
          });
          const provider = await findProvider(deps.db, flow.providerId);
          if (!provider) throw new AirlockError('SSO_NOT_CONFIGURED', {});
          area = provider.area;
          const callbackUrl = new URL(`${redirectUri(request)}${request.url.slice(request.url.indexOf('?'))}`);
          const claims = await oidc.completeSignIn(await connectionOf(provider, need()), callbackUrl, flow, provider.groupClaim);
          const signedIn = await signInWithSso(deps.db, provider, claims, { random: deps.random, now, requestId: request.id, address: request.ip });
          const next = signedIn.mustChangePassword ? `/${area}/password` : flow.next;
          return reply
            .header('set-cookie', [
              flowCookie('', 0, wantsSecureCookie(request, options.secureCookies)),
              sessionCookie(AUTHORITY_SESSION_COOKIE, signedIn.secret, SESSION_LIFETIME / 1000, wantsSecureCookie(request, options.secureCookies)),
            ])
            .type('text/html; charset=utf-8')
            .send(onwardPage(next));
        } catch (error) {
          return refuseInBrowser(reply, area, error);
        }
      },
    );
  };
}

async function connectionOf(provider: SsoProviderWithSecret, settings: SsoSettings): Promise<ProviderConnection> {
  return {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: await settings.sealer.open(provider.clientSecretSealed, secretLabel(provider.id)),
    version: provider.updatedAt,
  };
}

/** A page of the area to go back to; anything else (another site, another area) is the area's home. */
function nextIn(area: 'console' | 'portal', next: string | undefined): string {
  const home = area === 'console' ? '/console/dashboard' : '/portal/sites';
  if (next === undefined || next.startsWith('//') || !new RegExp(`^/${area}(/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$`).test(next)) return home;
  return next;
}

/**
 * A refusal the browser can read: back to the area's sign-in page, which explains the code.
 * Errors that are not refusals (bugs, a database down) are left to the error handler.
 */
function refuseInBrowser(reply: FastifyReply, area: 'console' | 'portal', error: unknown): FastifyReply {
  if (!isAirlockError(error)) throw error;
  const code: ErrorCode = error.code;
  reply.log.info({ code, detail: error.detail }, 'single sign-on refused');
  return reply.redirect(`/${area}/sign-in?sso_error=${code}`, 303);
}

/**
 * The callback answers with a page that moves on by itself rather than a redirect: the IdP's
 * answer is a navigation from another site, and the session cookie (SameSite=Strict) would not
 * be sent along a redirect that continues it. A refresh from this page is a navigation of
 * Airlock's own, which carries it. No script is needed (the pages' CSP allows none inline).
 */
function onwardPage(next: string): string {
  const href = next.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><meta http-equiv="refresh" content="0;url=${href}"><title>Signed in</title></head><body><p>Signed in. <a href="${href}">Continue</a>.</p></body></html>`;
}
