import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type JWK } from 'oidc-provider';

/**
 * A real OpenID Connect provider for the tests (panva's oidc-provider, the certified one), on
 * 127.0.0.1: one registered confidential client, PKCE required, ID tokens that carry the
 * e-mail and groups claims, and a sign-in page of its own (a login field, no password, consent
 * given at once) that a test drives by HTTP or a browser drives by its form.
 */

export interface TestAccount {
  readonly email: string;
  readonly emailVerified?: boolean;
  readonly groups: readonly string[];
}

export interface TestIdentityProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  /** Read at every sign-in, so a test can revoke a group between two sign-ins. */
  readonly accounts: () => Record<string, TestAccount>;
  readonly port?: number;
}

export interface TestIdentityProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

export async function startTestIdentityProvider(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['groups'] },
    // The claims of the scopes asked for go into the ID token itself, as many IdPs do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['airlock test identity provider cookies'] },
    jwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as JWK), kid: 'test-rs256', use: 'sig', alg: 'RS256' }] },
    findAccount: (_ctx, sub) => {
      const account = options.accounts()[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: account.emailVerified ?? true, groups: [...account.groups] }),
      };
    },
    renderError: (ctx, out) => {
      ctx.type = 'text/plain';
      ctx.body = `identity provider error: ${JSON.stringify(out)}`;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function interaction(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    if (details.prompt.name === 'login' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><title>Test identity provider</title><h1>Sign in to the test identity provider</h1>` +
          `<form method="post" action="/interaction/${details.uid}"><label>Login <input name="login" autofocus></label><button type="submit">Sign in</button></form>`,
      );
      return;
    }
    const accountId = details.prompt.name === 'login' ? (new URLSearchParams(await bodyOf(request)).get('login') ?? '') : (details.session?.accountId ?? '');
    if (!options.accounts()[accountId]) {
      await provider.interactionFinished(
        request,
        response,
        { error: 'access_denied', error_description: 'unknown account' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // Browsers ask for an icon; the test IdP has none, and says so without an error status.
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (request.url?.startsWith('/interaction/')) {
      interaction(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
      return;
    }
    void callback(request, response);
  });
  return {
    issuer,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
