import { Type } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import { Id } from '../encoding/schema.ts';
import type { Milliseconds } from '../time/duration.ts';
import type { AuthoritySigner, TrustAnchor } from '../trust/trust-anchor.ts';
import { Fingerprint, Revision } from './device-claims.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import { issueDocument, openDocument, type IssueContext, type IssuedDocument, type OpenedDocument } from './envelope.ts';

/**
 * What the authority says of an activation when a device checks in: `active`, `deactivated`,
 * `expired`, or a status later versions add (a device reads one it does not know as not active).
 */
export type DeviceActivationStatus = 'active' | 'deactivated' | 'expired' | (string & {});

/**
 * Device check-in receipt: the authority's signed word that a device reached it, when, and
 * what its activation's status was. The authority answers every online validation and usage
 * report (check-in) with one; the SDK takes its `iat` (the authority's time, not the device's)
 * as the device's last contact, from which a license with `maxOffline` counts how long the
 * device may stay offline (docs/devices.md). Signed by the authority like a device license
 * file and addressed to the device's fingerprint; not encrypted, since it holds no secret.
 * It answers the request the device just sent (`answers`), so an old receipt cannot be
 * replayed to postpone a check-in.
 */
export const deviceCheckInReceiptKind = defineKind({
  name: 'device-check-in-receipt',
  typ: 'airlock-device-checkin+jwt',
  label: 'DEVICE CHECKIN RECEIPT',
  signer: 'authority',
  encrypted: false,
  schema: Type.Object(
    {
      ...commonClaims,
      licenseId: Id,
      fingerprint: Fingerprint,
      /** The activation at the authority. */
      activationId: Id,
      /** The activation's status when the authority answered: see `DeviceActivationStatus`. */
      status: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z][a-z-]*$' }),
      /** The license's current revision at the authority. */
      revision: Revision,
    },
    { additionalProperties: false },
  ),
});

/** The claims of a device check-in receipt. */
export type DeviceCheckInReceipt = DocumentClaims<typeof deviceCheckInReceiptKind>;

/** What the authority states in a receipt: the activation, and the request of the device it answers. */
export interface CheckInFacts {
  /** The id (`jti`) of the device's request: its activation request (validation) or usage report. */
  readonly answers: string;
  readonly licenseId: string;
  readonly fingerprint: string;
  readonly activationId: string;
  readonly status: DeviceActivationStatus;
  readonly revision: number;
}

/**
 * Issues the receipt that answers a device's validation or check-in.
 *
 * @example
 * ```ts
 * const { text } = await issueDeviceCheckInReceipt(
 *   { answers: request.claims.jti, licenseId, fingerprint, activationId, status: 'active', revision: 3 },
 *   { now, random, signer });
 * ```
 */
export async function issueDeviceCheckInReceipt(
  facts: CheckInFacts,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: AuthoritySigner },
): Promise<IssuedDocument<typeof deviceCheckInReceiptKind>> {
  const body: DocumentBody<typeof deviceCheckInReceiptKind> = {
    aud: audience.device(facts.fingerprint),
    answers: [facts.answers],
    licenseId: facts.licenseId,
    fingerprint: facts.fingerprint,
    activationId: facts.activationId,
    status: facts.status,
    revision: facts.revision,
  };
  return issueDocument(deviceCheckInReceiptKind, body, context);
}

/** What a device knows when it reads the receipt that answers its request. */
export interface OpenCheckInReceiptContext {
  readonly now: Date;
  /** The pinned authority root and the newest revocation list known. */
  readonly trust: TrustAnchor;
  readonly fingerprint: string;
  /** The license the device holds: a receipt for another license is not for it. */
  readonly licenseId: string;
  /** The id of the request the device just sent: the receipt must answer it. */
  readonly answers: string;
  readonly clockSkewTolerance?: Milliseconds | undefined;
}

/**
 * Reads a check-in receipt on the device: every envelope check (the authority's chain to the
 * pinned root, this fingerprint as audience, an issue time not ahead of the clock), then that
 * it names this device and license (WRONG_RECIPIENT) and answers the request just sent
 * (DOCUMENT_REPLAYED: an old receipt, kept and played back, answers an earlier request).
 *
 * @example
 * ```ts
 * const receipt = await openDeviceCheckInReceipt(answer.receipt,
 *   { now, trust, fingerprint, licenseId: license.licenseId, answers: request.claims.jti });
 * const lastContact = fromNumericDate(receipt.claims.iat);
 * ```
 */
export async function openDeviceCheckInReceipt(text: unknown, context: OpenCheckInReceiptContext): Promise<OpenedDocument<typeof deviceCheckInReceiptKind>> {
  const opened = await openDocument(deviceCheckInReceiptKind, text, {
    now: context.now,
    audience: audience.device(context.fingerprint),
    trust: context.trust,
    clockSkewTolerance: context.clockSkewTolerance,
  });
  const { claims } = opened;
  const document = deviceCheckInReceiptKind.name;
  if (claims.fingerprint !== context.fingerprint) {
    throw new AirlockError('WRONG_RECIPIENT', { document, reason: 'made for another fingerprint', expected: context.fingerprint, found: claims.fingerprint });
  }
  if (claims.licenseId !== context.licenseId) {
    throw new AirlockError('WRONG_RECIPIENT', { document, reason: 'made for another license', expected: context.licenseId, found: claims.licenseId });
  }
  if (!claims.answers.includes(context.answers)) {
    throw new AirlockError('DOCUMENT_REPLAYED', {
      id: claims.jti,
      document,
      reason: 'it answers another request than the one just sent',
      expected: context.answers,
    });
  }
  return opened;
}
