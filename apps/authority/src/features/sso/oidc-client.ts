import { AirlockError, type Random } from '@airlock/core';
import * as oidc from 'openid-client';

/**
 * The relying party's side of the OpenID Connect authorization code flow, through panva's
 * openid-client: discovery, the authorization URL (PKCE S256, state, nonce), and the code
 * exchange with every check of the ID token (signature against the IdP's published keys,
 * issuer, audience, expiry, nonce). Airlock adds no cryptography of its own here.
 */

/** What Airlock learns of a person from a verified ID token (and the UserInfo answer where the token lacks it). */
export interface IdentityClaims {
  readonly subject: string;
  readonly email: string | undefined;
  /** False only when the IdP says the address is not verified; IdPs that do not say are believed. */
  readonly emailVerified: boolean;
  readonly groups: readonly string[];
}

export interface ProviderConnection {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The version of the provider's settings: a change forgets the discovered configuration. */
  readonly version: string;
}

/** Issuers reached over plain HTTP only on the machine itself (a test or a local IdP), never across a network. */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** How long a discovered configuration (endpoints and keys' address) is kept before it is read again. */
const DISCOVERY_TTL_MS = 10 * 60 * 1000;

/**
 * The discovered configurations, kept per provider for a while: discovery is a request to the
 * IdP, which a sign-in should not repeat each time. The IdP's signing keys are fetched and
 * refreshed by openid-client itself.
 */
export function createOidcClient(options: { readonly random: Random; readonly nowMs?: () => number }) {
  const nowMs = options.nowMs ?? (() => Date.now());
  const cache = new Map<string, { readonly version: string; readonly at: number; readonly config: Promise<oidc.Configuration> }>();

  async function configurationOf(connection: ProviderConnection): Promise<oidc.Configuration> {
    const key = `${connection.issuer}\n${connection.clientId}`;
    const cached = cache.get(key);
    if (cached && cached.version === connection.version && nowMs() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const issuer = new URL(connection.issuer);
    const config = oidc.discovery(issuer, connection.clientId, undefined, oidc.ClientSecretBasic(connection.clientSecret), {
      ...(issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    cache.set(key, { version: connection.version, at: nowMs(), config });
    try {
      return await config;
    } catch (error) {
      cache.delete(key);
      throw new AirlockError('SSO_PROVIDER_UNREACHABLE', { issuer: connection.issuer, reason: reasonOf(error) });
    }
  }

  const randomText = () => Buffer.from(options.random.bytes(32)).toString('base64url');

  return {
    /**
     * Where to send the browser, with the values the answer is checked against later. The
     * verifier is 32 random bytes (RFC 7636 §4.1), the challenge its SHA-256 (S256).
     */
    async authorizationRequest(
      connection: ProviderConnection,
      redirectUri: string,
    ): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
      const config = await configurationOf(connection);
      const [state, nonce, codeVerifier] = [randomText(), randomText(), randomText()];
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    /**
     * Exchanges the code of the IdP's answer (the callback URL as received) for tokens and
     * returns the verified claims. An error answer of the IdP, a state that does not match, or
     * a token that fails a check: SSO_TOKEN_INVALID (SSO_STATE_INVALID for the state).
     */
    async completeSignIn(
      connection: ProviderConnection,
      callbackUrl: URL,
      checks: { readonly state: string; readonly nonce: string; readonly codeVerifier: string },
      groupClaim: string,
    ): Promise<IdentityClaims> {
      const config = await configurationOf(connection);
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw refusalOf(error, connection.issuer);
      }
      const claims = tokens.claims();
      if (!claims) throw new AirlockError('SSO_TOKEN_INVALID', { reason: 'the identity provider returned no ID token' });
      let merged: Record<string, unknown> = { ...claims };
      // Some IdPs put the e-mail address and groups only in the UserInfo answer.
      if ((merged.email === undefined || merged[groupClaim] === undefined) && tokens.access_token) {
        try {
          merged = { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)), ...merged };
        } catch (error) {
          throw refusalOf(error, connection.issuer);
        }
      }
      return {
        subject: claims.sub,
        email: typeof merged.email === 'string' ? merged.email : undefined,
        emailVerified: merged.email_verified !== false,
        groups: groupsOf(merged[groupClaim]),
      };
    },
  };
}

/** A group claim is a list of names, or (some IdPs) one name. */
function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  return [];
}

function refusalOf(error: unknown, issuer: string): AirlockError {
  if (error instanceof AirlockError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'OAUTH_INVALID_RESPONSE' && /state/i.test(reasonOf(error))) return new AirlockError('SSO_STATE_INVALID', { reason: reasonOf(error) });
  if (error instanceof TypeError || code === 'OAUTH_RESPONSE_IS_NOT_JSON' || (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && /fetch/i.test(reasonOf(error)))) {
    return new AirlockError('SSO_PROVIDER_UNREACHABLE', { issuer, reason: reasonOf(error) });
  }
  return new AirlockError('SSO_TOKEN_INVALID', { reason: reasonOf(error) });
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const oauth = (error as { error?: unknown }).error;
  return `${typeof oauth === 'string' ? `${oauth}: ` : ''}${message}${cause}`.slice(0, 300);
}
