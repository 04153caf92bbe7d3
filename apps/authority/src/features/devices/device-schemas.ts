import { Type } from '@sinclair/typebox';
import { licenseKinds } from '@airlock/core';
import { Fingerprint, printableText } from '@airlock/core/internal';
import { FreeText, OneLine, Slug, Uuid } from '../../http/schemas.ts';

/** Shapes of the device routes (and so of their part of the OpenAPI document). */

/** Feature, meter and metadata names, as the device documents carry them. */
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Quantity = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const Timestamp = Type.String({ format: 'date-time' });
const LicenseKind = Type.Union(licenseKinds.map((kind) => Type.Literal(kind)));
const MaxActivations = Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()]);

/** An uploaded document: no length limit here, the document's own limit answers DOCUMENT_TOO_LARGE. */
export const DocumentText = FreeText({ minLength: 1 });
/** A device user's name: the core's one rule for names (no control characters, see `NAME_PATTERN`). */
const Username = printableText(254);
/** Any password may be tried; a new one must be at least 12 characters long. */
export const AnyPassword = OneLine({ minLength: 1, maxLength: 1024 });
const NewPassword = OneLine({ minLength: 12, maxLength: 1024 });

const DAY_MS = 86_400_000;
/** A period in milliseconds, a minute to a leap year; a grace period may also be 0 (none). */
const Period = Type.Integer({ minimum: 60_000, maximum: 366 * DAY_MS });
const Grace = Type.Integer({ minimum: 0, maximum: 366 * DAY_MS });

const Overrides = Type.Object(
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
    meters: Type.Array(
      Type.Object(
        {
          meter: Name,
          limit: Type.Union([Quantity, Type.Null()]),
          overage: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 1_000_000_000,
              description: "How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out.",
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
const Metadata = Type.Array(Type.Object({ name: Name, value: FreeText({ maxLength: 1024 }) }, { additionalProperties: false }), { maxItems: 100 });
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

export const DeviceLicenseEdit = Type.Object({ ...settings, expectedRevision: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

const Activation = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]),
  fingerprint: Type.String(),
  deviceKeyThumbprint: Type.String(),
  deviceName: Type.Union([Type.String(), Type.Null()]),
  sdkVersion: Type.Union([Type.String(), Type.Null()], { description: 'null for an activation by typed codes.' }),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  channel: Type.Union([Type.Literal('offline'), Type.Literal('online'), Type.Literal('code')]),
  revision: Type.Integer(),
  licenseFileId: Type.String(),
  activatedAt: Type.String(),
  lastSeenAt: Type.String(),
  deactivatedAt: Type.Union([Type.String(), Type.Null()]),
  variables: Type.Union([Type.Array(Type.Object({ name: Type.String(), value: Type.String() })), Type.Null()]),
  activatedBy: Type.String({ description: 'device:<key thumbprint>, or license-user:<id> on a user-based license.' }),
  deactivatedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>).',
  }),
  deactivationSource: Type.Union([Type.Literal('device'), Type.Literal('vendor'), Type.Null()], {
    description: 'device: its own deactivation file; vendor: the vendor freed the slot.',
  }),
  deactivationReason: Type.Union([Type.Literal('deactivated'), Type.Literal('reset'), Type.Literal('blocked'), Type.Literal('user-removed'), Type.Null()]),
  deviceMayStillRun: Type.Boolean({
    description:
      'The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority.',
  }),
  lastOnlineAt: Type.Union([Type.String(), Type.Null()], { description: 'When the device last activated, validated or checked in online; null: never.' }),
  environment: Type.Union([Type.Object({ virtualMachine: Type.Boolean(), container: Type.Boolean() }), Type.Null()], {
    description: 'What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim).',
  }),
});

const BlockedDevice = Type.Object({
  fingerprint: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  blockedAt: Type.String(),
  blockedBy: Type.String(),
});

export const DeviceLicense = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()], { description: 'null for a trial: it belongs to no customer.' }),
  policyId: Type.Union([Type.String(), Type.Null()], { description: 'null for a trial under the default settings.' }),
  credential: Type.Union([Type.Literal('license-key'), Type.Literal('user'), Type.Literal('trial')]),
  licenseKeyHint: Type.Union([Type.String(), Type.Null()]),
  overrides: Overrides,
  settings: Type.Object(
    {
      kind: LicenseKind,
      allowOffline: Type.Boolean(),
      allowOnline: Type.Boolean(),
      maxActivations: MaxActivations,
      maxOfflineMs: Type.Union([Type.Integer(), Type.Null()]),
      offlineGraceMs: Type.Integer(),
      expiryGraceMs: Type.Integer(),
      meterAllotment: Type.Union([Type.Integer(), Type.Null()]),
      meterOveragePercent: Type.Integer(),
      allowVirtualMachines: Type.Boolean(),
    },
    { description: "The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md)." },
  ),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  entitlements: Entitlements,
  metadata: Metadata,
  revision: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  suspension: Type.Union([Type.Object({ at: Type.String(), by: Type.String(), reason: Type.Union([Type.String(), Type.Null()]) }), Type.Null()], {
    description: 'Set while the vendor suspends the license.',
  }),
  blockedDevices: Type.Array(BlockedDevice),
  users: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), createdAt: Type.String() })),
  activeActivations: Type.Integer(),
  activations: Type.Array(Activation),
  usage: Type.Array(Type.Object({ meter: Type.String(), total: Type.Integer() })),
  meters: Type.Array(
    Type.Object({
      meter: Type.String(),
      counted: Type.Integer({ description: "What the license's devices have reported consuming." }),
      limit: Type.Union([Type.Integer(), Type.Null()]),
      overage: Type.Integer({ description: 'The allowance beyond the limit.' }),
      reserved: Type.Integer({ description: 'What the devices hold allotted and have not reported consuming.' }),
    }),
    { description: 'Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices".' },
  ),
});

