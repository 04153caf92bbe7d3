/**
 * @airlock/site — the on-premises license server a customer runs inside the air gap: it holds
 * each tenant's installed license, enforces it for licensed applications, and exchanges files
 * with the authority (enablement tokens and OLFs in, LFRs out). Its state is its ledger.
 *
 * @example
 * ```ts
 * import { readSiteConfig, startSite } from '@airlock/site';
 * const running = await startSite(readSiteConfig(process.env));
 * ```
 */
export { Site, type SiteInfo, type SiteOptions, type TenantSummary, type TenantUsage } from './site/site.ts';
export type { GeneratedLfr } from './site/generate-lfr.ts';
export type { OlfInstallation } from './site/install-olf.ts';
export type { ActivatedLicenseInstallation } from './site/activated-license.ts';
export type { ActivatedLicenseStatus } from './rules/activated-license-terms.ts';
export type { TokenInstallation } from './site/install-token.ts';
export type { Consumption, FeatureCheck, SeatCheckout, SeatRelease } from './site/licensed-use.ts';
export type { Deprovisioning, Reassignment } from './site/seat-admin.ts';
export type { TenantStatus } from './rules/tenant-status.ts';
export type { SiteEvent } from './state/site-events.ts';
export {
  DEFAULT_TENANT,
  initSite,
  ledgerDirectoryOf,
  MIN_PASSPHRASE_LENGTH,
  openSiteIdentity,
  readSiteGuid,
  witnessFileOf,
  type InitialisedSite,
  type InitSiteOptions,
  type OpenLedger,
  type SiteIdentity,
} from './identity/site-identity.ts';
export { parseRootPublicKey } from './identity/root-key.ts';
export { OPERATOR_TOKEN_FILE, operatorTokenFileOf, siteOperatorHeaders, siteOperatorToken } from './accounts/operator-token.ts';
export { roles, type Role } from './state/account-events.ts';
export { argon2Hasher, type PasswordHasher } from '@airlock/http';
export type { SiteAccounts } from './site/site-accounts.ts';
export type { AccountView, AccountWithPassword, AppKeyView, CreatedAppKey } from './accounts/account-views.ts';
export type { AuditEntry } from './accounts/audit.ts';
export { CSRF_HEADER, SITE_SESSION_COOKIE as SESSION_COOKIE } from '@airlock/http';
export type { SiteAccess } from './http/access.ts';
export { createSiteApp, type SiteAppOptions } from './http/app.ts';
export { DEFAULT_SITE_PORT, readSiteConfig, SiteConfigError, type PassphraseSource, type SiteConfig } from './config.ts';
export { clockOf, explainStartFailure, readPassphrase, runSite, startSite, systemRandom, type RunningSite, type Say } from './main.ts';
export { openLedger } from './ledger/index.ts';
export { SITE_VERSION } from './version.ts';
export { BackupError, readRestoreMarker, restoreSiteBackup, type RestoredSite } from './backup/restore-site.ts';
