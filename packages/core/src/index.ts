/**
 * @airlock/core — Airlock's pure core: every license document, the trust model, the
 * licensing rules and the error registry. It reads no clock, no random source, no file and
 * no network: the caller passes time, randomness and keys in.
 *
 * This module is the public API, which follows semantic versioning: a name leaves it, or
 * changes in a way that breaks its callers, only in a major release. `public-api.test.ts`
 * holds the list of its names. What Airlock's own servers, SDK and tools share besides is
 * `@airlock/core/internal`, which may change in any release. See the package's README.
 *
 * @example
 * ```ts
 * import { openOfflineLicenseFile, checkOlfInstall } from '@airlock/core';
 * const olf = await openOfflineLicenseFile(text, { now, trust, siteEncryptionKey, siteGuid, tenant });
 * ```
 */

// Errors: every refusal is an `AirlockError` with a stable code (docs/errors.md); rules return an `Outcome`.
export { AirlockError, isAirlockError, type ErrorDetail } from './errors/airlock-error.ts';
export { type ErrorCode, errorCodes, allErrorCodes, describeError } from './errors/error-codes.ts';
export { type Outcome, type Refusal } from './errors/outcome.ts';

// Keys and randomness: Ed25519 and X25519 key pairs, made from the random source the caller passes in.
export {
  generateKeyPair,
  keyPairFromSeed,
  exportKeySeed,
  parsePublicJwk,
  importPublicJwk,
  keyId,
  type KeyPair,
  type PublicJwk,
  type KeyCurve,
  type KeySeed,
} from './crypto/keys.ts';
export { type Random } from './crypto/random.ts';

// Durations, for lifetimes and policy windows.
export { type Milliseconds, MINUTE, HOUR, DAY, minutes, hours, days } from './time/duration.ts';

// The licensing policy: the windows and limits the rules apply.
export { type LicensingPolicy, licensingPolicy, defaultLicensingPolicy, type LicenseKind, licenseKinds } from './policy/licensing-policy.ts';

// The trust model: the pinned root, the key certificates it signs and its revocation lists (docs/design.md).
export { type TrustAnchor, type AuthoritySigner } from './trust/trust-anchor.ts';
export {
  certifyKey,
  type CertifyKeyOptions,
  verifyKeyCertificate,
  verifyEncryptionKeyCertificate,
  type KeyCertificate,
  type KeyUse,
  KEY_CERTIFICATE_TYP,
} from './trust/key-certificate.ts';
export {
  issueRevocationList,
  type IssueRevocationListOptions,
  verifyRevocationList,
  newerRevocationList,
  findRevocation,
  type RevocationList,
  type RevokedKey,
  type RevocationListClaims,
  REVOCATION_LIST_TYP,
} from './trust/revocation-list.ts';

// Armour: every document travels as text between BEGIN and END lines (docs/formats.md).
export { armor, dearmor, type Armored, MAX_DOCUMENT_CHARS } from './encoding/armor.ts';

// Document kinds and the envelope every document shares.
export { type DocumentKind, type SignerRole, type DocumentClaims, type CommonClaims, kindForLabel } from './documents/document-kind.ts';
export { identifyDocument, type DocumentSigner, type IssueContext, type IssuedDocument, type OpenContext, type OpenedDocument } from './documents/envelope.ts';

// Versions: the product's and the document formats'.
export { AIRLOCK_VERSION, DOCUMENT_FORMAT_VERSION, READ_DOCUMENT_FORMAT_VERSIONS, versionReport, versionText, type VersionReport } from './version.ts';

// Claims shared by several documents.
export { SiteEntitlement, LicenseItem, DeviceMeter, DeviceEntitlements } from './documents/claims.ts';

// Site documents: enablement token, License File Request, Offline License File, site exchange.
export {
  enablementTokenKind,
  issueEnablementToken,
  openEnablementToken,
  type EnablementToken,
  type EnablementTokenRequest,
  type SiteLicensing,
} from './documents/enablement-token.ts';
export {
  licenseFileRequestKind,
  issueLicenseFileRequest,
  openLicenseFileRequest,
  type LicenseFileRequest,
  type LicenseFileRequestInput,
  type OpenedLicenseFileRequest,
  type OpenLicenseFileRequestContext,
  type InstalledLicense,
  type FloatingUsageInput,
  type ReplacedLicense,
  type LedgerRestore,
} from './documents/license-file-request.ts';
export {
  offlineLicenseFileKind,
  issueOfflineLicenseFile,
  openOfflineLicenseFile,
  type OfflineLicenseFile,
  type SiteLicenseTerms,
  type AnsweredLicenseFileRequest,
  type OpenSiteLicenseContext,
} from './documents/offline-license-file.ts';
export {
  siteExchangeRequestKind,
  issueSiteExchangeRequest,
  openSiteExchangeRequest,
  type SiteExchangeRequest,
  type SiteExchangeInput,
  type OpenedSiteExchangeRequest,
} from './documents/site-exchange-request.ts';
export { type OpenAtAuthorityContext, type OpenedAtAuthority } from './documents/sent-to-authority.ts';

