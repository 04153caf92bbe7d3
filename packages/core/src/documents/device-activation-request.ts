import { Type } from '@sinclair/typebox';
import { importPublicJwk, keyId, parsePublicJwk, type KeyPair, type PublicJwk } from '../crypto/keys.ts';
import { Id, Name, printableText, X25519Jwk } from '../encoding/schema.ts';
import { verifyEncryptionKeyCertificate } from '../trust/key-certificate.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { Fingerprint, Revision, SoftwareVersion } from './device-claims.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import { issueDocument, type IssueContext, type IssuedDocument } from './envelope.ts';
import { openSentToAuthority, type OpenAtAuthorityContext, type OpenedAtAuthority } from './sent-to-authority.ts';

/**
 * How the device proves it may use the license: a license key (key-based licenses), or the
 * name of the user the license belongs to (user-based), or nothing at all for a trial: the
 * authority answers with the product's trial for this fingerprint (docs/devices.md, "Trials").
 * Never a password: for a user-based license the user signs in on the authority's offline
 * portal when uploading the request.
 */
export const DeviceCredential = Type.Union([
  Type.Object(
    { method: Type.Literal('license-key'), licenseKey: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$' }) },
    { additionalProperties: false },
  ),
  Type.Object({ method: Type.Literal('user'), username: printableText(254) }, { additionalProperties: false }),
  Type.Object({ method: Type.Literal('trial') }, { additionalProperties: false }),
]);

/** What the device says of where it runs: evidence, never proof (a virtual machine can be hidden). */
const DeviceEnvironmentClaim = Type.Object({ virtualMachine: Type.Boolean(), container: Type.Boolean() }, { additionalProperties: false });

/**
 * Device activation request (docs/design.md, F4): the SDK's counterpart of an LFR for one machine. Signed
 * with the device's own Ed25519 key (carried in the header; the license that answers is bound
 * to it) and encrypted to the authority's X25519 key, because it may hold a license key.
 */
export const deviceActivationRequestKind = defineKind({
  name: 'device-activation-request',
  typ: 'airlock-device-activation-request+jwt',
  label: 'DEVICE ACTIVATION REQUEST',
  signer: 'device',
  encrypted: true,
  schema: Type.Object(
    {
      ...commonClaims,
      product: Id,
      fingerprint: Fingerprint,
      credential: DeviceCredential,
      /** The device's X25519 key: the license file that answers is encrypted to it. */
      deviceEncryptionKey: X25519Jwk,
      /** A name for people to recognise the device by in the portal, e.g. its host name. */
      deviceName: Type.Optional(Name),
      sdkVersion: SoftwareVersion,
      appVersion: Type.Optional(SoftwareVersion),
      /**
       * The license revision an already activated device holds (its license file's, or the last
       * refresh applied), when it asks for an update: the authority answers with a refresh only
       * when the license is newer. Absent on a first activation.
       */
      currentRevision: Type.Optional(Revision),
      /**
       * Whether the device found itself in a virtual machine or a container (docs/devices.md,
       * "Virtual machines and fingerprints"). Absent from SDKs older than the claim: a policy
       * that forbids virtual machines refuses such a request, as it cannot tell.
       */
      environment: Type.Optional(DeviceEnvironmentClaim),
    },
    { additionalProperties: false },
  ),
});

/** The claims of a device activation request. */
export type DeviceActivationRequest = DocumentClaims<typeof deviceActivationRequestKind>;
export type DeviceCredential = DeviceActivationRequest['credential'];

/** What a device puts in its activation request: the product, its fingerprint, its credential and its encryption key. */
export interface DeviceActivationInput {
  readonly product: string;
  readonly fingerprint: string;
  readonly credential: DeviceCredential;
  readonly deviceEncryptionKey: PublicJwk;
  readonly deviceName?: string | undefined;
  readonly sdkVersion: string;
  readonly appVersion?: string | undefined;
  /** The revision the device holds, when an activated device asks for an update. */
  readonly currentRevision?: number | undefined;
  /** Whether the device runs in a virtual machine or a container, as the SDK detected it. */
  readonly environment?: { readonly virtualMachine: boolean; readonly container: boolean } | undefined;
  /** The authority's root-signed encryption-key certificate, from the SDK's configuration. */
  readonly authorityEncryptionKey: string;
}

/**
 * Makes a device activation request. The authority's encryption key is checked against the
 * pinned root (and for being valid now) before anything, a license key included, is
 * encrypted to it.
 *
 * @example
 * ```ts
 * const { text, claims } = await issueDeviceActivationRequest(
 *   { product: 'studio', fingerprint, credential: { method: 'license-key', licenseKey },
 *     deviceEncryptionKey: device.encryptionKey.publicJwk, sdkVersion: '1.0.0', authorityEncryptionKey },
 *   { now, random, signer: device.signingKey, trust });
 * ```
 */
export async function issueDeviceActivationRequest(
  request: DeviceActivationInput,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: KeyPair; readonly trust: TrustAnchor },
): Promise<IssuedDocument<typeof deviceActivationRequestKind>> {
  const authorityKey = await verifyEncryptionKeyCertificate(request.authorityEncryptionKey, context.trust.root, context.now);
  const credential = copyCredential(request.credential);
  const body: DocumentBody<typeof deviceActivationRequestKind> = {
    aud: audience.authority(keyId(context.trust.root)),
    answers: [],
    product: request.product,
    fingerprint: request.fingerprint,
    credential,
    deviceEncryptionKey: { kty: 'OKP', crv: 'X25519', x: parsePublicJwk(request.deviceEncryptionKey, 'X25519').x },
    ...(request.deviceName === undefined ? {} : { deviceName: request.deviceName }),
    sdkVersion: request.sdkVersion,
    ...(request.appVersion === undefined ? {} : { appVersion: request.appVersion }),
    ...(request.currentRevision === undefined ? {} : { currentRevision: request.currentRevision }),
    ...(request.environment === undefined
      ? {}
      : { environment: { virtualMachine: request.environment.virtualMachine, container: request.environment.container } }),
  };
  return issueDocument(deviceActivationRequestKind, body, { ...context, recipient: authorityKey.jwk });
}

/** The credential member by member, so nothing the caller added rides along. */
function copyCredential(credential: DeviceCredential): DeviceCredential {
  switch (credential.method) {
    case 'license-key':
      return { method: 'license-key', licenseKey: credential.licenseKey };
    case 'user':
      return { method: 'user', username: credential.username };
    case 'trial':
      return { method: 'trial' };
  }
}

/** A device activation request opened on the authority, with the device key that signed it. */
export type OpenedDeviceActivationRequest = OpenedAtAuthority<typeof deviceActivationRequestKind>;
/** What the authority reads a device activation request with (see `OpenAtAuthorityContext`). */
export type OpenDeviceActivationRequestContext = OpenAtAuthorityContext;

/**
 * Reads a device activation request on the authority: every envelope check, then that the
 * device's encryption key is a usable X25519 key. Whether the credential is good, the license
 * allows offline activation and has a free activation slot are for the licensing rules.
 *
 * @example
 * ```ts
 * const request = await openDeviceActivationRequest(upload, { now, rootKid, encryptionKey });
 * if (request.claims.credential.method === 'user') askUserToSignIn(request.claims.credential.username);
 * ```
 */
export async function openDeviceActivationRequest(text: unknown, context: OpenDeviceActivationRequestContext): Promise<OpenedDeviceActivationRequest> {
  const opened = await openSentToAuthority(deviceActivationRequestKind, text, context);
  importPublicJwk(parsePublicJwk(opened.claims.deviceEncryptionKey, 'X25519'));
  return opened;
}
