import { AirlockError, minutes, type Random } from '@airlock/core';
import { addDuration } from '@airlock/core/internal';
import type { FastifyRequest } from 'fastify';
import { hashSecret, newSessionSecret, sameHash } from '@airlock/http';
import type { Db } from '../../db/database.ts';

/**
 * A sign-in under way between the redirect to the IdP and its answer. The browser holds a
 * random flow secret in a cookie of its own; the database holds the secret's SHA-256 with the
 * state, the nonce and the PKCE verifier. The answer is accepted only in the browser that
 * started the sign-in, only once, and only within FLOW_LIFETIME: a stolen or replayed
 * callback URL opens nothing (SSO_STATE_INVALID).
 */
export const FLOW_LIFETIME = minutes(10);

/**
 * SameSite=Lax, unlike the session cookie: the IdP's answer is a top-level navigation from
 * another site, which carries Lax cookies and not Strict ones. Sent only to the callback.
 */
const FLOW_COOKIE = 'airlock_sso_flow';
export const CALLBACK_PATH = '/v1/sso/callback';

export interface SsoFlow {
  readonly providerId: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly next: string;
}

/** Records a new flow and returns the secret for its cookie. */
export async function beginFlow(db: Db, flow: SsoFlow, context: { readonly random: Random; readonly now: Date }): Promise<string> {
  const secret = newSessionSecret(context.random);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sso_flows').where('expires_at', '<=', context.now).execute();
    await trx
      .insertInto('sso_flows')
      .values({
        flow_hash: hashSecret(secret),
        provider_id: flow.providerId,
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.codeVerifier,
        next: flow.next,
        expires_at: addDuration(context.now, FLOW_LIFETIME),
      })
      .execute();
  });
  return secret;
}

/**
 * Takes (and so ends) the flow of this cookie secret, if it is live and the IdP's `state`
 * is its own; otherwise SSO_STATE_INVALID. The flow is deleted whatever follows: one answer
 * per sign-in. The provider's `where to go back` is returned even when refused, when known.
 */
export async function takeFlow(db: Db, secret: string | undefined, state: string | undefined, now: Date): Promise<SsoFlow> {
  if (secret === undefined || secret === '') throw new AirlockError('SSO_STATE_INVALID', { reason: 'this browser started no sign-in (its cookie is missing)' });
  const presented = hashSecret(secret);
  const row = await db.deleteFrom('sso_flows').where('flow_hash', '=', presented).returningAll().executeTakeFirst();
  if (!row || !sameHash(row.flow_hash, presented) || row.expires_at <= now) {
    throw new AirlockError('SSO_STATE_INVALID', { reason: 'the sign-in is unknown, already answered, or older than 10 minutes' });
  }
  const flow = { providerId: row.provider_id, state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, next: row.next };
  if (state === undefined || !sameHash(hashSecret(state), hashSecret(row.state))) {
    throw new AirlockError('SSO_STATE_INVALID', { reason: 'the answer’s state is not this sign-in’s', providerId: row.provider_id });
  }
  return flow;
}

/** The flow cookie's value from the request, if any. */
export function readFlowCookie(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === FLOW_COOKIE) return pair.slice(separator + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value of a flow (`maxAgeSeconds` 0 clears it). */
export function flowCookie(secret: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${FLOW_COOKIE}=${secret}`, `Path=${CALLBACK_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])].join(
    '; ',
  );
}
