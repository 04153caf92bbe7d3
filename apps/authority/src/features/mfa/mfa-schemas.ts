import { Type } from '@sinclair/typebox';
import { AnyPassword, Timestamp } from '../accounts/account-schemas.ts';

/** Shapes of the two-factor routes (and so of their part of the OpenAPI document). */

/** A TOTP code (6 digits, a space allowed in the middle) or a recovery code (`XXXXX-XXXXX`). */
const MfaCode = Type.String({
  minLength: 6,
  maxLength: 16,
  pattern: '^[0-9A-Za-z -]+$',
  description: 'The 6-digit code the authenticator app shows, or one of the recovery codes (`XXXXX-XXXXX`).',
});

export const MfaChallenge = Type.Object({
  mfaRequired: Type.Literal(true),
  challenge: Type.String({ description: 'Present it with a code to `POST /v1/auth/sign-in/mfa` before `expiresAt`.' }),
  expiresAt: Timestamp,
});

export const MfaSignInBody = Type.Object(
  { challenge: Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]{43}$' }), code: MfaCode },
  { additionalProperties: false },
);

export const MfaStatus = Type.Object({
  enrolled: Type.Boolean(),
  enrolledAt: Type.Union([Timestamp, Type.Null()]),
  recoveryCodesLeft: Type.Integer({ minimum: 0 }),
  requiredForAdmins: Type.Boolean({ description: 'The policy: every administrator must enrol before doing anything else.' }),
});

export const EnrolmentStarted = Type.Object({
  secret: Type.String({ description: 'The TOTP secret in base32, for an app that cannot scan the QR code. Shown at enrolment only.' }),
  otpauthUri: Type.String(),
  qrSvg: Type.String({ description: 'The otpauth URI as a QR code: an SVG document drawn on the server.' }),
});

export const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Each opens one sign-in in place of a code. Shown this once; only their hashes are kept.' }),
});

export const CodeBody = Type.Object({ code: MfaCode }, { additionalProperties: false });
export const DisableBody = Type.Object({ password: AnyPassword, code: MfaCode }, { additionalProperties: false });
export const MfaPolicy = Type.Object({ requireForAdmins: Type.Boolean() }, { additionalProperties: false });
export const AdminMfa = Type.Object({ adminId: Type.String(), enrolledAt: Timestamp });
