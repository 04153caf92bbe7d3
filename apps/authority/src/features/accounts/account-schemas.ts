import { MIN_PASSWORD_LENGTH } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { permissions } from '../../http/permissions.ts';
import { OneLine } from '../../http/schemas.ts';

/** Shapes of the account routes (and so of their part of the OpenAPI document). */

/** Loose on purpose: `admin@localhost` is a fine address for the first administrator. */
export const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' });
/** Any password may be tried; new ones must be at least 12 characters long. */
export const AnyPassword = OneLine({ minLength: 1, maxLength: 1024 });
export const NewPassword = OneLine({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 });
export const Timestamp = Type.String({ format: 'date-time' });
export const Scope = Type.Union(permissions.map((permission) => Type.Literal(permission)));

export const Credentials = Type.Object({ email: Email, password: AnyPassword }, { additionalProperties: false });

const SessionPrincipal = Type.Union([
  Type.Object({ kind: Type.Literal('admin'), id: Type.String() }),
  Type.Object({ kind: Type.Literal('customer-user'), id: Type.String(), customerId: Type.String() }),
]);
const AnyPrincipal = Type.Union([...SessionPrincipal.anyOf, Type.Object({ kind: Type.Literal('token'), id: Type.String(), scopes: Type.Array(Scope) })]);

export const SignedIn = Type.Object({
  principal: SessionPrincipal,
  email: Type.String(),
  expiresAt: Timestamp,
  mustChangePassword: Type.Boolean(),
  mfaEnrolmentRequired: Type.Optional(
    Type.Boolean({ description: 'The policy requires two-factor sign-in and this administrator has none: enrol first (`/v1/auth/mfa`).' }),
  ),
});

export const Me = Type.Object({
  principal: AnyPrincipal,
  email: Type.Optional(Type.String()),
  mustChangePassword: Type.Optional(Type.Boolean()),
  mfaEnrolmentRequired: Type.Optional(Type.Boolean()),
});

export const Admin = Type.Object({
  id: Type.String(),
  email: Type.String(),
  mustChangePassword: Type.Boolean(),
  createdAt: Timestamp,
  disabledAt: Type.Union([Timestamp, Type.Null()], { description: 'When the administrator was disabled (they cannot sign in), or null while they may.' }),
});

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Scope),
  createdBy: Type.String(),
  createdAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});

export const CustomerUser = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  email: Type.String(),
  mustChangePassword: Type.Boolean(),
  createdAt: Timestamp,
});
