import { Problem } from '@airlock/http';
import { AirlockError } from '@airlock/core';
import { actorOf, type Principal } from '../../http/permissions.ts';
import type { Feature } from '../feature.ts';
import { eventCatalogue } from './event-catalogue.ts';
import { getDelivery, listDeliveries, redeliver } from './webhook-deliveries.ts';
import { createEndpoint, getEndpoint, listEndpoints, rotateEndpointSecret, updateEndpoint, type EndpointDeps } from './webhook-endpoints.ts';
import {
  Delivery,
  DeliveryParams,
  DeliveryQuery,
  EventTypeList,
  Webhook,
  WebhookChange,
  WebhookInput,
  WebhookParams,
  WebhookWithSecret,
} from './webhook-schemas.ts';

/**
 * Webhooks (README, "Webhooks"): the vendor's endpoints, their delivery log and redelivery. This
 * replica's sender is `sendWebhooksAfterChanges`, registered on the app itself.
 */
export const webhookRoutes: Feature = async (app, { deps }) => {
  const settings = deps.webhooks;
  const by = (request: { principal: Principal; id: string }) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() });
  const endpointDeps = (): EndpointDeps => {
    if (!settings) throw new AirlockError('WEBHOOKS_NOT_CONFIGURED', {});
    return { db: deps.db, random: deps.random, sealing: settings.sealing, allowHttp: settings.allowHttp ?? false };
  };

  app.get(
    '/v1/webhooks/event-types',
    {
      config: { access: { permission: 'webhooks:read' } },
      schema: {
        tags: ['webhooks'],
        summary: 'The event types webhooks can subscribe to',
        description:
          'An endpoint subscribes to exact types, `prefix.*` or `*`. Audited actions not listed here (sign-ins, passwords, tokens, keys) never leave the authority.',
        response: { 200: EventTypeList },
      },
    },
    async () => [...eventCatalogue],
  );

  app.get(
    '/v1/webhooks',
    {
      config: { access: { permission: 'webhooks:read' } },
      schema: { tags: ['webhooks'], summary: 'The webhook endpoints, oldest first', response: { 200: { type: 'array', items: Webhook } } },
    },
    async () => listEndpoints(deps.db, deps.clock.now()),
  );

  app.post(
    '/v1/webhooks',
    {
      config: { access: { permission: 'webhooks:write' } },
      schema: {
        tags: ['webhooks'],
        summary: 'Register a webhook endpoint; its signing secret is answered this once',
        body: WebhookInput,
        response: { 201: WebhookWithSecret, 400: Problem, 503: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await createEndpoint(endpointDeps(), request.body, by(request))),
  );

  app.get(
    '/v1/webhooks/:webhookId',
    {
      config: { access: { permission: 'webhooks:read' } },
      schema: { tags: ['webhooks'], summary: 'A webhook endpoint', params: WebhookParams, response: { 200: Webhook, 404: Problem } },
    },
    async (request) => getEndpoint(deps.db, request.params.webhookId, deps.clock.now()),
  );

  app.patch(
    '/v1/webhooks/:webhookId',
    {
      config: { access: { permission: 'webhooks:write' } },
      schema: {
        tags: ['webhooks'],
        summary: 'Change, disable or enable a webhook endpoint',
        description: 'Enabling an endpoint clears its failure count; its queued deliveries then leave, in order.',
        params: WebhookParams,
        body: WebhookChange,
        response: { 200: Webhook, 400: Problem, 404: Problem, 503: Problem },
      },
    },
    async (request) => updateEndpoint(endpointDeps(), request.params.webhookId, request.body, by(request)),
  );

  app.post(
    '/v1/webhooks/:webhookId/rotate-secret',
    {
      config: { access: { permission: 'webhooks:write' } },
      schema: {
        tags: ['webhooks'],
        summary: 'Make a new signing secret; the previous one keeps signing for 24 hours',
        params: WebhookParams,
        response: { 200: WebhookWithSecret, 404: Problem, 503: Problem },
      },
    },
    async (request) => rotateEndpointSecret(endpointDeps(), request.params.webhookId, by(request)),
  );

  app.get(
    '/v1/webhooks/:webhookId/deliveries',
    {
      config: { access: { permission: 'webhooks:read' } },
      schema: {
        tags: ['webhooks'],
        summary: "An endpoint's delivery log, newest first, with each delivery's attempts",
        params: WebhookParams,
        querystring: DeliveryQuery,
        response: { 200: { type: 'array', items: Delivery }, 404: Problem },
      },
    },
    async (request) =>
      listDeliveries(deps.db, request.params.webhookId, {
        status: request.query.status,
        before: request.query.before,
        limit: Number(request.query.limit ?? '50'),
      }),
  );

  app.get(
    '/v1/webhooks/:webhookId/deliveries/:deliveryId',
    {
      config: { access: { permission: 'webhooks:read' } },
      schema: { tags: ['webhooks'], summary: 'One delivery with its attempts', params: DeliveryParams, response: { 200: Delivery, 404: Problem } },
    },
    async (request) => getDelivery(deps.db, request.params.webhookId, request.params.deliveryId),
  );

  app.post(
    '/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
    {
      config: { access: { permission: 'webhooks:write' } },
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivery again, now, with the same event id',
        params: DeliveryParams,
        response: { 200: Delivery, 404: Problem },
      },
    },
    async (request) => redeliver(deps.db, request.params.webhookId, request.params.deliveryId, by(request)),
  );
};
