import { Type } from '@sinclair/typebox';
import { licenseKinds, printableText } from '@airlock/core';
import { FreeText, OneLine, Slug, Uuid } from '../../http/schemas.ts';

/** Shapes of the device routes (and so of their part of the OpenAPI document). */

/** Feature, meter and metadata names, as the device documents carry them. */
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Quantity = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const Timestamp = Type.String({ format: 'date-time' });
export const LicenseKind = Type.Union(licenseKinds.map((kind) => Type.Literal(kind)));
const MaxActivations = Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()]);

/** An uploaded document: no length limit here, the document's own limit answers DOCUMENT_TOO_LARGE. */
export const DocumentText = FreeText({ minLength: 1 });
/** A device user's name: the core's one rule for names (no control characters, see `NAME_PATTERN`). */
export const Username = printableText(254);
/** Any password may be tried; a new one must be at least 12 characters long. */
export const AnyPassword = OneLine({ minLength: 1, maxLength: 1024 });
const NewPassword = OneLine({ minLength: 12, maxLength: 1024 });

const DAY_MS = 86_400_000;
/** A period in milliseconds, a minute to a leap year; a grace period may also be 0 (none). */
const Period = Type.Integer({ minimum: 60_000, maximum: 366 * DAY_MS });
const Grace = Type.Integer({ minimum: 0, maximum: 366 * DAY_MS });

export const Overrides = Type.Object(
  {
    kind: Type.Optional(LicenseKind),
    allowOffline: Type.Optional(Type.Boolean()),
    maxActivations: Type.Optional(MaxActivations),
    maxOfflineMs: Type.Optional(Type.Union([Period, Type.Null()])),
    offlineGraceMs: Type.Optional(Grace),
    expiryGraceMs: Type.Optional(Grace),
    meterAllotment: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }), Type.Null()])),
    meterOveragePercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    allowVirtualMachines: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'Policy settings this license sets itself; each one left out is inherited from the policy.' },
);
export const Entitlements = Type.Object(
  {
    features: Type.Array(Name, { maxItems: 500 }),
    meters: Type.Array(Type.Object({ meter: Name, limit: Type.Union([Quantity, Type.Null()]) }, { additionalProperties: false }), { maxItems: 500 }),
  },
  { additionalProperties: false },
);
export const Metadata = Type.Array(Type.Object({ name: Name, value: FreeText({ maxLength: 1024 }) }, { additionalProperties: false }), { maxItems: 100 });
export const LicenseUserInput = Type.Object({ username: Username, password: NewPassword }, { additionalProperties: false });

const settings = {
  overrides: Type.Optional(Overrides),
  allowOnline: Type.Optional(Type.Boolean()),
  expiresAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  entitlements: Type.Optional(Entitlements),
  metadata: Type.Optional(Metadata),
};

export const NewDeviceLicense = Type.Object(
  {
    productId: Slug,
    customerId: Slug,
    policyId: Type.Optional(Slug),
    credential: Type.Union([Type.Literal('license-key'), Type.Literal('user')]),
    users: Type.Optional(Type.Array(LicenseUserInput, { maxItems: 100 })),
    ...settings,
  },
  { additionalProperties: false },
);

export const DeviceLicenseEdit = Type.Object(
  { ...settings, expectedRevision: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

const Activation = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]),
  fingerprint: Type.String(),
  deviceKeyThumbprint: Type.String(),
  deviceName: Type.Union([Type.String(), Type.Null()]),
  sdkVersion: Type.String(),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  channel: Type.Union([Type.Literal('offline'), Type.Literal('online')]),
  revision: Type.Integer(),
  licenseFileId: Type.String(),
  activatedAt: Type.String(),
  lastSeenAt: Type.String(),
  deactivatedAt: Type.Union([Type.String(), Type.Null()]),
  variables: Type.Union([Type.Array(Type.Object({ name: Type.String(), value: Type.String() })), Type.Null()]),
  environment: Type.Union([Type.Object({ virtualMachine: Type.Boolean(), container: Type.Boolean() }), Type.Null()], {
    description: 'What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim).',
  }),
});

export const DeviceLicense = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  customerId: Type.String(),
  policyId: Type.String(),
  credential: Type.Union([Type.Literal('license-key'), Type.Literal('user')]),
  licenseKeyHint: Type.Union([Type.String(), Type.Null()]),
  overrides: Overrides,
  settings: Type.Object({ kind: LicenseKind, allowOffline: Type.Boolean(), allowOnline: Type.Boolean(), maxActivations: MaxActivations }),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  entitlements: Entitlements,
  metadata: Metadata,
  revision: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  users: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), createdAt: Type.String() })),
  activeActivations: Type.Integer(),
  activations: Type.Array(Activation),
  usage: Type.Array(Type.Object({ meter: Type.String(), total: Type.Integer() })),
});

export const CreatedDeviceLicense = Type.Composite([
  DeviceLicense,
  Type.Object({ licenseKey: Type.Optional(Type.String({ description: 'The license key, shown this once: only its hash is kept.' })) }),
]);

export const LicenseParams = Type.Object({ licenseId: Uuid });
export const ActivationParams = Type.Object({ licenseId: Uuid, activationId: Uuid });

export const ActivationAnswer = Type.Object({
  activationId: Type.String(),
  licenseId: Type.String(),
  text: Type.String({ description: 'The device license file (armoured).' }),
  revision: Type.Integer(),
});
export const RefreshAnswer = Type.Object({
  activationId: Type.String(),
  licenseId: Type.String(),
  text: Type.String({ description: 'The device license refresh file (armoured).' }),
  revision: Type.Integer(),
  refreshes: Type.String(),
});
export const DeactivationAnswer = Type.Object({
  licenseId: Type.String(),
  activationId: Type.String(),
  consumption: Type.Array(Type.Object({ meter: Type.String(), amount: Type.Integer() })),
});
export const ValidationAnswer = Type.Object({
  activationId: Type.String(),
  licenseId: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('deactivated'), Type.Literal('expired')]),
  revision: Type.Integer(),
  text: Type.Optional(Type.String({ description: 'A refresh file, when the license is newer than what the device holds.' })),
});
export const UsageReceipt = Type.Object({
  licenseId: Type.String(),
  activationId: Type.String(),
  sequence: Type.Integer(),
  counted: Type.Boolean({ description: 'False when this report had been counted already.' }),
});

const Color = Type.String({ pattern: '^#[0-9A-Fa-f]{6}$' });
export const HostName = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$',
});
const Colors = Type.Object({ primary: Color, background: Color, text: Color }, { additionalProperties: false });
/** About 192 KiB of image: a logo, not a photograph. */
const LOGO_DATA_URI_CHARS = 262_144;

export const BrandInput = Type.Object(
  {
    name: OneLine({ minLength: 1, maxLength: 200 }),
    logoUrl: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https://[^\\s]+$' })),
    logoDataUri: Type.Optional(Type.String({ maxLength: LOGO_DATA_URI_CHARS, pattern: '^data:image/(png|jpeg|gif|webp|svg\\+xml);base64,[A-Za-z0-9+/]+={0,2}$' })),
    colors: Colors,
    supportEmail: Type.Optional(Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' })),
  },
  { additionalProperties: false, description: 'Exactly one of logoUrl and logoDataUri.' },
);
export const Brand = Type.Object({
  hostName: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  logoDataUri: Type.Union([Type.String(), Type.Null()]),
  colors: Type.Object({ primary: Type.String(), background: Type.String(), text: Type.String() }),
  supportEmail: Type.Union([Type.String(), Type.Null()]),
});
