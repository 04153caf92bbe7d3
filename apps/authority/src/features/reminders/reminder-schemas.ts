import { Type } from '@sinclair/typebox';
import { Slug } from '../../http/schemas.ts';

const ReminderKindSchema = Type.Union([Type.Literal('account'), Type.Literal('device-license'), Type.Literal('olf-due')], {
  description:
    "`account`: the customer account ends; `device-license`: a device license ends; `olf-due`: a site tenant's offline license runs out (its next LFR is due).",
});

export const ReminderPreferencesSchema = Type.Object({
  customerId: Slug,
  contactEmail: Type.String({ description: "Where reminders go: the customer's contact e-mail." }),
  preferences: Type.Array(
    Type.Object({
      kind: ReminderKindSchema,
      subscribed: Type.Boolean(),
      unsubscribedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      unsubscribedBy: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const ReminderChangesSchema = Type.Object(
  {
    account: Type.Optional(Type.Boolean()),
    'device-license': Type.Optional(Type.Boolean()),
    'olf-due': Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'The kinds to switch on (true) or off (false); the kinds left out stay as they are.' },
);

export const ReminderSchema = Type.Object({
  id: Type.String(),
  kind: ReminderKindSchema,
  objectId: Type.String({ description: 'The customer id, the device license id, or `<site GUID>/<tenant>`.' }),
  dueAt: Type.String({ format: 'date-time', description: 'When it lapses.' }),
  threshold: Type.Integer({ description: 'The threshold (days before) the reminder was for.' }),
  daysLeft: Type.Integer(),
  mailed: Type.Boolean({ description: 'False when the customer had unsubscribed from the kind: the reminder was audited, not mailed.' }),
  decidedAt: Type.String({ format: 'date-time' }),
});

export const CustomerParams = Type.Object({ customerId: Slug });

/** Unsubscribe tokens are base64url text with one dot; anything else is refused before it is checked. */
export const TokenQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 1024, pattern: '^[A-Za-z0-9_.-]+$' }) }, { additionalProperties: false });

export const UnsubscribeTarget = Type.Object({
  customerId: Slug,
  customerName: Type.String(),
  kind: ReminderKindSchema,
  subscribed: Type.Boolean(),
});
