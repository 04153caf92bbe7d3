import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The public API of `@airlock/core`, name by name: what `index.ts` exports, and so what the
 * package promises under semantic versioning (packages/core/README.md). A name added to or taken
 * from `index.ts` fails this test until it is added to or taken from this list too, in the same
 * change, so the surface moves only on purpose. `type` marks a name that is a type only.
 * Everything else the workspace shares is `@airlock/core/internal`, which promises nothing.
 */
const PUBLIC_API = [
  'type ActivatedLicense',
  'activatedLicenseKind',
  'type ActivatedLicenseRequest',
  'type ActivationCode',
  'activationCodeSecret',
  'AIRLOCK_VERSION',
  'AirlockError',
  'allErrorCodes',
  'type AnsweredLicenseFileRequest',
  'armor',
  'type Armored',
  'type AuthoritySigner',
  'certifyKey',
  'type CertifyKeyOptions',
  'checkActivationCode',
  'checkClock',
  'checkDeactivationCode',
  'checkEnablementToken',
  'type CheckInFacts',
  'checkInitializationCode',
  'checkInstallWindow',
  'checkLicenseKey',
  'checkOlfInstall',
  'checkRegistrationKey',
  'checkSeatReduction',
  'CODE_FEATURE_LIMIT',
  'type CodeDeviceSubject',
  'type CodeLicenseTerms',
  'type CommonClaims',
  'type CycleDeadlines',
  'cycleStatus',
  'type CycleStatus',
  'type CycleStatusReport',
  'DAY',
  'days',
  'type DeactivationCode',
  'type DeactivationFile',
  'deactivationFileKind',
  'type DeactivationInput',
  'dearmor',
  'defaultLicensingPolicy',
  'deriveCodeDeviceId',
  'deriveRegistrationKey',
  'describeError',
  'type DeviceActivationInput',
  'type DeviceActivationRequest',
  'deviceActivationRequestKind',
  'type DeviceActivationStatus',
  'type DeviceCheckInReceipt',
  'deviceCheckInReceiptKind',
  'DeviceCredential',
  'DeviceEntitlements',
  'type DeviceLicenseFile',
  'deviceLicenseFileKind',
  'type DeviceLicenseGrant',
  'type DeviceLicenseTerms',
  'type DeviceLicenseTermsChecks',
  'DeviceMeter',
  'type DeviceMeterGrant',
  'type DeviceRefreshFile',
  'deviceRefreshFileKind',
  'type DeviceUsageInput',
  'type DeviceUsageReport',
  'deviceUsageReportKind',
  'DOCUMENT_FORMAT_VERSION',
  'type DocumentClaims',
  'type DocumentKind',
  'type DocumentSigner',
  'type EnablementToken',
  'type EnablementTokenFacts',
  'enablementTokenKind',
  'type EnablementTokenRequest',
  'type EnablementTokenSite',
  'type ErrorCode',
  'errorCodes',
  'type ErrorDetail',
  'exportKeySeed',
  'findRevocation',
  'type FloatingSeatFacts',
  'type FloatingUsageInput',
  'formatRegistrationKey',
  'generateKeyPair',
  'generateLicenseKey',
  'type HeartbeatFacts',
  'heartbeatMac',
  'HOUR',
  'hours',
  'identifyDocument',
  'importPublicJwk',
  'initialCycleState',
  'type InitializationCode',
  'type InstalledLicense',
  'type InstalledLicensePeriod',
  'type InstallingTenant',
  'isAirlockError',
  'isNewerDeviceRefresh',
  'issueActivatedLicense',
  'issueActivationCode',
  'type IssueContext',
  'type IssuedDocument',
  'issueDeactivationCode',
  'issueDeactivationFile',
  'issueDeviceActivationRequest',
  'issueDeviceCheckInReceipt',
  'issueDeviceLicenseFile',
  'issueDeviceRefreshFile',
  'issueDeviceUsageReport',
  'issueEnablementToken',
  'issueLicenseFileRequest',
  'issueOfflineLicenseFile',
  'issueOrderLicense',
  'issueRevocationList',
  'type IssueRevocationListOptions',
  'issueSiteBorrow',
  'issueSiteExchangeRequest',
  'issueSiteLease',
  'KEY_CERTIFICATE_TYP',
  'type KeyCertificate',
  'type KeyCurve',
  'keyId',
  'type KeyPair',
  'keyPairFromSeed',
  'type KeySeed',
  'type KeyUse',
  'kindForLabel',
  'LAST_CODE_DAY',
  'type LeaseFacts',
  'leaseHeartbeatKey',
  'type LedgerRestore',
  'type LfrCycleState',
  'type LicenseFileRequest',
  'type LicenseFileRequestInput',
  'licenseFileRequestKind',
  'LicenseItem',
  'type LicenseKey',
  'licenseKeyDigest',
  'type LicenseKind',
  'licenseKinds',
  'licensingPolicy',
  'type LicensingPolicy',
  'makeInitializationCode',
  'MAX_DOCUMENT_CHARS',
  'meterGrant',
  'type Milliseconds',
  'MINUTE',
  'minutes',
  'newerRevocationList',
  'type OfflineLicenseFile',
  'offlineLicenseFileKind',
  'type OlfFacts',
  'openActivatedLicense',
  'type OpenAtAuthorityContext',
  'type OpenCheckInReceiptContext',
  'type OpenContext',
  'type OpenCycle',
  'openDeactivationFile',
  'type OpenDeactivationFileContext',
  'openDeviceActivationRequest',
  'type OpenDeviceActivationRequestContext',
  'openDeviceCheckInReceipt',
  'type OpenDeviceLicenseContext',
  'openDeviceLicenseFile',
  'openDeviceRefreshFile',
  'openDeviceUsageReport',
  'type OpenedAtAuthority',
  'type OpenedDeactivationFile',
  'type OpenedDeviceActivationRequest',
  'type OpenedDeviceUsageReport',
  'type OpenedDocument',
  'type OpenedFloatingSeat',
  'type OpenedLicenseFileRequest',
  'type OpenedSiteExchangeRequest',
  'openEnablementToken',
  'type OpenFloatingSeatContext',
  'openLicenseFileRequest',
  'type OpenLicenseFileRequestContext',
  'openOfflineLicenseFile',
  'openOrderLicense',
  'openSiteBorrow',
  'openSiteExchangeRequest',
  'openSiteLease',
  'type OpenSiteLicenseContext',
  'type OrderLicense',
  'orderLicenseKind',
  'type OrderLicenseRequest',
  'type Outcome',
  'parseLicenseKey',
  'parsePublicJwk',
  'parseRegistrationKey',
  'type PublicJwk',
  'type Quantities',
  'quantityOf',
  'type Random',
  'READ_DOCUMENT_FORMAT_VERSIONS',
  'recordLfr',
  'refreshAppliesTo',
  'type RefreshedDevice',
  'type Refusal',
  'type RegistrationKey',
  'type RegistrationKeySeparator',
  'registrationKeysEqual',
  'type RegistrationKeySubject',
  'type ReplacedLicense',
  'REVOCATION_LIST_TYP',
  'type RevocationList',
  'type RevocationListClaims',
  'type RevokedKey',
  'type SeatAssignments',
  'type SeatReduction',
  'type SignerRole',
  'type SiteBorrow',
  'siteBorrowKind',
  'type SiteCertificate',
  'SiteEntitlement',
  'type SiteExchangeInput',
  'type SiteExchangeRequest',
  'siteExchangeRequestKind',
  'type SiteLease',
  'siteLeaseKind',
  'type SiteLicenseFacts',
  'type SiteLicenseState',
  'siteLicenseStatus',
  'type SiteLicenseStatus',
  'type SiteLicenseTerms',
  'type SiteLicensing',
  'type SiteSignContext',
  'type TrustAnchor',
  'type TypedCodeKind',
  'verifyActivationCode',
  'verifyDeactivationCode',
  'verifyEncryptionKeyCertificate',
  'verifyHeartbeatMac',
  'verifyKeyCertificate',
  'verifyRevocationList',
  'versionReport',
  'type VersionReport',
  'versionText',
];

