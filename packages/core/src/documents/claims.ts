import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, Id, Name, Quantity } from '../encoding/schema.ts';

/**
 * Claim shapes shared by several kinds of document. A site's license is a list of
 * entitlements per license type; a device's is a set of features and metered limits.
 */

/** How a license type is counted: seats in assigned users, meters in consumption, features on/off. */
export const LicenseTypeCategory = Type.Union([Type.Literal('seat'), Type.Literal('meter'), Type.Literal('feature')]);

/** One license type granted to a site, e.g. `{ type: 'bot-runner', category: 'seat', quantity: 10 }`. */
export const SiteEntitlement = Type.Object(
  { type: Id, category: LicenseTypeCategory, quantity: Quantity },
  { additionalProperties: false },
);
export const SiteEntitlements = Type.Array(SiteEntitlement, { maxItems: 500 });
export type SiteEntitlement = Static<typeof SiteEntitlement>;

/** What a device may do: features, and meters with their limits (null for unlimited). */
export const DeviceEntitlements = Type.Object(
  {
    features: Type.Array(Id, { maxItems: 500 }),
    meters: Type.Array(
      Type.Object({ meter: Id, limit: Type.Union([Quantity, Type.Null()]) }, { additionalProperties: false }),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export type DeviceEntitlements = Static<typeof DeviceEntitlements>;

/** The kind of an order's item (SPEC F5): what decides whether it survives a merge. */
export const OrderItemKind = Type.Union([
  Type.Literal('permanent'),
  Type.Literal('term'),
  Type.Literal('pilot'),
  Type.Literal('temporary'),
]);

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
export const Variables = Type.Array(
  Type.Object({ name: Id, value: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
  { maxItems: 100 },
);

export const DisplayName = Name;
