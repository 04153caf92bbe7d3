import { AirlockError, isAirlockError, openSiteExchangeRequest, type ErrorCode, type OpenedSiteExchangeRequest } from '@airlock/core';
import { lfrDigest } from '@airlock/core/internal';
import type { Db } from '../../db/database.ts';
import type { AuthorityDeps } from '../../deps.ts';
import type { Actor } from '../../http/audit.ts';
import { authorityOpenContext } from '../../keys/authority-keys.ts';
import { issueOfflineLicense } from '../offline-licenses/issue-offline-license.ts';
import { latestLfr, registeredSite, type RegisteredSite } from '../offline-licenses/offline-license-queries.ts';
import { proposeOlf, type MigrationShortfall } from '../offline-licenses/propose-olf.ts';
import { openUploadedLfr, storeUploadedLfr } from '../offline-licenses/upload-license-file-request.ts';
import { requireSiteVersion, siteLicensingPolicyForCustomer, type SiteLicensingPolicy } from '../policies/licensing-policies.ts';
import { recordSiteExchange, type SiteLinkStatus } from './site-link-records.ts';

/** Seconds a site waits before asking again for an answer a person approves in the console. */
export const APPROVAL_RETRY_AFTER_SECONDS = 300;
/** Seconds a site waits before asking again for an answer held by what a person must decide (purchases, a re-baseline, ...). */
export const DECISION_RETRY_AFTER_SECONDS = 60;
/** The clock tolerance the authority grants an exchange request's `exp` (core's default), and keeps its id for after it. */
const EXCHANGE_CLOCK_TOLERANCE_MS = 300_000;

/**
 * The codes of the OLF rules a person must decide, which make an answer over the link wait
 * (`pending`) rather than refuse: a quantity below use, a restore not accepted yet, a migration
 * the purchases do not cover, purchases that no longer cover the proposal, an account whose end
 * leaves no term. Every other refusal is one no person can lift, answered as a problem.
 */
const PENDING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BELOW_USE_NOT_ACCEPTED',
  'REBASELINE_PENDING',
  'MIGRATION_NOT_COVERED',
  'ALLOCATION_EXCEEDS_PURCHASE',
  'OLF_END_BEFORE_START',
  'OLF_END_AFTER_ACCOUNT_END',
]);

/** What a site posts to `POST /v1/site-exchange` (docs/connected.md, "HTTP contract"). */
export interface SiteExchangeBody {
  /** The armoured site exchange request (formats.md §6.14). */
  readonly request: string;
  /** The armoured LFR, when the request submits one. */
  readonly lfr?: string | undefined;
}

/** The OLF answering the site's LFR: 200. */
export interface AnsweredExchange {
  readonly status: 'answered';
  readonly lfrId: string;
  readonly olf: { readonly id: string; readonly start: string; readonly end: string; readonly text: string };
}

/** No OLF yet: 202, ask again after `retryAfter` seconds. */
export interface PendingExchange {
  readonly status: 'pending';
  readonly lfrId: string;
  /** `approval` (the policy wants a person to issue each OLF), or the code of what a person must decide. */
  readonly reason: 'approval' | ErrorCode;
  /** Why, in words. */
  readonly detail: string;
  readonly retryAfter: number;
  /** With MIGRATION_NOT_COVERED: per license type, what the replaced static license granted and what is available. */
  readonly shortfall?: MigrationShortfall[];
}

export type SiteExchangeAnswer = AnsweredExchange | PendingExchange;

export interface SiteExchangeContext {
  readonly now: Date;
  readonly requestId?: string | undefined;
  /** Counts the exchange against its site, once the site is authenticated; throws RATE_LIMITED past the limit. */
  readonly admit?: ((siteGuid: string) => void) | undefined;
}

