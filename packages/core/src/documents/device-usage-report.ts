import { Type } from '@sinclair/typebox';
import type { KeyPair } from '../crypto/keys.ts';
import { Id, Quantity } from '../encoding/schema.ts';
import type { Outcome } from '../errors/outcome.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { checkSignedByBoundDevice, checkUnique, Fingerprint, issueSentByDevice, Revision } from './device-claims.ts';
import type { DeviceLicenseFile } from './device-license-file.ts';
import { commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import type { IssueContext, IssuedDocument } from './envelope.ts';
import { openSentToAuthority, type OpenAtAuthorityContext, type OpenedAtAuthority } from './sent-to-authority.ts';

/** The most reports one device can number: a report a minute for four thousand years. */
const MAX_SEQUENCE = 2_147_483_647;

/**
 * Device usage report (docs/design.md, F4, online): an activated device reports the consumption it has
 * recorded since its previous report, without giving up its activation. Signed with the device
 * key its license is bound to and encrypted to the authority, like a deactivation file. Each
 * report carries a `sequence` one above the device's previous one; the authority counts a
 * report once per id and refuses one whose sequence is not above the last it counted, so a
 * report replayed, or re-sent after a lost answer, never adds its consumption twice.
 */
export const deviceUsageReportKind = defineKind({
  name: 'device-usage-report',
  typ: 'airlock-device-usage+jwt',
  label: 'DEVICE USAGE REPORT',
  signer: 'device',
  encrypted: true,
  schema: Type.Object(
    {
      ...commonClaims,
      licenseId: Id,
      product: Id,
      fingerprint: Fingerprint,
      /** The activation at the authority, when the device knows it (an online activation tells it). */
      activationId: Type.Optional(Id),
      /** The revision of the license the device holds. */
      licenseRevision: Revision,
      /** From 1, one more at each report the device makes. */
      sequence: Type.Integer({ minimum: 1, maximum: MAX_SEQUENCE }),
      /** Consumption recorded on the device since its previous report, per meter. */
      consumption: Type.Array(Type.Object({ meter: Id, amount: Quantity }, { additionalProperties: false }), { maxItems: 500 }),
    },
    { additionalProperties: false },
  ),
});

/** The claims of a device usage report. */
export type DeviceUsageReport = DocumentClaims<typeof deviceUsageReportKind>;

/** What a device reports: the license it holds, the revision it applied, the report's sequence and the consumption since the last. */
export interface DeviceUsageInput {
  /** The device license file installed on the device. */
  readonly license: Pick<DeviceLicenseFile, 'jti' | 'licenseId' | 'product' | 'fingerprint'>;
  readonly activationId?: string | undefined;
  /** The revision the device holds: the license file's, or that of the last refresh applied. */
  readonly licenseRevision: number;
  readonly sequence: number;
  readonly consumption: readonly { readonly meter: string; readonly amount: number }[];
  /** The authority's root-signed encryption-key certificate, from the SDK's configuration. */
  readonly authorityEncryptionKey: string;
}

/**
 * Makes a usage report for an activated device. It answers the device license file, whose
 * binding it copies; the authority's encryption key is checked against the pinned root first.
 *
 * @example
 * ```ts
 * const { text } = await issueDeviceUsageReport(
 *   { license: installed, licenseRevision: 2, sequence: 7, consumption: [{ meter: 'renders', amount: 3 }], authorityEncryptionKey },
 *   { now, random, signer: device.signingKey, trust });
 * ```
 */
export async function issueDeviceUsageReport(
  input: DeviceUsageInput,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: KeyPair; readonly trust: TrustAnchor },
): Promise<IssuedDocument<typeof deviceUsageReportKind>> {
  const claims = {
    ...(input.activationId === undefined ? {} : { activationId: input.activationId }),
    licenseRevision: input.licenseRevision,
    sequence: input.sequence,
    consumption: input.consumption.map(({ meter, amount }) => ({ meter, amount })),
  };
  return issueSentByDevice(deviceUsageReportKind, input, claims, checkUsageContents, context);
}

/** A device usage report opened on the authority, with the device key that signed it. */
export type OpenedDeviceUsageReport = OpenedAtAuthority<typeof deviceUsageReportKind>;

/**
 * Reads a usage report on the authority: every envelope check, then that no meter is listed
 * twice. The authority then finds the device license file it answers (`answers[0]`), checks
 * the signer with `checkUsageReportSigner` and the sequence against the last one it counted.
 *
 * @example
 * ```ts
 * const report = await openDeviceUsageReport(upload, { now, rootKid, encryptionKey });
 * ```
 */
export async function openDeviceUsageReport(text: unknown, context: OpenAtAuthorityContext): Promise<OpenedDeviceUsageReport> {
  const opened = await openSentToAuthority(deviceUsageReportKind, text, context);
  checkUsageContents(opened.claims);
  return opened;
}

/**
 * The report was signed by the device key its license is bound to: only the activated device
 * may add to the license's usage. Refuses with SIGNATURE_INVALID naming both thumbprints.
 *
 * @example
 * ```ts
 * const outcome = checkUsageReportSigner(report, storedLicense);
 * if (!outcome.ok) return outcome;
 * ```
 */
export function checkUsageReportSigner(report: Pick<OpenedDeviceUsageReport, 'signerKid'>, license: Pick<DeviceLicenseFile, 'deviceKeyThumbprint'>): Outcome {
  return checkSignedByBoundDevice(deviceUsageReportKind.name, report, license);
}

function checkUsageContents(claims: DocumentBody<typeof deviceUsageReportKind>): void {
  checkUnique(
    claims.consumption.map((c) => c.meter),
    '/consumption',
    'meter',
    deviceUsageReportKind.name,
  );
}