export const CreatedDeviceLicense = Type.Composite([
  DeviceLicense,
  Type.Object({ licenseKey: Type.Optional(Type.String({ description: 'The license key, shown this once: only its hash is kept.' })) }),
]);

export const LicenseParams = Type.Object({ licenseId: Uuid });
export const ActivationParams = Type.Object({ licenseId: Uuid, activationId: Uuid });
export const UserParams = Type.Object({ licenseId: Uuid, userId: Uuid });
export const BlockedDeviceParams = Type.Object({ licenseId: Uuid, fingerprint: Fingerprint });

const Reason = OneLine({ minLength: 1, maxLength: 500 });
export const SuspendInput = Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false });
export const BlockInput = Type.Object({ fingerprint: Fingerprint, reason: Type.Optional(Reason) }, { additionalProperties: false });
export const PasswordInput = Type.Object({ password: NewPassword }, { additionalProperties: false });
export const ResetAnswer = Type.Object({ licenseId: Type.String(), freed: Type.Integer({ description: 'How many active activations were freed.' }) });
export const BlockAnswer = Type.Composite([
  BlockedDevice,
  Type.Object({ freed: Type.Integer({ description: "How many of the device's active activations were freed." }) }),
]);
export const RemovedUserAnswer = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  freed: Type.Integer({ description: 'How many activations the user made were freed.' }),
});
export const ActivationOfLicense = Activation;

/** What a device learns of its activation when it validates or checks in. */
const DeviceStatus = Type.Union(
  [Type.Literal('active'), Type.Literal('deactivated'), Type.Literal('suspended'), Type.Literal('blocked'), Type.Literal('expired')],
  { description: 'active; deactivated (its slot was freed); suspended (the vendor suspended the license); blocked (the vendor blocked this device); expired.' },
);

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
/** A key or code a person typed: read forgivingly by the core, which refuses it with its own code. */
const Typed = OneLine({ minLength: 1, maxLength: 64 });
export const CodeActivationBody = Type.Object({ licenseKey: Typed, initializationCode: Typed }, { additionalProperties: false });
export const CodeDeactivationBody = Type.Object({ licenseKey: Typed, deactivationCode: Typed }, { additionalProperties: false });
export const CodeActivationAnswer = Type.Object({
  activationId: Type.String(),
  licenseId: Type.String(),
  activationCode: Type.String({ description: 'The activation code to type into the device, XXXXXX-XXXXXX-XXXXXX.' }),
  validUntil: Type.Union([Timestamp, Type.Null()], {
    description: "The end the code carries: the UTC midnight at or after the license's end; null when it never ends.",
  }),
  features: Type.Array(Type.String(), { description: "The license's features the code carries: those among the product's code features." }),
  revision: Type.Integer(),
});
export const CodeDeactivationAnswer = Type.Object({ licenseId: Type.String(), activationId: Type.String() });
export const DeactivationAnswer = Type.Object({
  licenseId: Type.String(),
  activationId: Type.String(),
  consumption: Type.Array(Type.Object({ meter: Type.String(), amount: Type.Integer() })),
});
export const ValidationAnswer = Type.Object({
  activationId: Type.String(),
  licenseId: Type.String(),
  status: DeviceStatus,
  revision: Type.Integer(),
  text: Type.Optional(Type.String({ description: 'A refresh file, when the license is newer than what the device holds or its meter allotments changed.' })),
  receipt: Type.String({
    description: 'The device check-in receipt (armoured) that answers this request: the device counts its offline period from its time.',
  }),
});
export const UsageReceipt = Type.Object({
  licenseId: Type.String(),
  activationId: Type.String(),
  sequence: Type.Integer(),
  counted: Type.Boolean({ description: 'False when this report had been counted already.' }),
  status: DeviceStatus,
  receipt: Type.String({ description: 'The device check-in receipt (armoured) that answers this report.' }),
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
    logoDataUri: Type.Optional(
      Type.String({ maxLength: LOGO_DATA_URI_CHARS, pattern: '^data:image/(png|jpeg|gif|webp|svg\\+xml);base64,[A-Za-z0-9+/]+={0,2}$' }),
    ),
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