/**
 * Answers a site's exchange over the link (docs/connected.md, "How the authority answers" and
 * "HTTP contract"). Checks, first failure wins:
 * 1. the request's envelope (every core check: malformed, wrong recipient, signature, ...) and
 *    its lifetime (SITE_EXCHANGE_EXPIRED); its id not taken before (DOCUMENT_REPLAYED);
 * 2. the site is registered to the customer the request names (SITE_NOT_REGISTERED);
 * 3. the request is signed by the site's known key or, for a site whose key the authority has
 *    not learned yet, submits an LFR (SITE_KEY_MISMATCH). Its request id is taken now, and
 *    every later outcome, refusals included, is recorded as the site tenant's last exchange
 *    (`recordSiteExchange`) — for a site whose key was not known, only once its LFR taught it;
 * 4. the customer's policy allows connected mode (CONNECTED_MODE_NOT_ALLOWED);
 * 5. the stated version meets both minimums of the policy (SITE_VERSION_TOO_OLD, `required`);
 * 6. a submitted LFR is the one the request binds (SHA-256), signed by the same key, for the
 *    same customer, site and tenant (REQUEST_INVALID); then every check of an upload, and it is
 *    stored as an upload (`storeUploadedLfr`, `via: link`) by the actor `site:<guid>`. An LFR
 *    the authority holds already for that site tenant is not stored again: it is answered as
 *    if awaited, so a site whose answer was lost on the way gets it by sending the LFR again.
 *    An awaited LFR must be one of that site tenant's (NOT_FOUND).
 * Then the LFR is answered (`answerLfr`).
 *
 * @example
 * ```ts
 * const answer = await exchangeWithSite(deps, { request, lfr }, { now, requestId });
 * reply.status(answer.status === 'answered' ? 200 : 202).send(answer);
 * ```
 */
export async function exchangeWithSite(
  deps: Pick<AuthorityDeps, 'db' | 'keys' | 'random'>,
  body: SiteExchangeBody,
  context: SiteExchangeContext,
): Promise<SiteExchangeAnswer> {
  const { now } = context;
  const opened = await openSiteExchangeRequest(body.request, {
    ...(await authorityOpenContext(deps.keys, now)),
    clockSkewTolerance: EXCHANGE_CLOCK_TOLERANCE_MS,
  });
  const { claims } = opened;
  if (await isRequestTaken(deps.db, claims.jti)) throw new AirlockError('DOCUMENT_REPLAYED', { id: claims.jti });
  const site = await authenticateSite(deps.db, opened);
  context.admit?.(site.guid);
  await takeRequest(deps.db, opened, site.guid, now);

  const by: Actor = { actor: `site:${site.guid}`, requestId: context.requestId, now };
  const record = { siteGuid: site.guid, tenant: claims.tenant, customerId: claims.customerId, siteVersion: claims.siteVersion };
  // A site whose key is not known yet proves itself only with its first LFR, accepted: until
  // then, nothing is recorded in its name.
  const outcome: { lfrId: string | null; authenticated: boolean } = { lfrId: claims.awaits ?? null, authenticated: site.siteKeyThumbprint !== null };
  const recordAs = async (status: SiteLinkStatus, code: string | null) => {
    if (outcome.authenticated) await recordSiteExchange(deps.db, { ...record, status, lfrId: outcome.lfrId, code, at: now });
  };
  try {
    const policy = await siteLicensingPolicyForCustomer(deps.db, claims.customerId);
    if (policy.siteLicensing === 'files') throw new AirlockError('CONNECTED_MODE_NOT_ALLOWED', { customerId: claims.customerId, siteGuid: site.guid });
    requireSiteVersion(claims.siteVersion, policy, 'link');
    outcome.lfrId = await receiveLfr(deps, opened, body, site, by);
    outcome.authenticated = true;
    const answer = await answerLfr(deps, { customerId: claims.customerId, lfrId: outcome.lfrId, policy }, by);
    await recordAs(answer.status, answer.status === 'pending' ? answer.reason : null);
    return answer;
  } catch (error) {
    if (isAirlockError(error)) await recordAs('refused', error.code);
    throw error;
  }
}

