import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DeviceCredential } from '@airlock/core';
import { Fingerprint, Variables } from '@airlock/core/internal';

/**
 * Everything the SDK keeps about a device, as it sits (encrypted) in the store file. The
 * license is kept as the armoured files the authority signed, never as loose fields: every
 * open verifies them again, so nothing but a genuine license file can grant a feature.
 */

const Text = (maxLength: number) => Type.String({ maxLength });
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** A 32-byte key seed, base64url. */
const Seed = Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]+$' });

/** An activation request this device made and no license file has answered yet. */
const PendingRequest = Type.Object({ id: Name, credential: DeviceCredential }, { additionalProperties: false });

/** Consumption of one meter on this device since activation; `unreported` has not reached the authority. */
const MeterUsage = Type.Object({ meter: Name, used: Count, unreported: Count }, { additionalProperties: false });

const Amount = Type.Object({ meter: Name, amount: Count }, { additionalProperties: false });

const Activation = Type.Object(
  {
    status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]),
    /** How the device activated: a refresh over the API repeats it. */
    credential: DeviceCredential,
    /** The device license file, as installed. */
    licenseFile: Text(1_048_576),
    /** The newest refresh file applied, if any. */
    refreshFile: Type.Union([Text(1_048_576), Type.Null()]),
    /** The activation's id at the authority, when an online activation told it. */
    activationId: Type.Union([Name, Type.Null()]),
    consumption: Type.Array(MeterUsage, { maxItems: 500 }),
    /** The sequence number of the latest usage report made. */
    reportSequence: Count,
    /**
     * The recent usage reports made, each with the consumption reported through it (that
     * report and every earlier one), per meter: what a file's `reportedThrough` covers.
     */
    reports: Type.Optional(
      Type.Array(Type.Object({ sequence: Count, totals: Type.Array(Amount, { maxItems: 500 }) }, { additionalProperties: false }), { maxItems: 32 }),
    ),
    /**
     * What the reports up to the `reportedThrough` of the file in force carried, per meter,
     * worked out when the file was applied (so that reports forgotten since do not matter).
     */
    covered: Type.Optional(Type.Object({ reportedThrough: Count, totals: Type.Array(Amount, { maxItems: 500 }) }, { additionalProperties: false })),
    /** A usage report sent and not yet acknowledged: sent again, as it is, at the next check-in. */
    pendingReport: Type.Union([
      Type.Null(),
      Type.Object({ file: Text(1_048_576), consumption: Type.Array(Amount, { maxItems: 500 }) }, { additionalProperties: false }),
    ]),
    /**
     * The device's last contact with the authority (ms since the epoch, the authority's time):
     * the issue time of the newest check-in receipt verified, or of the license file installed.
     * Left out by stores written before it existed: the license file's issue time stands in.
     */
    lastContact: Type.Optional(Count),
    /** The deactivation file written when the device gave the license up, and whether it reached the authority. */
    deactivation: Type.Union([Type.Null(), Type.Object({ file: Text(1_048_576), submitted: Type.Boolean() }, { additionalProperties: false })]),
    /**
     * Set when the authority answered that the vendor suspended the license: `check()` answers
     * LICENSE_SUSPENDED until an answer says `active` again. Absent in stores written before.
     */
    suspended: Type.Optional(Type.Boolean()),
    /** Set on a deactivated activation when the authority answered that the vendor blocked this device. */
    blocked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** An initialization code shown and not answered yet: the key it was made for, and the wrong activation codes typed for it. */
const PendingCode = Type.Object({ licenseKey: Text(64), initializationCode: Text(32), failures: Count }, { additionalProperties: false });

/**
 * A license activated by typed codes, kept as the codes themselves (never as loose terms): every
 * open verifies the activation code's MAC again, as files are verified again.
 */
const CodeLicense = Type.Object(
  {
    status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]),
    licenseKey: Text(64),
    initializationCode: Text(32),
    activationCode: Text(32),
    /** The deactivation code shown when the license was given up, to show it again. */
    deactivationCode: Type.Union([Text(32), Type.Null()]),
  },
  { additionalProperties: false },
);

export const StoreState = Type.Object(
  {
    v: Type.Literal(1),
    product: Name,
    fingerprint: Fingerprint,
    keys: Type.Object({ signing: Seed, encryption: Seed }, { additionalProperties: false }),
    /** The latest time seen (ms since the epoch): a clock earlier than this, less the tolerance, was set back. */
    latestSeen: Count,
    /** The newest authority revocation list verified so far (compact JWS). */
    revocations: Type.Union([Text(1_048_576), Type.Null()]),
    pendingRequests: Type.Array(PendingRequest, { maxItems: 8 }),
    activation: Type.Union([Activation, Type.Null()]),
    variables: Variables,
    /** Activation by typed codes; absent from stores written before it. */
    pendingCode: Type.Optional(Type.Union([PendingCode, Type.Null()])),
    codeLicense: Type.Optional(Type.Union([CodeLicense, Type.Null()])),
  },
  { additionalProperties: false },
);

export type StoreState = Static<typeof StoreState>;
export type Activation = Static<typeof Activation>;
export type MeterUsage = Static<typeof MeterUsage>;
export type PendingRequest = Static<typeof PendingRequest>;
export type CodeLicense = Static<typeof CodeLicense>;

/** How many unanswered activation requests a device remembers (the newest ones). */
export const MAX_PENDING_REQUESTS = 8;

const checker = TypeCompiler.Compile(StoreState);

/** The first way the value differs from a store state, or undefined when it is one. */
export function storeStateProblem(value: unknown): string | undefined {
  if (checker.Check(value)) return undefined;
  const first = checker.Errors(value).First();
  return first ? `${first.path || '/'}: ${first.message}` : 'not a store state';
}
