import { AirlockError, checkRegistrationKey, dearmor, openActivatedLicense, type LicenseItem } from '@airlock/core';
import type { Actor } from '../state/site-events.ts';
import type { TenantState } from '../state/site-state.ts';
import { activatedLicenseEnd, checkActivatedLicenseInstall } from '../rules/activated-license-terms.ts';
import { activatedGrantsOn, type InstalledActivatedLicense } from '../state/activated-license-state.ts';
import { newerRevocations, recordRefusal } from './install-token.ts';
import { must, type SiteContext } from './site-context.ts';

/** The license an installed activated license gave its tenant. */
export interface ActivatedLicenseInstallation {
  readonly tenant: string;
  readonly licenseId: string;
  readonly registrationKey: string;
  readonly customerId: string;
  readonly revision: number;
  readonly activatedLrn: string;
  /** Every LRN merged into it, in the order they were activated. */
  readonly lrns: string[];
  readonly items: LicenseItem[];
  /** Per license type, what its items in force grant today. */
  readonly entitlements: { readonly licenseType: string; readonly quantity: number }[];
  /** The last day anything of it counts; null while a permanent item keeps it in force. */
  readonly endsOn: string | null;
  /** The license it replaces: the tenant's earlier activated license or its OLF; null for none. */
  readonly replaces: { readonly document: 'activated-license' | 'offline-license-file'; readonly id: string } | null;
}

export interface InstallActivatedLicenseOptions {
  /**
   * The tenant the caller means: the license must be for its Registration Key (`WRONG_RECIPIENT`
   * otherwise). Without it, the Registration Key the license names finds the tenant.
   */
  readonly tenant?: string | undefined;
  readonly by: Actor;
}

/**
 * Installs an activated license (docs/design.md, F5) on the tenant whose Registration Key it names; it is
 * in force for the next check, with no restart. Every check, first failure wins:
 * 1. the tenant named exists (`TENANT_NOT_FOUND`), the ledger and the clock (as every change);
 * 2. the document (`openActivatedLicense`): armour and kind, a signature chaining to the pinned
 *    root (with the newest revocations seen), a well-formed body, not from the future;
 * 3. `WRONG_RECIPIENT` unless its Registration Key is the named tenant's or, with no tenant
 *    named, one of this site's tenants' (an RK is derived from this site's GUID and key);
 * 4. `checkActivatedLicenseInstall`: a newer revision than any the tenant took
 *    (`ACTIVATED_LICENSE_NOT_NEWER`), something still in force (`LICENSE_EXPIRED`), no seat
 *    type left with more users than seats (`SEAT_REDUCTION_BELOW_USE`, naming the users).
 * A refusal at 4 is recorded in the ledger for the audit (the document was authentic); nothing
 * else changes. Installing replaces the tenant's OLF or earlier activated license and closes an
 * open cycle: a tenant is licensed by the offline cycle or by orders, one at a time.
 *
 * The document is signed, not encrypted, so which tenant it is for can be read before it is
 * verified; it is only read to pick the Registration Key it is then verified against.
 *
 * @example
 * ```ts
 * const installed = await installActivatedLicense(context, licenseText, { by: 'site-admin' });
 * installed.tenant; // the tenant whose RK it names
 * ```
 */
export async function installActivatedLicense(
  context: SiteContext,
  text: unknown,
  options: InstallActivatedLicenseOptions,
): Promise<ActivatedLicenseInstallation> {
  const before = options.tenant === undefined ? { tenant: null, now: context.beginSiteChange() } : context.beginChange(options.tenant);
  const registrationKey = before.tenant?.rk ?? registrationKeyToOpen(context, text);
  const opened = await openActivatedLicense(text, { now: before.now, trust: context.trust(), registrationKey });

  // From here to the append, synchronous: the seats checked are the seats the license gets.
  const claims = opened.claims;
  const tenant = tenantFor(context, claims.registrationKey, options.tenant);
  const at = context.beginChange(tenant.id).now;
  const revocations = newerRevocations(context, opened.revocations);
  const license: InstalledActivatedLicense = {
    licenseId: claims.jti,
    registrationKey: claims.registrationKey,
    customerId: claims.customerId,
    revision: claims.revision,
    activatedLrn: claims.activatedLrn,
    lrns: [...claims.lrns],
    items: claims.items.map((item) => ({ ...item })),
    issuedAt: claims.iat * 1000,
    installedAt: at.getTime(),
    certificate: opened.jws,
  };
  const outcome = checkActivatedLicenseInstall(tenant, license, at);
  if (!outcome.ok) {
    await recordRefusal(context, [
      ...revocations,
      { t: 'document-refused', tenant: tenant.id, document: 'activated-license', documentId: license.licenseId, code: outcome.code, by: options.by },
    ]);
    must(outcome);
  }
  const replaces = replacedBy(tenant);
  await context.journal.record([...revocations, { t: 'activated-license-installed', tenant: tenant.id, license, by: options.by }]);
  return {
    tenant: tenant.id,
    licenseId: license.licenseId,
    registrationKey: license.registrationKey,
    customerId: license.customerId,
    revision: license.revision,
    activatedLrn: license.activatedLrn,
    lrns: [...license.lrns],
    items: license.items.map((item) => ({ ...item })),
    entitlements: [...activatedGrantsOn(license, at).values()].map((grant) => ({ licenseType: grant.type, quantity: grant.quantity })),
    endsOn: activatedLicenseEnd(license)?.endsOn ?? null,
    replaces,
  };
}

/**
 * The Registration Key to verify the document against when no tenant is named: the one it
 * names, when it names a well-formed one. Otherwise the document is malformed and opening it
 * says how; any tenant's key serves for that, since it fails before the audience is compared.
 */
function registrationKeyToOpen(context: SiteContext, text: unknown): string {
  const named = registrationKeyNamedIn(text);
  if (named !== undefined) return named;
  const anyTenant = context.journal.live.tenants.values().next().value;
  if (!anyTenant) throw new AirlockError('WRONG_RECIPIENT', { reason: 'this site has no tenant' });
  return anyTenant.rk;
}

/**
 * The `registrationKey` claim of an armoured JWS, unverified, or undefined when the text is not
 * one or names no well-formed key. Never trusted for more than choosing what to verify against.
 */
function registrationKeyNamedIn(text: unknown): string | undefined {
  try {
    const payload = dearmor(text).body.split('.')[1];
    if (payload === undefined) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    const named = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>).registrationKey : undefined;
    const checked = checkRegistrationKey(named);
    return checked.ok ? checked.value : undefined;
  } catch {
    return undefined;
  }
}

/** The tenant whose Registration Key this is: the one named, or found among the site's tenants. */
function tenantFor(context: SiteContext, registrationKey: string, named: string | undefined): TenantState {
  if (named !== undefined) {
    const tenant = context.tenant(named);
    // The document was opened for this tenant's RK, so its audience matched: this holds by construction.
    if (tenant.rk !== registrationKey) throw new AirlockError('WRONG_RECIPIENT', { expected: tenant.rk, found: registrationKey });
    return tenant;
  }
  for (const tenant of context.journal.live.tenants.values()) if (tenant.rk === registrationKey) return tenant;
  throw new AirlockError('WRONG_RECIPIENT', { reason: "the Registration Key is none of this site's tenants'", found: registrationKey });
}

function replacedBy(tenant: TenantState): ActivatedLicenseInstallation['replaces'] {
  if (tenant.activated) return { document: 'activated-license', id: tenant.activated.licenseId };
  if (tenant.license) return { document: 'offline-license-file', id: tenant.license.olfId };
  return null;
}