/** True when an exchange request of this id was taken already (and is still remembered). */
async function isRequestTaken(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('site_exchange_requests').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/**
 * The site the request comes from: registered to the customer it names (SITE_NOT_REGISTERED),
 * signing with its known key, or, before the key is known, submitting the LFR that will teach
 * it (SITE_KEY_MISMATCH).
 */
async function authenticateSite(db: Db, opened: OpenedSiteExchangeRequest): Promise<RegisteredSite> {
  const { claims, signerKid } = opened;
  const site = await registeredSite(db, claims.customerId, claims.siteGuid);
  if (!site) throw new AirlockError('SITE_NOT_REGISTERED', { siteGuid: claims.siteGuid.toLowerCase(), customerId: claims.customerId });
  if (site.siteKeyThumbprint === null) {
    if (claims.awaits !== undefined)
      throw new AirlockError('SITE_KEY_MISMATCH', {
        siteGuid: site.guid,
        expected: null,
        found: signerKid,
        reason: 'the site has sent no LFR yet: its first exchange submits one',
      });
  } else if (site.siteKeyThumbprint !== signerKid) {
    throw new AirlockError('SITE_KEY_MISMATCH', { siteGuid: site.guid, expected: site.siteKeyThumbprint, found: signerKid });
  }
  return site;
}

/**
 * Takes the request's id, remembered until its `exp` and the clock tolerance have passed (after
 * which the request is refused as expired anyway), and forgets the ids that have: a second
 * taking of one id, here or on another replica, is DOCUMENT_REPLAYED.
 */
async function takeRequest(db: Db, opened: OpenedSiteExchangeRequest, siteGuid: string, now: Date): Promise<void> {
  const { claims } = opened;
  await db.deleteFrom('site_exchange_requests').where('expires_at', '<', now).execute();
  const taken = await db
    .insertInto('site_exchange_requests')
    .values({ id: claims.jti, site_guid: siteGuid, received_at: now, expires_at: new Date(claims.exp * 1000 + EXCHANGE_CLOCK_TOLERANCE_MS) })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!taken) throw new AirlockError('DOCUMENT_REPLAYED', { id: claims.jti });
}

/**
 * The LFR the exchange is about: a submitted one checked against its request and stored as an
 * upload (unless the authority holds it already for that site tenant), or the awaited one.
 */
async function receiveLfr(
  deps: Pick<AuthorityDeps, 'db' | 'keys'>,
  opened: OpenedSiteExchangeRequest,
  body: SiteExchangeBody,
  site: RegisteredSite,
  by: Actor,
): Promise<string> {
  const { claims } = opened;
  const invalid = (reason: string) => new AirlockError('REQUEST_INVALID', { field: 'lfr', reason });
  if (claims.awaits !== undefined) {
    if (body.lfr !== undefined) throw invalid('a request that awaits an answer carries no LFR');
    if (!(await heldFor(deps.db, claims.awaits, site.guid, claims.tenant))) throw new AirlockError('NOT_FOUND', { lfr: claims.awaits });
    return claims.awaits;
  }
  if (body.lfr === undefined) throw invalid('the request submits an LFR: send it beside the request');
  if (lfrDigest(body.lfr) !== claims.lfrSha256) throw invalid('the LFR is not the one the request names (its SHA-256 differs)');
  const lfr = await openUploadedLfr(deps.keys, body.lfr, by.now);
  if (lfr.signerKid !== opened.signerKid) throw invalid('the LFR is signed by another key than the request');
  if (lfr.claims.customerId !== claims.customerId || lfr.claims.siteGuid.toLowerCase() !== site.guid || lfr.claims.tenant !== claims.tenant) {
    throw invalid('the LFR was made for another customer, site or tenant than the request');
  }
  if (!(await heldFor(deps.db, lfr.claims.jti, site.guid, claims.tenant))) {
    await storeUploadedLfr(deps, { customerId: claims.customerId, opened: lfr, via: 'link' }, by);
  }
  return lfr.claims.jti;
}

