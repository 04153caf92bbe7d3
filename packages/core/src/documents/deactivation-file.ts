import { Type } from '@sinclair/typebox';
import type { KeyPair } from '../crypto/keys.ts';
import { Id, Quantity } from '../encoding/schema.ts';
import type { Outcome } from '../errors/outcome.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { Variables } from './claims.ts';
import { checkSignedByBoundDevice, checkUnique, Fingerprint, issueSentByDevice, Revision } from './device-claims.ts';
import type { DeviceLicenseFile } from './device-license-file.ts';
import { commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import type { IssueContext, IssuedDocument } from './envelope.ts';
import { openSentToAuthority, type OpenAtAuthorityContext, type OpenedAtAuthority } from './sent-to-authority.ts';

/**
 * Deactivation file (docs/design.md, F4): a device gives up its activation. Signed with the device's own
 * key (the one its license is bound to) and encrypted to the authority, since it carries the
 * device's cached consumption and variables. Uploading it frees the activation slot and adds
 * the consumption to the license's usage, once: the authority keeps the ids it has used and
 * refuses the same file again (`isReplay` → DOCUMENT_REPLAYED).
 */
export const deactivationFileKind = defineKind({
  name: 'deactivation-file',
  typ: 'airlock-deactivation+jwt',
  label: 'DEACTIVATION FILE',
  signer: 'device',
  encrypted: true,
  schema: Type.Object(
    {
      ...commonClaims,
      licenseId: Id,
      product: Id,
      fingerprint: Fingerprint,
      /** The revision of the license the device held when it gave it up. */
      licenseRevision: Revision,
      /** Consumption recorded on the device and not yet reported, per meter. */
      consumption: Type.Array(Type.Object({ meter: Id, amount: Quantity }, { additionalProperties: false }), { maxItems: 500 }),
      /**
       * The sequence of the last usage report the device knows the authority counted (0: none):
       * `consumption` includes everything after it, so a report whose answer was lost is not
       * counted twice. Absent: the device reported nothing it was unsure of.
       */
      reportedThrough: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
      /** The device's variables, returned to the authority. */
      variables: Variables,
    },
    { additionalProperties: false },
  ),
});

/** The claims of a deactivation file. */
export type DeactivationFile = DocumentClaims<typeof deactivationFileKind>;

/** What a device puts in its deactivation file: the license it gives back, the revision it held and its last consumption. */
export interface DeactivationInput {
  /** The device license file installed on the device. */
  readonly license: Pick<DeviceLicenseFile, 'jti' | 'licenseId' | 'product' | 'fingerprint'>;
  /** The revision the device holds: the license file's, or that of the last refresh applied. */
  readonly licenseRevision: number;
  readonly consumption: readonly { readonly meter: string; readonly amount: number }[];
  readonly variables: readonly { readonly name: string; readonly value: string }[];
  /** The sequence of the last usage report the device knows was counted, when one may not have been. */
  readonly reportedThrough?: number;
  /** The authority's root-signed encryption-key certificate, from the SDK's configuration. */
  readonly authorityEncryptionKey: string;
}

/**
 * Makes the deactivation file of a device's license; the SDK disables its local license as it
 * writes it. It answers the device license file, whose binding it copies. The authority's
 * encryption key is checked against the pinned root before the consumption is encrypted to it.
 *
 * @example
 * ```ts
 * const { text } = await issueDeactivationFile(
 *   { license: installed, licenseRevision: 2, consumption: [{ meter: 'renders', amount: 17 }],
 *     variables: [], authorityEncryptionKey },
 *   { now, random, signer: device.signingKey, trust });
 * ```
 */
export async function issueDeactivationFile(
  input: DeactivationInput,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: KeyPair; readonly trust: TrustAnchor },
): Promise<IssuedDocument<typeof deactivationFileKind>> {
  const claims = {
    licenseRevision: input.licenseRevision,
    consumption: input.consumption.map(({ meter, amount }) => ({ meter, amount })),
    variables: input.variables.map(({ name, value }) => ({ name, value })),
    ...(input.reportedThrough === undefined ? {} : { reportedThrough: input.reportedThrough }),
  };
  return issueSentByDevice(deactivationFileKind, input, claims, checkDeactivationContents, context);
}

/** A deactivation file opened on the authority, with the device key that signed it. */
export type OpenedDeactivationFile = OpenedAtAuthority<typeof deactivationFileKind>;
/** What the authority reads a deactivation file with (see `OpenAtAuthorityContext`). */
export type OpenDeactivationFileContext = OpenAtAuthorityContext;

/**
 * Reads a deactivation file on the authority: every envelope check (replay included), then
 * that no meter or variable is listed twice. The authority then finds the device license file
 * it answers (`answers[0]`) and checks the signer with `checkDeactivationSigner`.
 *
 * @example
 * ```ts
 * const deactivation = await openDeactivationFile(upload, { now, rootKid, encryptionKey, isReplay: (id) => used.has(id) });
 * ```
 */
export async function openDeactivationFile(text: unknown, context: OpenDeactivationFileContext): Promise<OpenedDeactivationFile> {
  const opened = await openSentToAuthority(deactivationFileKind, text, context);
  checkDeactivationContents(opened.claims);
  return opened;
}

/**
 * The deactivation was signed by the device key its license is bound to. Anyone can sign a
 * well-formed deactivation with a key of their own; only the activated device holds this one,
 * so only it can free its slot. Refuses with SIGNATURE_INVALID naming both thumbprints.
 *
 * @example
 * ```ts
 * const outcome = checkDeactivationSigner(deactivation, storedLicense);
 * if (!outcome.ok) return outcome;
 * ```
 */
export function checkDeactivationSigner(
  deactivation: Pick<OpenedDeactivationFile, 'signerKid'>,
  license: Pick<DeviceLicenseFile, 'deviceKeyThumbprint'>,
): Outcome {
  return checkSignedByBoundDevice(deactivationFileKind.name, deactivation, license);
}

function checkDeactivationContents(claims: DocumentBody<typeof deactivationFileKind>): void {
  const document = deactivationFileKind.name;
  checkUnique(
    claims.consumption.map((c) => c.meter),
    '/consumption',
    'meter',
    document,
  );
  checkUnique(
    claims.variables.map((v) => v.name),
    '/variables',
    'variable',
    document,
  );
}
