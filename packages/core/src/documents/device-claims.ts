import { Type, type Static } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import { keyId, parsePublicJwk, type KeyPair } from '../crypto/keys.ts';
import { Id, Kid, NumericDate } from '../encoding/schema.ts';
import { licenseKinds, type LicenseKind } from '../policy/licensing-policy.ts';
import { toNumericDate, type Milliseconds } from '../time/duration.ts';
import { verifyEncryptionKeyCertificate } from '../trust/key-certificate.ts';
import type { AuthoritySigner, TrustAnchor } from '../trust/trust-anchor.ts';
import { DeviceEntitlements, Variables, type DeviceMeter } from './claims.ts';
import { audience, type DocumentBody, type DocumentKind } from './document-kind.ts';
import { issueDocument, openDocument, type IssueContext, type IssuedDocument, type OpenContext, type OpenedDocument } from './envelope.ts';

/**
 * Claim shapes shared by the device documents (docs/design.md, F4): the activation request, the
 * deactivation file and the usage report a device sends, and the license and refresh files the
 * authority answers with; how the last two are issued and opened, and how the two a device sends
 * about its license are issued.
 */

/**
 * What identifies a device: derived from machine ids or supplied by the application. Visible
 * ASCII only (no spaces or control characters), so that it survives e-mail and copy-paste and
 * reads the same in every audience string (`device:<fingerprint>`).
 */
export const Fingerprint = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7E]+$' });

/** A software version as the SDK and applications report it: `2.1.0`, `2024.3-rc1`. */
export const SoftwareVersion = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z.+_-]+$' });

/** A license revision: 1 when the license is first issued, one more at each edit (a refresh). */
export const Revision = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** The most clock skew a license may tolerate: one day, in seconds. */
const MAX_SKEW_SECONDS = 86_400;
/** The longest offline period or grace a license may set: a leap year, in seconds. */
const MAX_PERIOD_SECONDS = 366 * 86_400;

/**
 * What the SDK enforces on its own, with no network:
 * - `allowOffline`: whether this license may travel as files. When false the SDK refreshes and
 *   deactivates only over the authority's API (the authority refuses those files anyway); when
 *   true it may also import refresh files and write deactivation files.
 * - `clockSkewTolerance` (seconds): how far the device clock may run behind the latest time the
 *   SDK has seen (this file's `iat` included) before it counts the clock as set back
 *   (`CLOCK_ROLLED_BACK`); also how far a file's `iat` may lie ahead of the device clock.
 * - `maxOffline` (seconds, or null for no limit): how long the device may go without a
 *   check-in receipt from the authority (an online validation or check-in) before it must
 *   come online (`CHECK_IN_REQUIRED`); only files issued over the device API set it.
 * - `offlineGrace` (seconds): how long past that the license still works, with a notice.
 * - `expiryGrace` (seconds): how long past `validUntil` the license still works, with a notice.
 * The last three are optional so that files issued before them still verify: absent reads as
 * null, 0 and 0 (see docs/devices.md). Expiry (`validUntil`) and the entitlements sit beside
 * `checks` in the license claims.
 */
const DeviceLicenseChecks = Type.Object(
  {
    allowOffline: Type.Boolean(),
    clockSkewTolerance: Type.Integer({ minimum: 0, maximum: MAX_SKEW_SECONDS }),
    maxOffline: Type.Optional(Type.Union([Type.Integer({ minimum: 60, maximum: MAX_PERIOD_SECONDS }), Type.Null()])),
    offlineGrace: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PERIOD_SECONDS })),
    expiryGrace: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PERIOD_SECONDS })),
  },
  { additionalProperties: false },
);

/** The claims a device license file and a device refresh file share, beyond `commonClaims`. */
export const deviceLicenseClaims = {
  /** The license (at the authority) this device is activated on. */
  licenseId: Id,
  product: Id,
  fingerprint: Fingerprint,
  /** Thumbprint of the device key that signed the activation request: the license is bound to it. */
  deviceKeyThumbprint: Kid,
  licenseKind: Type.Union(licenseKinds.map((kind) => Type.Literal(kind))),
  revision: Revision,
  /** The instant the license ends (NumericDate), or null when it has no end. */
  validUntil: Type.Union([NumericDate, Type.Null()]),
  entitlements: DeviceEntitlements,
  /** The vendor's metadata for the license, for the application to read. */
  metadata: Variables,
  checks: DeviceLicenseChecks,
  /**
   * Present (and true) when the license is the product's trial for this device, which the
   * device asked for with no license key (docs/devices.md, "Trials"); absent otherwise.
   */
  trial: Type.Optional(Type.Literal(true)),
  /**
   * The sequence of this device's last usage report the authority had counted when it issued
   * the file (0: none): the meters' `allotment` is what the device may consume beyond the
   * consumption those reports carried. Absent in files of earlier releases: 0.
   */
  reportedThrough: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
};