// Order licenses and activated licenses.
export { orderLicenseKind, issueOrderLicense, openOrderLicense, type OrderLicense, type OrderLicenseRequest } from './documents/order-license.ts';
export {
  activatedLicenseKind,
  issueActivatedLicense,
  openActivatedLicense,
  type ActivatedLicense,
  type ActivatedLicenseRequest,
} from './documents/activated-license.ts';

// Device documents (docs/devices.md).
export {
  deviceActivationRequestKind,
  issueDeviceActivationRequest,
  openDeviceActivationRequest,
  type DeviceActivationRequest,
  type DeviceActivationInput,
  type OpenedDeviceActivationRequest,
  type OpenDeviceActivationRequestContext,
  DeviceCredential,
} from './documents/device-activation-request.ts';
export {
  type OpenDeviceLicenseContext,
  type DeviceLicenseTerms,
  type DeviceLicenseTermsChecks,
  type DeviceMeterGrant,
  meterGrant,
} from './documents/device-claims.ts';
export {
  deviceLicenseFileKind,
  issueDeviceLicenseFile,
  openDeviceLicenseFile,
  type DeviceLicenseFile,
  type DeviceLicenseGrant,
} from './documents/device-license-file.ts';
export {
  deviceRefreshFileKind,
  issueDeviceRefreshFile,
  openDeviceRefreshFile,
  type DeviceRefreshFile,
  type RefreshedDevice,
  refreshAppliesTo,
  isNewerDeviceRefresh,
} from './documents/device-refresh-file.ts';
export {
  deviceUsageReportKind,
  issueDeviceUsageReport,
  openDeviceUsageReport,
  type DeviceUsageReport,
  type DeviceUsageInput,
  type OpenedDeviceUsageReport,
} from './documents/device-usage-report.ts';
export {
  deactivationFileKind,
  issueDeactivationFile,
  openDeactivationFile,
  type DeactivationFile,
  type DeactivationInput,
  type OpenedDeactivationFile,
  type OpenDeactivationFileContext,
} from './documents/deactivation-file.ts';
export {
  deviceCheckInReceiptKind,
  issueDeviceCheckInReceipt,
  openDeviceCheckInReceipt,
  type DeviceCheckInReceipt,
  type CheckInFacts,
  type OpenCheckInReceiptContext,
  type DeviceActivationStatus,
} from './documents/device-check-in-receipt.ts';

// Floating seats: leases and borrows a site grants its devices (docs/floating.md).
export {
  siteLeaseKind,
  siteBorrowKind,
  issueSiteLease,
  issueSiteBorrow,
  openSiteLease,
  openSiteBorrow,
  leaseHeartbeatKey,
  heartbeatMac,
  verifyHeartbeatMac,
  type SiteLease,
  type SiteBorrow,
  type FloatingSeatFacts,
  type LeaseFacts,
  type SiteSignContext,
  type OpenFloatingSeatContext,
  type OpenedFloatingSeat,
  type SiteCertificate,
  type HeartbeatFacts,
} from './documents/floating-seat.ts';

// License keys, Registration Keys and the typed codes of devices without a network.
export { generateLicenseKey, parseLicenseKey, checkLicenseKey, type LicenseKey } from './documents/license-key.ts';
export {
  deriveRegistrationKey,
  parseRegistrationKey,
  formatRegistrationKey,
  checkRegistrationKey,
  registrationKeysEqual,
  type RegistrationKey,
  type RegistrationKeySubject,
  type RegistrationKeySeparator,
} from './documents/registration-key.ts';
export {
  makeInitializationCode,
  checkInitializationCode,
  issueActivationCode,
  checkActivationCode,
  verifyActivationCode,
  issueDeactivationCode,
  checkDeactivationCode,
  verifyDeactivationCode,
  licenseKeyDigest,
  activationCodeSecret,
  deriveCodeDeviceId,
  type InitializationCode,
  type ActivationCode,
  type DeactivationCode,
  type CodeLicenseTerms,
  type CodeDeviceSubject,
  type TypedCodeKind,
  CODE_FEATURE_LIMIT,
  LAST_CODE_DAY,
} from './documents/activation-codes.ts';

// Licensing rules a site or a device applies: pure functions of the facts and the time passed in.
export { checkEnablementToken, type EnablementTokenFacts, type EnablementTokenSite } from './rules/check-enablement-token.ts';
export { checkClock } from './rules/check-clock.ts';
export { checkOlfInstall, type OlfFacts, type InstallingTenant } from './rules/check-olf-install.ts';
export { checkInstallWindow } from './rules/check-install-window.ts';
export { initialCycleState, type LfrCycleState, type OpenCycle, type CycleDeadlines } from './rules/lfr-cycle.ts';
export { recordLfr } from './rules/record-lfr.ts';
export { cycleStatus, type CycleStatus, type CycleStatusReport } from './rules/cycle-status.ts';
export {
  siteLicenseStatus,
  type SiteLicenseFacts,
  type SiteLicenseState,
  type SiteLicenseStatus,
  type InstalledLicensePeriod,
} from './rules/site-license-status.ts';
export { checkSeatReduction, type SeatAssignments, type SeatReduction } from './rules/check-seat-reduction.ts';
export { type Quantities, quantityOf } from './rules/quantities.ts';