/** True when the authority holds this LFR from this site tenant. */
async function heldFor(db: Db, lfrId: string, siteGuid: string, tenant: string): Promise<boolean> {
  const row = await db
    .selectFrom('license_file_requests')
    .select('id')
    .where('id', '=', lfrId)
    .where('site_guid', '=', siteGuid)
    .where('tenant', '=', tenant)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The answer to a stored LFR of the customer's, in this order (docs/connected.md, "How the
 * authority answers"):
 * 1. an OLF answers it already → `answered`, with the OLF;
 * 2. a later LFR of its site tenant supersedes it → LFR_SUPERSEDED;
 * 3. the policy's approval is `manual` → `pending`, reason `approval`: a person issues the OLF
 *    in the console, as for an upload;
 * 4. otherwise the OLF the console proposes (`proposeOlf`) is issued by the rules of an OLF
 *    issued by hand (`issueOfflineLicense`), by the given actor; a migration the purchases do
 *    not cover (MIGRATION_NOT_COVERED, with `shortfall`) or a refusal a person must decide
 *    (`PENDING_CODES`) makes it `pending` with the code as reason. Other refusals are thrown.
 *
 * @example
 * ```ts
 * const answer = await answerLfr(deps, { customerId: 'acme', lfrId, policy }, { actor: `site:${guid}`, now });
 * ```
 */
async function answerLfr(
  deps: Pick<AuthorityDeps, 'db' | 'keys' | 'random'>,
  input: { readonly customerId: string; readonly lfrId: string; readonly policy: Pick<SiteLicensingPolicy, 'connectedApproval'> },
  by: Actor,
): Promise<SiteExchangeAnswer> {
  const { customerId, lfrId } = input;
  const answered = await answeringOlf(deps.db, lfrId);
  if (answered) return answered;
  await requireLatest(deps.db, lfrId);
  if (input.policy.connectedApproval === 'manual') {
    return pending(lfrId, 'approval', 'A person at the vendor issues the offline license file that answers this request.', APPROVAL_RETRY_AFTER_SECONDS);
  }
  const proposal = await proposeOlf(deps.db, { customerId, lfrId }, by.now);
  if (proposal.shortfall.length > 0) {
    return {
      ...pending(lfrId, 'MIGRATION_NOT_COVERED', new AirlockError('MIGRATION_NOT_COVERED').message, DECISION_RETRY_AFTER_SECONDS),
      shortfall: [...proposal.shortfall],
    };
  }
  try {
    const olf = await issueOfflineLicense(deps, customerId, lfrId, { start: proposal.start, end: proposal.end, entitlements: proposal.entitlements }, by);
    return { status: 'answered', lfrId, olf: { id: olf.id, start: olf.start, end: olf.end, text: olf.text } };
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    if (PENDING_CODES.has(error.code)) return pending(lfrId, error.code, error.message, DECISION_RETRY_AFTER_SECONDS);
    // Another exchange (or a person) answered it in the meantime: that OLF is the answer.
    if (error.code === 'LFR_ALREADY_USED') {
      const meanwhile = await answeringOlf(deps.db, lfrId);
      if (meanwhile) return meanwhile;
    }
    throw error;
  }
}

function pending(lfrId: string, reason: PendingExchange['reason'], detail: string, retryAfter: number): PendingExchange {
  return { status: 'pending', lfrId, reason, detail, retryAfter };
}

/** The OLF issued from this LFR, as the answer carries it, or undefined. */
async function answeringOlf(db: Db, lfrId: string): Promise<AnsweredExchange | undefined> {
  const olf = await db.selectFrom('offline_license_files').select(['id', 'starts_on', 'ends_on', 'text']).where('lfr_id', '=', lfrId).executeTakeFirst();
  return olf ? { status: 'answered', lfrId, olf: { id: olf.id, start: olf.starts_on, end: olf.ends_on, text: olf.text } } : undefined;
}

/** LFR_SUPERSEDED when a later LFR of the same site tenant was received. */
async function requireLatest(db: Db, lfrId: string): Promise<void> {
  const lfr = await db
    .selectFrom('license_file_requests')
    .select(['site_guid', 'tenant', 'cycle', 'sequence'])
    .where('id', '=', lfrId)
    .executeTakeFirstOrThrow();
  const latest = await latestLfr(db, { siteGuid: lfr.site_guid, tenant: lfr.tenant });
  if (latest && latest.id !== lfrId) {
    throw new AirlockError('LFR_SUPERSEDED', { lfrId, cycle: lfr.cycle, sequence: lfr.sequence, latestCycle: latest.cycle, latestSequence: latest.sequence });
  }
}