/** The license part of a device license or refresh file. */
export const DeviceLicenseClaims = Type.Object(deviceLicenseClaims, { additionalProperties: false });
export type DeviceLicenseClaims = Static<typeof DeviceLicenseClaims>;

/** What the authority decides for a device license: everything but the binding to the device. */
export interface DeviceLicenseTerms {
  readonly licenseKind: LicenseKind;
  readonly revision: number;
  /** When the license ends, or null for no end. */
  readonly validUntil: Date | null;
  readonly entitlements: DeviceEntitlements;
  readonly metadata: readonly { readonly name: string; readonly value: string }[];
  readonly checks: DeviceLicenseTermsChecks;
  /** True for a product's trial: the files then carry `trial: true`. */
  readonly trial?: boolean | undefined;
  /** The device's last usage report counted when the meters' allotments were worked out. */
  readonly reportedThrough?: number | undefined;
}

/** What a device enforces on its own, as the authority decides it (durations in ms). */
export interface DeviceLicenseTermsChecks {
  readonly allowOffline: boolean;
  readonly clockSkewTolerance: Milliseconds;
  /** How long the device may go without a check-in receipt; null (or left out): no limit. */
  readonly maxOffline?: Milliseconds | null | undefined;
  /** How long past `maxOffline` the license still works; left out: none. */
  readonly offlineGrace?: Milliseconds | undefined;
  /** How long past `validUntil` the license still works; left out: none. */
  readonly expiryGrace?: Milliseconds | undefined;
}

/** The claims that bind a device license to one device, copied from what it answers, never typed in. */
export type DeviceBindingClaim = 'licenseId' | 'product' | 'fingerprint' | 'deviceKeyThumbprint';

/** The terms as claims: dates to NumericDate, durations to seconds, arrays copied member by member. */
export function deviceLicenseTermsClaims(terms: DeviceLicenseTerms): Omit<DeviceLicenseClaims, DeviceBindingClaim> {
  return {
    licenseKind: terms.licenseKind,
    revision: terms.revision,
    validUntil: terms.validUntil === null ? null : toNumericDate(terms.validUntil),
    entitlements: {
      features: [...terms.entitlements.features],
      meters: terms.entitlements.meters.map(meterClaim),
    },
    metadata: terms.metadata.map(({ name, value }) => ({ name, value })),
    checks: checksClaims(terms.checks),
    ...(terms.trial === true ? { trial: true as const } : {}),
    ...(terms.reportedThrough === undefined ? {} : { reportedThrough: terms.reportedThrough }),
  };
}

/** The checks as claims: each duration in whole seconds; the optional ones only when the terms set them. */
function checksClaims(checks: DeviceLicenseTermsChecks): DeviceLicenseClaims['checks'] {
  const seconds = (ms: Milliseconds) => Math.floor(ms / 1000);
  return {
    allowOffline: checks.allowOffline,
    clockSkewTolerance: seconds(checks.clockSkewTolerance),
    ...(checks.maxOffline === undefined ? {} : { maxOffline: checks.maxOffline === null ? null : seconds(checks.maxOffline) }),
    ...(checks.offlineGrace === undefined ? {} : { offlineGrace: seconds(checks.offlineGrace) }),
    ...(checks.expiryGrace === undefined ? {} : { expiryGrace: seconds(checks.expiryGrace) }),
  };
}

/** A meter's claim: its limit, and its share (overage, counted, allotment) only where given. */
function meterClaim(meter: DeviceMeter): DeviceMeter {
  return {
    meter: meter.meter,
    limit: meter.limit,
    ...(meter.overage === undefined ? {} : { overage: meter.overage }),
    ...(meter.counted === undefined ? {} : { counted: meter.counted }),
    ...(meter.allotment === undefined ? {} : { allotment: meter.allotment }),
  };
}

/** A meter's share as a device enforces it, with what a file of an earlier release leaves out filled in. */
export interface DeviceMeterGrant {
  readonly meter: string;
  readonly limit: number | null;
  readonly overage: number;
  readonly counted: number;
  /** null: unlimited. */
  readonly allotment: number | null;
}

/**
 * The share of a meter a device license or refresh file grants (docs/devices.md, "Meter limits
 * shared by devices"), defaults filled in: a file of an earlier release grants the whole limit,
 * no overage, nothing counted.
 *
 * @example
 * ```ts
 * meterGrant({ meter: 'renders', limit: 10 }); // { meter: 'renders', limit: 10, overage: 0, counted: 0, allotment: 10 }
 * ```
 */
