/**
 * @airlock/core/internal — what Airlock's own packages and apps share beyond the public API:
 * secret sealing, calendar helpers, the authority's rules (allocation, LFR acceptance, offline
 * approval, order merging), text checks and a few claim schemas.
 *
 * No stability promise: any of it may change or go in any release, patch releases included.
 * Code outside this repository uses `@airlock/core`, which follows semantic versioning.
 */

// Building outcomes.
export { accept, refuse } from './errors/outcome.ts';

// Time: the clock servers inject, and calendar helpers.
export { type Clock, addDuration, endOfCalendarDate, fromNumericDate, isCalendarDate, toNumericDate, utcDate } from './time/duration.ts';

// Randomness and the sealing of secrets at rest.
export { newDocumentId } from './crypto/random.ts';
export { SealedFormatError, type SealingKey, deriveSealingKey, newSealingSalt, openSealedSecret, saltOfSealed, sealSecret } from './crypto/sealing.ts';

// Encoding and claim schemas.
export { COMPRESS_ABOVE_BYTES } from './encoding/jose-compact.ts';
export { printableText } from './encoding/schema.ts';
export { Variables } from './documents/claims.ts';
export { DeviceLicenseClaims, Fingerprint } from './documents/device-claims.ts';
export { encryptedTyp } from './documents/document-kind.ts';

// Document helpers the authority and the site use around the documents.
export { LRN_PATTERN, generateLrn, normalizeLrn } from './documents/order-license.ts';
export { enablementTokenExpiry, siteLicensingOf } from './documents/enablement-token.ts';
export { firstDuplicate } from './documents/license-file-request.ts';
export { SITE_EXCHANGE_LIFETIME_SECONDS, lfrDigest } from './documents/site-exchange-request.ts';
export { checkDeactivationSigner } from './documents/deactivation-file.ts';
export { checkUsageReportSigner } from './documents/device-usage-report.ts';

// The authority's rules.
export { checkAllocation } from './rules/check-allocation.ts';
export { checkLfrAcceptance } from './rules/check-lfr-acceptance.ts';
export { checkOlfDates } from './rules/check-olf-dates.ts';
export { type OfflineApproval, checkTokenDownload } from './rules/check-token-download.ts';
export { type OfflineLicense, checkOfflineActivation, checkOfflineRefresh, offlineAllowed } from './rules/check-offline-activation.ts';
export { type InvalidOrderItem, mergeOrderItems } from './rules/merge-order-items.ts';
export { type BelowUseWarning, quantitiesBelowUse } from './rules/quantities-below-use.ts';
export { isQuantity } from './rules/quantities.ts';
export { checkSiteVersion, compareVersions, isVersion } from './rules/site-version.ts';

// The site's LFR cycle, beyond the public rules.
export { cycleDeadlines, lockedSince } from './rules/lfr-cycle.ts';

// Text: what names and free text may hold.
export {
  FREE_TEXT_PATTERN,
  NAME_PATTERN,
  describeTextFault,
  escapeControlCharacters,
  findTextFault,
  isCleanName,
  isPrintableText,
  textFault,
} from './rules/text.ts';