const indexFile = fileURLToPath(new URL('./index.ts', import.meta.url));
const internalFile = fileURLToPath(new URL('./internal.ts', import.meta.url));

/** The compiler's view of the two entry points: each exported name, marked `type` when it has no value. */
function exportedNames(): { checker: ts.TypeChecker; exports: Map<string, readonly ts.Symbol[]> } {
  const program = ts.createProgram([indexFile, internalFile], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    noEmit: true,
    customConditions: ['airlock-source'],
    types: [],
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const exports = new Map<string, readonly ts.Symbol[]>();
  for (const file of [indexFile, internalFile]) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    exports.set(file, checker.getExportsOfModule(module));
  }
  return { checker, exports };
}

const { checker, exports } = exportedNames();
const target = (symbol: ts.Symbol): ts.Symbol => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
const listed = (symbol: ts.Symbol): string => `${target(symbol).flags & ts.SymbolFlags.Value ? '' : 'type '}${symbol.name}`;
const sorted = (names: readonly string[]): string[] => [...names].sort();

describe('the public API of @airlock/core', () => {
  it('is exactly the names listed here: change the list with the API, on purpose', () => {
    const actual = exports.get(indexFile)!.map(listed);
    const added = sorted(actual.filter((name) => !PUBLIC_API.includes(name)));
    const removed = sorted(PUBLIC_API.filter((name) => !actual.includes(name)));
    expect({ added, removed }).toEqual({ added: [], removed: [] });
    expect(new Set(PUBLIC_API).size).toBe(PUBLIC_API.length);
  });

  it('has at run time exactly the listed values', async () => {
    const module: Record<string, unknown> = await import('./index.ts');
    const values = PUBLIC_API.filter((name) => !name.startsWith('type '));
    expect(sorted(Object.keys(module))).toEqual(sorted(values));
  });

  it('documents every name with a TSDoc comment', () => {
    const undocumented = exports
      .get(indexFile)!
      .filter((symbol) => {
        const declarations = target(symbol).declarations ?? [];
        return !declarations.some((declaration) => ts.getJSDocCommentsAndTags(declaration).length > 0);
      })
      .map((symbol) => symbol.name);
    expect(sorted(undocumented)).toEqual([]);
  });

  it('shares no name with @airlock/core/internal', () => {
    const internal = new Set(exports.get(internalFile)!.map((symbol) => symbol.name));
    expect(
      exports
        .get(indexFile)!
        .filter((symbol) => internal.has(symbol.name))
        .map((symbol) => symbol.name),
    ).toEqual([]);
  });
});
