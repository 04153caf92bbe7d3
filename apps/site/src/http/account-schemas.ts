import { printableText } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import { MIN_PASSWORD_LENGTH } from '../accounts/passwords.ts';

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
export const AccountWithPassword = Type.Object({ account: Account, password: Type.String({ description: 'generated; shown this once, to be changed at the first sign-in' }) });

export const SignInBody = Type.Object({ account: printableText(200), password: AnyPassword }, { additionalProperties: false });
export const SignedIn = Type.Object({ account: Account, expiresAt: Instant });

export const Caller = Type.Union([
  Type.Object({ kind: Type.Literal('operator') }),
  Type.Object({ kind: Type.Literal('account'), account: Type.String(), role: Role, tenant: Type.Union([Type.String(), Type.Null()]), mustChangePassword: Type.Boolean() }),
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
  events: Type.Array(Type.Object({ sequence: Type.Integer({ minimum: 1 }), at: Instant, event: Type.Object({ t: Type.String() }, { additionalProperties: true }) })),
});
