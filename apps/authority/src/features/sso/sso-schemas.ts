import { Type } from '@sinclair/typebox';
import { OneLine } from '../../http/schemas.ts';
import { consoleRoles } from './sso-providers.ts';

/** Shapes of the single sign-on routes (and so of their part of the OpenAPI document). */

const Issuer = Type.String({
  minLength: 8,
  maxLength: 2000,
  format: 'uri',
  pattern: '^https?://[^\\s?#]+$',
  description: "The IdP's issuer URL; its `/.well-known/openid-configuration` is read.",
});
const ClientId = OneLine({ minLength: 1, maxLength: 512, description: 'The client id Airlock was registered under at the IdP.' });
const ClientSecret = OneLine({ minLength: 1, maxLength: 2048, description: 'Sealed at rest and never returned. Leave out to keep the current one.' });
const Domain = Type.String({ minLength: 1, maxLength: 253, pattern: '^@?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$' });
const Group = OneLine({ minLength: 1, maxLength: 256 });
const GroupClaim = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z0-9_.:/-]+$',
  default: 'groups',
  description: 'The claim (ID token or UserInfo) that lists the groups.',
});
const Provisioning = Type.Union([Type.Literal('just-in-time'), Type.Literal('existing-accounts')], {
  description: '`just-in-time`: an allowed person without an account gets one at first sign-in; `existing-accounts`: only accounts that exist may sign in.',
});
const PasswordSignIn = Type.Boolean({ description: 'Whether these accounts may still sign in with a password (false: PASSWORD_SIGN_IN_DISABLED).' });

export const ConsoleSsoInput = Type.Object(
  {
    issuer: Issuer,
    clientId: ClientId,
    clientSecret: Type.Optional(ClientSecret),
    allowedDomains: Type.Array(Domain, { minItems: 1, maxItems: 50 }),
    groupClaim: GroupClaim,
    groupRoles: Type.Array(Type.Object({ group: Group, role: Type.Union(consoleRoles.map((role) => Type.Literal(role))) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 100,
      description: 'IdP group → role. A person in none of these groups is refused (SSO_GROUP_NOT_ALLOWED).',
    }),
    provisioning: Provisioning,
    passwordSignIn: PasswordSignIn,
  },
  { additionalProperties: false },
);

export const CustomerSsoInput = Type.Object(
  {
    issuer: Issuer,
    clientId: ClientId,
    clientSecret: Type.Optional(ClientSecret),
    allowedDomains: Type.Array(Domain, {
      minItems: 1,
      maxItems: 50,
      description: 'A domain belongs to one customer at most: the portal finds the provider by it.',
    }),
    groupClaim: GroupClaim,
    allowedGroups: Type.Array(Group, { maxItems: 100, description: 'Groups whose members may sign in; empty: anyone of the allowed domains.' }),
    provisioning: Provisioning,
    passwordSignIn: PasswordSignIn,
  },
  { additionalProperties: false },
);

export const SsoProvider = Type.Object({
  id: Type.String(),
  area: Type.Union([Type.Literal('console'), Type.Literal('portal')]),
  customerId: Type.Union([Type.String(), Type.Null()]),
  issuer: Type.String(),
  clientId: Type.String(),
  allowedDomains: Type.Array(Type.String()),
  groupClaim: Type.String(),
  groupRoles: Type.Array(Type.Object({ group: Type.String(), role: Type.String() })),
  provisioning: Provisioning,
  passwordSignIn: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
  redirectUri: Type.String({ description: 'The redirect URI to register at the IdP.' }),
});

/** Where a browser goes back to after signing in: a page of the area. */
export const NextQuery = Type.Object({ next: Type.Optional(OneLine({ maxLength: 2000 })) }, { additionalProperties: false });
export const PortalStartQuery = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' }), next: Type.Optional(OneLine({ maxLength: 2000 })) },
  { additionalProperties: false },
);
/**
 * The identity provider's answer on the redirect URI: the parameters OpenID Connect defines
 * (RFC 6749 §4.1.2, RFC 9207 `iss`); a provider may add its own, which the flow passes on whole.
 */
const CallbackParameter = Type.Optional(OneLine({ maxLength: 4096 }));
export const CallbackQuery = Type.Object(
  {
    code: CallbackParameter,
    state: CallbackParameter,
    iss: CallbackParameter,
    error: CallbackParameter,
    error_description: CallbackParameter,
    error_uri: CallbackParameter,
    session_state: CallbackParameter,
  },
  { additionalProperties: true },
);
