import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, Id, Quantity } from '../encoding/schema.ts';

/**
 * Claim shapes shared by several kinds of document. A site's license is a list of
 * entitlements per license type; a device's is a set of features and metered limits.
 */

/** How a license type is counted: seats in assigned users, meters in consumption, features on/off. */
const LicenseTypeCategory = Type.Union([Type.Literal('seat'), Type.Literal('meter'), Type.Literal('feature')]);

/** One license type granted to a site, e.g. `{ type: 'bot-runner', category: 'seat', quantity: 10 }`. */
export const SiteEntitlement = Type.Object({ type: Id, category: LicenseTypeCategory, quantity: Quantity }, { additionalProperties: false });
export const SiteEntitlements = Type.Array(SiteEntitlement, { maxItems: 500 });
export type SiteEntitlement = Static<typeof SiteEntitlement>;

/** An amount of a meter the authority works out (a total, an allowance): any whole number from 0. */
const Amount = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/**
 * One meter of a device license: its limit (null for unlimited) and, in the files the
 * authority issues, the device's share of it (docs/devices.md, "Meter limits shared by
 * devices"): `overage`, the soft allowance beyond the limit; `counted`, the license's total
 * (all devices) the authority had counted when it issued the file; `allotment`, how much this
 * device may consume beyond what the file's `reportedThrough` covers (null when unlimited).
 * Files of earlier releases carry none of them: overage 0, counted 0, allotment = limit.
 */
export const DeviceMeter = Type.Object(
  {
    meter: Id,
    limit: Type.Union([Quantity, Type.Null()]),
    overage: Type.Optional(Amount),
    counted: Type.Optional(Amount),
    allotment: Type.Optional(Type.Union([Amount, Type.Null()])),
  },
  { additionalProperties: false },
);
export type DeviceMeter = Static<typeof DeviceMeter>;

/** What a device may do: features, and meters with their limits (null for unlimited). */
export const DeviceEntitlements = Type.Object(
  {
    features: Type.Array(Id, { maxItems: 500 }),
    meters: Type.Array(DeviceMeter, { maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type DeviceEntitlements = Static<typeof DeviceEntitlements>;

/** The kind of an order's item (docs/design.md, F5): what decides whether it survives a merge. */
const OrderItemKind = Type.Union([Type.Literal('permanent'), Type.Literal('term'), Type.Literal('pilot'), Type.Literal('temporary')]);

/** One item of an order or of an activated license. Every kind but `permanent` has an expiry. */
export const LicenseItem = Type.Object(
  {
    product: Id,
    licenseType: Id,
    quantity: Quantity,
    kind: OrderItemKind,
    expiresOn: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);
export const LicenseItems = Type.Array(LicenseItem, { maxItems: 500 });
export type LicenseItem = Static<typeof LicenseItem>;

/** Free-form, bounded metadata a vendor attaches to a license or a device records. */
export const Variables = Type.Array(Type.Object({ name: Id, value: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }), { maxItems: 100 });
