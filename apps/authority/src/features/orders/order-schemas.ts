import { Type } from '@sinclair/typebox';
import { CalendarDate, OneLine, Slug, Uuid } from '../../http/schemas.ts';

/** Shapes of the orders feature's requests and answers (and so of the OpenAPI document). */

const ItemKind = Type.Union([Type.Literal('permanent'), Type.Literal('term'), Type.Literal('pilot'), Type.Literal('temporary')]);

const OrderItem = Type.Object(
  {
    product: Slug,
    licenseType: Slug,
    // Any number: a fraction or a negative is the domain's ORDER_ITEM_INVALID, with every bad item named.
    quantity: Type.Number(),
    kind: ItemKind,
    /** The last day the item is valid (UTC); every kind but permanent has one. */
    expiresOn: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);

export const OrderInput = Type.Object({ items: Type.Array(OrderItem, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false });

const Letter = Type.Object({
  id: Uuid,
  to: Type.String(),
  subject: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  queuedAt: Type.String({ format: 'date-time' }),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  waiting: Type.Union([Type.String(), Type.Null()]),
});

export const Order = Type.Object({
  id: Uuid,
  customerId: Slug,
  lrn: Type.String(),
  items: Type.Array(OrderItem),
  createdAt: Type.String({ format: 'date-time' }),
  orderLicense: Type.String(),
  activation: Type.Union([
    Type.Object({
      registrationKey: Type.String(),
      licenseId: Type.String(),
      revision: Type.Integer(),
      activatedAt: Type.String({ format: 'date-time' }),
      activatedBy: Type.String(),
    }),
    Type.Null(),
  ]),
  letters: Type.Array(Letter),
});

export const ResendInput = Type.Object(
  { to: Type.Optional(Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' })) },
  { additionalProperties: false },
);

export const ActivationInput = Type.Object(
  {
    // Loose on purpose: people type LRNs and RKs with spaces, any case, look-alike letters; the
    // use case reads them forgivingly and names a real mistake with its own code.
    lrn: OneLine({ minLength: 1, maxLength: 200 }),
    registrationKey: OneLine({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const Activation = Type.Object({
  orderId: Uuid,
  customerId: Slug,
  lrn: Type.String(),
  registrationKey: Type.String(),
  text: Type.String(),
  licenseId: Type.String(),
  revision: Type.Integer(),
  latestRevision: Type.Integer(),
  items: Type.Array(OrderItem),
  lrns: Type.Array(Type.String()),
  activatedAt: Type.String({ format: 'date-time' }),
  repeated: Type.Boolean(),
});

export const CustomerParams = Type.Object({ customerId: Slug });
export const OrderParams = Type.Object({ customerId: Slug, orderId: Uuid });
