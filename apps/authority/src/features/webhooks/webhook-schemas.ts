import { Type } from '@sinclair/typebox';
import { OneLine } from '../../http/schemas.ts';

/** The shapes of the webhook routes, and so of the OpenAPI document's `webhooks` tag. */
const EventPattern = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^(\\*|[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*(\\.\\*)?)$',
  description: 'An event type, `prefix.*` or `*`.',
});
const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  pattern: '^[^\\s]+$',
  description: 'https, or http to this machine (or anywhere with AIRLOCK_WEBHOOK_ALLOW_HTTP=1).',
});
const Description = OneLine({ maxLength: 500 });
const Events = Type.Array(EventPattern, { minItems: 1, maxItems: 100 });

export const WebhookParams = Type.Object({ webhookId: Type.String({ pattern: '^we_[A-Za-z0-9_-]{1,100}$' }) }, { additionalProperties: false });
export const DeliveryParams = Type.Object(
  { webhookId: Type.String({ pattern: '^we_[A-Za-z0-9_-]{1,100}$' }), deliveryId: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) },
  { additionalProperties: false },
);

export const WebhookInput = Type.Object(
  { url: Url, description: Type.Optional(Description), events: Events, enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const WebhookChange = Type.Object(
  { url: Type.Optional(Url), description: Type.Optional(Description), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()], { description: 'Why the authority disabled it after repeated failure; null otherwise.' }),
  consecutiveFailures: Type.Integer(),
  failingSince: Type.Union([Type.String(), Type.Null()]),
  previousSecretExpiresAt: Type.Union([Type.String(), Type.Null()], { description: 'Until when the secret replaced by the last rotation still signs.' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const WebhookWithSecret = Type.Object({
  endpoint: Webhook,
  secret: Type.String({ description: 'The signing secret (`whsec_…`): shown only now.' }),
});

const Attempt = Type.Object({
  at: Type.String(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer(),
});

export const Delivery = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  object: Type.Object({ type: Type.String(), id: Type.String() }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  payload: Type.String({ description: 'The body as sent and signed.' }),
  log: Type.Array(Attempt, { description: 'The last attempts (at most 20), oldest first.' }),
});

export const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('delivered'), Type.Literal('failed')])),
    limit: Type.Optional(Type.String({ pattern: '^(200|1[0-9]{2}|[1-9][0-9]?)$', description: 'How many, 1 to 200 (default 50).' })),
    before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'Only deliveries older than this id (the next page).' })),
  },
  { additionalProperties: false },
);

export const EventTypeList = Type.Array(Type.Object({ type: Type.String(), description: Type.String() }));
