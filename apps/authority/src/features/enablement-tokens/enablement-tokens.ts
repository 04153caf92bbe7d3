import { AirlockError, issueEnablementToken, type SiteLicensing } from '@airlock/core';
import { checkTokenDownload, enablementTokenExpiry } from '@airlock/core/internal';
import type { AuthorityDeps } from '../../deps.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';
import { getCustomer } from '../customers/customers.ts';
import { approvedMinimumSiteVersion, stricterMinimumVersion } from '../offline-approval/offline-approval.ts';
import { loadLicensingPolicy, siteLicensingPolicyForCustomer, type SiteLicensingPolicy } from '../policies/licensing-policies.ts';
import { findSite, normalizeGuid } from '../sites/sites.ts';

/** A downloaded enablement token: the armoured text to carry to the site, and its lifetime. */
export interface DownloadedEnablementToken {
  readonly id: string;
  readonly siteGuid: string;
  readonly expiresAt: string;
  readonly text: string;
}

/**
 * Issues an enablement token for one of an approved customer's sites (docs/design.md, F1), with the
 * lifetime and cycle windows of the customer's policy, and records it.
 *
 * Checks, first failure wins: NOT_FOUND (customer), then OFFLINE_NOT_APPROVED (core's
 * `checkTokenDownload`) before the site, because approval is the customer-wide gate — an
 * unapproved customer learns what to do about it whatever GUID it typed — then NOT_FOUND
 * when the GUID is not one of this customer's sites. A refusal writes nothing.
 *
 * The token's minimum site version is the stricter of the policy's and the one the customer
 * committed to in its approved request. Its `siteLicensing` tells the site which modes the
 * policy allows (docs/connected.md, "The policy").
 */
export async function downloadEnablementToken(
  deps: Pick<AuthorityDeps, 'db' | 'keys' | 'random'>,
  customerId: string,
  siteGuid: string,
  by: Actor,
): Promise<DownloadedEnablementToken> {
  // Keys first, outside the transaction: a store-backed key ring reads the database itself,
  // and the embedded store has a single connection that the transaction would be holding.
  const [signer, authorityEncryptionKey] = await Promise.all([deps.keys.signer(), deps.keys.encryptionCertificate()]);
  return deps.db.transaction().execute(async (trx) => {
    const customer = await getCustomer(trx, customerId);
    const approval = checkTokenDownload({ offlineApproval: customer.offlineApproval });
    if (!approval.ok) throw new AirlockError(approval.code, approval.detail);
    const site = await findSite(trx, customerId, siteGuid);
    if (!site) throw new AirlockError('NOT_FOUND', { site: normalizeGuid(siteGuid) });

    const policy = await loadLicensingPolicy(trx, customer.policyId);
    const minimumSiteVersion = stricterMinimumVersion(policy.minimumSiteVersion, await approvedMinimumSiteVersion(trx, customerId));
    const siteLicensing = siteLicensingClaim(await siteLicensingPolicyForCustomer(trx, customerId));
    const { text, claims } = await issueEnablementToken(
      {
        customerId,
        siteGuid: site.guid,
        lifetime: policy.enablementTokenTtl,
        minimumSiteVersion,
        authorityEncryptionKey,
        cycleWindows: { fromFirstLfr: policy.cycleWindowFromFirstLfr, fromLatestLfr: policy.cycleWindowFromLatestLfr },
        siteLicensing,
      },
      { now: by.now, random: deps.random, signer },
    );
    const expiresAt = enablementTokenExpiry(claims);
    await trx
      .insertInto('enablement_tokens')
      .values({ id: claims.jti, customer_id: customerId, site_guid: site.guid, issued_at: by.now, expires_at: expiresAt, issued_by: by.actor })
      .execute();
    const token = { id: claims.jti, siteGuid: site.guid, expiresAt: expiresAt.toISOString() };
    await recordAudit(trx, {
      ...by,
      action: 'enablement-token.issue',
      objectType: 'enablement-token',
      objectId: claims.jti,
      after: { ...token, customerId, minimumSiteVersion, cycleWindows: claims.cycleWindows, siteLicensing },
      at: by.now,
    });
    return { ...token, text };
  });
}

/**
 * The token's `siteLicensing` claim from the customer's policy (formats.md §6.1): which modes
 * its sites may use, whether a person approves each answer over the link, and how often a
 * connected site exchanges, in seconds.
 *
 * @example
 * ```ts
 * siteLicensingClaim({ siteLicensing: 'connected', connectedApproval: 'manual', exchangeIntervalMs: 3_600_000, minimumConnectedSiteVersion: '42' });
 * // { files: false, connected: true, approval: 'manual', exchangeInterval: 3600, connectedMinimumSiteVersion: '42' }
 * ```
 */
export function siteLicensingClaim(policy: Omit<SiteLicensingPolicy, 'minimumSiteVersion'>): SiteLicensing {
  return {
    files: policy.siteLicensing !== 'connected',
    connected: policy.siteLicensing !== 'files',
    approval: policy.connectedApproval,
    exchangeInterval: Math.floor(policy.exchangeIntervalMs / 1000),
    connectedMinimumSiteVersion: policy.minimumConnectedSiteVersion,
  };
}
