import { printableText } from '@airlock/core/internal';
import { Type } from '@sinclair/typebox';
import { MIN_PASSWORD_LENGTH } from '@airlock/http';

/** Shapes of the account, sign-in, key and audit routes (and so of their part of the OpenAPI document). */

const Instant = Type.String({ format: 'date-time' });
export const Role = Type.Union([Type.Literal('site-admin'), Type.Literal('tenant-admin'), Type.Literal('auditor')]);
/** An account name: lower-case letters, digits and . _ @ - (what `checkAccountName` accepts). */
export const AccountName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._@-]*$' });
/** Any password may be tried; new ones must be long enough. */
export const AnyPassword = Type.String({ minLength: 1, maxLength: 1024 });
export const NewPassword = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 });
export const KeyId = Type.String({ pattern: '^[0-9a-f]{16}$' });
export const EventCount = Type.Object(
  { events: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,2})$', description: 'how many of the latest events (default 100, at most 500)' })) },
  { additionalProperties: false },
);

export const Account = Type.Object({
  account: Type.String(),
  role: Role,
  tenant: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  createdAt: Instant,
  passwordChangedAt: Instant,
});
export const AccountWithPassword = Type.Object({
  account: Account,
  password: Type.String({ description: 'generated; shown this once, to be changed at the first sign-in' }),
});

export const SignInBody = Type.Object({ account: printableText(200), password: AnyPassword }, { additionalProperties: false });
export const SignedIn = Type.Object({ account: Account, expiresAt: Instant });

export const Caller = Type.Union([
  Type.Object({ kind: Type.Literal('operator') }),
  Type.Object({
    kind: Type.Literal('account'),
    account: Type.String(),
    role: Role,
    tenant: Type.Union([Type.String(), Type.Null()]),
    mustChangePassword: Type.Boolean(),
    mfaEnrolmentRequired: Type.Optional(
      Type.Literal(true, { description: 'The policy requires two-factor sign-in and this account has none: enrol first (`/v1/auth/mfa`).' }),
    ),
  }),
  Type.Object({ kind: Type.Literal('application'), keyId: Type.String(), tenant: Type.String() }),
]);

export const AppKey = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  name: Type.String(),
  createdAt: Instant,
  createdBy: Type.String(),
  revokedAt: Type.Union([Instant, Type.Null()]),
});
export const CreatedAppKey = Type.Intersect([AppKey, Type.Object({ key: Type.String({ description: 'shown this once; the site keeps only its SHA-256' }) })]);

export const AuditEntries = Type.Object({
  events: Type.Array(
    Type.Object({ sequence: Type.Integer({ minimum: 1 }), at: Instant, event: Type.Object({ t: Type.String() }, { additionalProperties: true }) }),
  ),
});

/** The right password of an account with two-factor sign-in: the second step follows (`POST /v1/auth/sign-in/mfa`). */
export const MfaChallenge = Type.Object({
  mfaRequired: Type.Literal(true),
  challenge: Type.String({ description: 'Present it with a code to `POST /v1/auth/sign-in/mfa` before `expiresAt`.' }),
  expiresAt: Instant,
});
/** A TOTP code (6 digits, a space allowed) or a recovery code (`XXXXX-XXXXX`). */
export const MfaCode = Type.String({
  minLength: 6,
  maxLength: 16,
  pattern: '^[0-9A-Za-z -]+$',
  description: 'The 6-digit code of the authenticator app, or a recovery code.',
});
export const MfaSignInBody = Type.Object(
  { challenge: Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]{43}$' }), code: MfaCode },
  { additionalProperties: false },
);
export const MfaStatus = Type.Object({
  enrolled: Type.Boolean(),
  enrolledAt: Type.Union([Instant, Type.Null()]),
  recoveryCodesLeft: Type.Integer({ minimum: 0 }),
  required: Type.Boolean({ description: 'The policy: every account must enrol before doing anything else.' }),
});
export const MfaEnrolment = Type.Object({
  secret: Type.String({ description: 'The TOTP secret in base32, for an app that cannot scan the QR code.' }),
  otpauthUri: Type.String(),
  qrSvg: Type.String({ description: 'The otpauth URI as a QR code: an SVG document drawn on the site.' }),
});
export const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Each opens one sign-in in place of a code; shown this once, kept only hashed.' }),
});
export const MfaPolicy = Type.Object({ required: Type.Boolean() }, { additionalProperties: false });