export function meterGrant(meter: DeviceMeter): DeviceMeterGrant {
  return {
    meter: meter.meter,
    limit: meter.limit,
    overage: meter.overage ?? 0,
    counted: meter.counted ?? 0,
    allotment: meter.limit === null ? null : meter.allotment === undefined ? meter.limit : meter.allotment,
  };
}

/** Kinds whose licenses always end, and the one that never does (the others may or may not). */
const ALWAYS_ENDS: readonly LicenseKind[] = ['term', 'pilot', 'temporary'];

/**
 * A device license makes sense on its own: a permanent license has no end and a term, pilot or
 * temporary one has one (else the SDK would enforce a wrong lifetime forever); no feature, meter
 * or metadata name is listed twice. Throws PAYLOAD_INVALID naming the field.
 */
export function checkDeviceLicenseTerms(terms: Pick<DeviceLicenseClaims, 'licenseKind' | 'validUntil' | 'entitlements' | 'metadata'>, document: string): void {
  const invalid = (path: string, reason: string) => new AirlockError('PAYLOAD_INVALID', { document, path, reason });
  if (terms.licenseKind === 'permanent' && terms.validUntil !== null) throw invalid('/validUntil', 'a permanent license has no end');
  if (ALWAYS_ENDS.includes(terms.licenseKind) && terms.validUntil === null) {
    throw invalid('/validUntil', `a ${terms.licenseKind} license must end`);
  }
  checkUnique(terms.entitlements.features, '/entitlements/features', 'feature', document);
  checkUnique(
    terms.entitlements.meters.map((m) => m.meter),
    '/entitlements/meters',
    'meter',
    document,
  );
  checkUnique(
    terms.metadata.map((v) => v.name),
    '/metadata',
    'metadata name',
    document,
  );
}

/** PAYLOAD_INVALID when a name is listed twice. */
export function checkUnique(values: readonly string[], path: string, what: string, document: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new AirlockError('PAYLOAD_INVALID', { document, path, reason: `${what} ${value} is listed twice` });
    seen.add(value);
  }
}

/** What a device knows about itself when it opens a license or refresh file. */
export interface OpenDeviceLicenseContext {
  readonly now: Date;
  /** The pinned authority root and the newest revocation list known. */
  readonly trust: TrustAnchor;
  readonly fingerprint: string;
  /** The device's X25519 key pair, whose public half went out in the activation request. */
  readonly deviceEncryptionKey: KeyPair;
  /** Thumbprint of the device's Ed25519 signing key: the license must be bound to it. */
  readonly deviceSigningKid: string;
  readonly clockSkewTolerance?: Milliseconds | undefined;
  readonly isReplay?: ((id: string) => boolean) | undefined;
}

/** The envelope's context for a document sent to one device. */
function deviceOpenContext(context: OpenDeviceLicenseContext): OpenContext {
  return {
    now: context.now,
    audience: audience.device(context.fingerprint),
    trust: context.trust,
    recipient: context.deviceEncryptionKey,
    clockSkewTolerance: context.clockSkewTolerance,
    isReplay: context.isReplay,
  };
}

/**
 * A license or refresh file for this device names this fingerprint and this device's signing
 * key; else it was made for another device (WRONG_RECIPIENT), e.g. a clone with a copied
 * fingerprint but its own keys, or a device whose keys were regenerated since it activated.
 */
function checkDeviceBinding(claims: DeviceLicenseClaims, context: OpenDeviceLicenseContext, document: string): void {
  if (claims.fingerprint !== context.fingerprint) {
    throw new AirlockError('WRONG_RECIPIENT', {
      document,
      reason: 'made for another fingerprint',
      expected: context.fingerprint,
      found: claims.fingerprint,
    });
  }
  if (claims.deviceKeyThumbprint !== context.deviceSigningKid) {
    throw new AirlockError('WRONG_RECIPIENT', {
      document,
      reason: 'bound to another device key',
      expected: context.deviceSigningKid,
      found: claims.deviceKeyThumbprint,
    });
  }
}

/** What a device license or refresh file is issued from, beyond the kind's own claims. */
interface BoundDeviceLicense {
  /** The id of the document it answers: the activation request, or the license file refreshed. */
  readonly answers: string;
  /** What binds it to the device, copied from what it answers. */
  readonly binding: Pick<DeviceLicenseClaims, DeviceBindingClaim>;
  readonly terms: DeviceLicenseTerms;
  /** The device's X25519 key, from its activation request: the file is encrypted to it. */
  readonly deviceEncryptionKey: unknown;
}

/**
 * Issues a device license or refresh file, signed by the authority and encrypted to the device:
 * addressed to the device's fingerprint, answering one document, then the kind's own `claims`
 * (a refresh's `refreshes`), the binding and the terms as claims, which are checked before
 * anything is signed (PAYLOAD_INVALID).
 */
