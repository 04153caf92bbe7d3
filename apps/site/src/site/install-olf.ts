import { AirlockError, checkOlfInstall, openOfflineLicenseFile, type LedgerRestore, type Outcome, type SiteEntitlement } from '@airlock/core';
import { refuse } from '@airlock/core/internal';
import { tenantPolicy } from '../rules/tenant-policy.ts';
import type { Actor, InstalledLicense } from '../state/site-events.ts';
import { usersOverLimits } from '../state/site-state.ts';
import { newerRevocations, recordRefusal } from './install-token.ts';
import { must, type SiteContext } from './site-context.ts';

/** The license an installed OLF gave the tenant. */
export interface OlfInstallation {
  readonly tenant: string;
  readonly olfId: string;
  readonly lfrId: string;
  readonly cycle: number;
  readonly start: string;
  readonly end: string;
  readonly entitlements: SiteEntitlement[];
  /** The license this one replaces: the previous OLF's id, or the activated license's (docs/design.md, F5); null for none. */
  readonly replaces: string | null;
}

/**
 * Installs an Offline License File on a tenant (docs/design.md, F2). Every check, first failure wins:
 * 1. `TENANT_NOT_FOUND`, the ledger and the clock (as every change), `NOT_ENABLED`;
 * 2. the document: armour and kind, encrypted to this site's key, a signature chaining to the
 *    pinned root (with the newest revocations seen), this site and tenant as audience, not from
 *    the future, `DOCUMENT_REPLAYED` for an OLF this tenant installed before;
 * 3. `WRONG_RECIPIENT` when bound to another site key than this site's;
 * 4. `checkOlfInstall`: it answers the open cycle's latest LFR (`NO_OPEN_CYCLE`, `LFR_SUPERSEDED`),
 *    within the windows (`CYCLE_LOCKED`, `LFR_EXPIRED`), and no seat type would hold more users
 *    than its new quantity (`SEAT_REDUCTION_BELOW_USE`, naming per type the use, the new limit
 *    and every user assigned, so the admin can de-provision first).
 * 3a. `REBASELINE_REQUIRED` when the tenant awaits a re-baseline (restored from a backup) and the
 *    OLF's `rebaseline` is not that very restore; installing the one that is ends the wait.
 * A refusal at 3 or 4 is recorded in the ledger for the audit (the document was authentic);
 * nothing else changes. Installing replaces the previous OLF (or an activated license) and closes the cycle.
 *
 * @example
 * ```ts
 * const installed = await installOlf(context, 'default', olfText, 'site-admin');
 * ```
 */
export async function installOlf(context: SiteContext, tenantId: string, text: unknown, by: Actor): Promise<OlfInstallation> {
  const before = context.beginChange(tenantId, { duringRebaseline: true });
  if (!before.tenant.token) throw new AirlockError('NOT_ENABLED', { tenant: tenantId });
  const { identity } = context;
  const opened = await openOfflineLicenseFile(text, {
    now: before.now,
    trust: context.trust(),
    siteEncryptionKey: identity.encryptionKey,
    siteGuid: identity.guid,
    tenant: tenantId,
    isReplay: (id) => before.tenant.olfIds.has(id),
  });

  // From here to the append, synchronous: the seats checked are the seats the license gets.
  const { tenant, now } = context.beginChange(tenantId, { duringRebaseline: true });
  const olf = opened.claims;
  const revocations = newerRevocations(context, opened.revocations);
  const seatLimits = seatLimitsOf(olf.entitlements);
  const outcome: Outcome<unknown> =
    olf.siteKeyThumbprint !== identity.signingKey.kid
      ? refuse('WRONG_RECIPIENT', { reason: 'the license is bound to another site key', expected: identity.signingKey.kid, found: olf.siteKeyThumbprint })
      : tenant.restore && !sameRestore(tenant.restore, olf.rebaseline)
        ? refuse('REBASELINE_REQUIRED', {
            tenant: tenantId,
            reached: tenant.restore.reached,
            restored: tenant.restore.restored,
            lost: tenant.restore.reached.sequence - tenant.restore.restored.sequence,
            reason: 'only an OLF that re-baselines this restore can be installed',
          })
        : checkOlfInstall(
            { siteGuid: olf.siteGuid, tenant: olf.tenant, answersLfrId: olf.lfrId, seatLimits },
            {
              siteGuid: identity.guid,
              tenant: tenantId,
              now,
              policy: tenantPolicy(tenant.token),
              cycle: tenant.cycle,
              assignedUsers: usersOverLimits(tenant, seatLimits),
            },
          );
  if (!outcome.ok) {
    await recordRefusal(context, [
      ...revocations,
      { t: 'document-refused', tenant: tenantId, document: 'offline-license-file', documentId: olf.jti, code: outcome.code, by },
    ]);
    must(outcome);
  }
  const license: InstalledLicense = {
    olfId: olf.jti,
    lfrId: olf.lfrId,
    customerId: olf.customerId,
    cycle: olf.cycle,
    sequence: olf.sequence,
    start: olf.start,
    end: olf.end,
    entitlements: olf.entitlements,
    installedAt: now.getTime(),
    certificate: opened.jws,
  };
  const replaces = tenant.license?.olfId ?? tenant.activated?.licenseId ?? null;
  const rebaselined = tenant.restore ? [{ t: 'tenant-rebaselined' as const, tenant: tenantId, olfId: license.olfId, lfrId: license.lfrId, by }] : [];
  await context.journal.record([...revocations, { t: 'olf-installed', tenant: tenantId, license, by }, ...rebaselined]);
  return {
    tenant: tenantId,
    olfId: license.olfId,
    lfrId: license.lfrId,
    cycle: license.cycle,
    start: license.start,
    end: license.end,
    entitlements: [...license.entitlements],
    replaces,
  };
}

/** The OLF re-baselines exactly the restore the tenant awaits: the same heads, reached and put back. */
function sameRestore(restore: LedgerRestore, rebaseline: LedgerRestore | undefined): boolean {
  if (!rebaseline) return false;
  const same = (a: LedgerRestore['reached'], b: LedgerRestore['reached']) => a.sequence === b.sequence && a.head === b.head;
  return same(restore.reached, rebaseline.reached) && same(restore.restored, rebaseline.restored);
}

/** The new quantity of each seat type; types the license does not grant as seats have none (limit 0). */
function seatLimitsOf(entitlements: readonly SiteEntitlement[]): Record<string, number> {
  return Object.fromEntries(
    entitlements.filter((entitlement) => entitlement.category === 'seat').map((entitlement) => [entitlement.type, entitlement.quantity]),
  );
}