export async function issueBoundDeviceLicense<K extends DocumentKind>(
  kind: K,
  license: BoundDeviceLicense,
  claims: Omit<DocumentBody<K>, 'aud' | 'answers' | keyof DeviceLicenseClaims>,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: AuthoritySigner },
): Promise<IssuedDocument<K>> {
  const { binding } = license;
  const licenseClaims: DeviceLicenseClaims = {
    licenseId: binding.licenseId,
    product: binding.product,
    fingerprint: binding.fingerprint,
    deviceKeyThumbprint: binding.deviceKeyThumbprint,
    ...deviceLicenseTermsClaims(license.terms),
  };
  checkDeviceLicenseTerms(licenseClaims, kind.name);
  // In the order the documents are written in: the kind's own claims between `answers` and the license's.
  const body = { aud: audience.device(binding.fingerprint), answers: [license.answers], ...claims, ...licenseClaims } as DocumentBody<K>;
  const recipient = parsePublicJwk(license.deviceEncryptionKey, 'X25519');
  return issueDocument(kind, body, { ...context, recipient });
}

/**
 * Reads a device license or refresh file on the device: every envelope check, then that it is
 * bound to this device's fingerprint and signing key, then its terms.
 */
export async function openBoundDeviceLicense<K extends DocumentKind>(kind: K, text: unknown, context: OpenDeviceLicenseContext): Promise<OpenedDocument<K>> {
  const opened = await openDocument(kind, text, deviceOpenContext(context));
  // Both kinds spread `deviceLicenseClaims` into their schema, which the envelope just checked.
  const claims = opened.claims as unknown as DeviceLicenseClaims;
  checkDeviceBinding(claims, context, kind.name);
  checkDeviceLicenseTerms(claims, kind.name);
  return opened;
}

/**
 * A document a device sends (a deactivation file, a usage report) was signed by the device key
 * its license is bound to. Anyone can sign a well-formed document with a key of their own; only
 * the activated device holds this one. Refuses with SIGNATURE_INVALID naming both thumbprints.
 *
 * @example
 * ```ts
 * checkSignedByBoundDevice('deactivation-file', opened, storedLicense);
 * // { ok: false, code: 'SIGNATURE_INVALID', detail: { expected, found, ... } } for another key
 * ```
 */
export function checkSignedByBoundDevice(document: string, sent: { readonly signerKid: string }, license: { readonly deviceKeyThumbprint: string }): Outcome {
  if (sent.signerKid === license.deviceKeyThumbprint) return accept();
  return refuse('SIGNATURE_INVALID', {
    document,
    reason: 'signed by another key than the device license is bound to',
    expected: license.deviceKeyThumbprint,
    found: sent.signerKid,
  });
}

/** The claims of a document a device sends about the license it holds that the device copies from its license file. */
type SentByDeviceClaim = 'aud' | 'answers' | 'licenseId' | 'product' | 'fingerprint';

/** What a device sends the authority about the license it holds, beyond the kind's own claims. */
interface SentByDeviceInput {
  /** The device license file installed on the device (its id and binding). */
  readonly license: { readonly jti: string; readonly licenseId: string; readonly product: string; readonly fingerprint: string };
  /** The authority's root-signed encryption-key certificate, from the SDK's configuration. */
  readonly authorityEncryptionKey: string;
}

/** What a device issues a document with: its own signing key and the pinned authority root. */
type DeviceIssueContext = Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: KeyPair; readonly trust: TrustAnchor };

/**
 * Issues a document a device sends the authority about the license it holds (a deactivation
 * file, a usage report): addressed to the pinned root, answering the device license file whose
 * binding (license, product, fingerprint) it copies, then the kind's own `claims`, which `check`
 * reads before anything is signed. The authority's encryption key is checked against the root
 * first, before anything is encrypted to it.
 */
export async function issueSentByDevice<K extends DocumentKind>(
  kind: K,
  input: SentByDeviceInput,
  claims: Omit<DocumentBody<K>, SentByDeviceClaim>,
  check: (body: DocumentBody<K>) => void,
  context: DeviceIssueContext,
): Promise<IssuedDocument<K>> {
  const authorityKey = await verifyEncryptionKeyCertificate(input.authorityEncryptionKey, context.trust.root, context.now);
  const { license } = input;
  // The copied claims and the kind's own, in this order: the order the documents' claims are written in.
  const body = {
    aud: audience.authority(keyId(context.trust.root)),
    answers: [license.jti],
    licenseId: license.licenseId,
    product: license.product,
    fingerprint: license.fingerprint,
    ...claims,
  } as DocumentBody<K>;
  check(body);
  return issueDocument(kind, body, { ...context, recipient: authorityKey.jwk });
}
