import { Problem, LIST_BODY_LIMIT } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf, type Principal } from '../../http/permissions.ts';
import type { Feature } from '../feature.ts';
import { activateOrder } from './activate-order.ts';
import { createLetterSender } from './mail-outbox.ts';
import { ORDER_LIST, getOrder, listOrderPage, listOrders } from './order-reads.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';
import { Activation, ActivationInput, CustomerParams, Order, OrderInput, OrderParams, ResendInput } from './order-schemas.ts';
import { createOrder, resendLicenseLetter } from './orders.ts';

/**
 * Orders, license letters and activations (docs/design.md, F5).
 *
 * Who may activate: vendor staff with `licenses:write` on `POST /v1/activations`, for any
 * customer's order (the vendor activates on a customer's behalf, e.g. on the phone); a
 * customer's users on `POST /v1/customers/{customerId}/activations`, for that customer's orders
 * only. The customer-scoped path lets the one access rule of every portal route apply (another
 * customer's id is NOT_FOUND before anything runs), and the use case then looks the LRN up among
 * that customer's orders only, so another customer's LRN is as unknown as a made-up one.
 */
export const orderRoutes: Feature = async (app, { deps }) => {
  const mail = deps.mail ?? {};
  const sender = mail.sender ?? createLetterSender({ db: deps.db, clock: deps.clock });
  const mailConfigured = sender.configured;
  const orderDeps = { db: deps.db, random: deps.random, publicUrl: mail.publicUrl };
  const by = (request: { principal: Principal; id: string }) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() });
  /** Sends what is due without holding up the answer; what failed stays in the outbox and its order read. */
  const deliverSoon = () => {
    sender.kick().then(
      (report) => {
        if (report.retrying + report.failed > 0) app.log.warn({ letters: report }, 'some license letters could not be sent: see the letters of their orders');
      },
      (error: unknown) => app.log.error({ err: error }, 'delivering license letters failed'),
    );
  };

  if (sender.configured) {
    let timer: NodeJS.Timeout | undefined;
    // Letters queued while this authority was down, or before SMTP was configured, leave at start.
    app.addHook('onReady', async () => {
      deliverSoon();
      if (mail.retryEveryMs) timer = setInterval(deliverSoon, mail.retryEveryMs).unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await sender.idle();
    });
  }

  app.post(
    '/v1/customers/:customerId/orders',
    {
      bodyLimit: LIST_BODY_LIMIT,
      config: { access: { permission: 'licenses:write' } },
      schema: {
        tags: ['orders'],
        summary: 'Create an order: a unique LRN, the order license, and a license letter to the customer',
        description:
          "The license letter (LRN, items, how to activate) goes to the customer's contact e-mail through the mail outbox: the order is kept even when mail is down, and the letter leaves once it is back.",
        params: CustomerParams,
        body: OrderInput,
        response: { 201: Order, 400: Problem, 404: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params;
      const created = await createOrder(orderDeps, customerId, request.body.items, by(request));
      deliverSoon();
      return reply.status(201).send(await getOrder(deps.db, customerId, created.id, { mailConfigured }));
    },
  );

  app.get(
    '/v1/customers/:customerId/orders',
    {
      config: { access: { permission: 'licenses:read', customer: true } },
      schema: {
        tags: ['orders'],
        summary: "The customer's orders, newest first, with activation and letters, a page at a time",
        description:
          'With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `createdAt` (default `-createdAt`) or `id`, searched by a prefix of the order id or LRN. ' +
          'Without any of them: every order, newest first, as a bare array (deprecated; it will be removed).',
        params: CustomerParams,
        querystring: PageQuery(ORDER_LIST),
        response: { 200: Type.Union([PageOf(Order, "The customer's orders matching `q`, counted on every page."), Type.Array(Order)]), 400: Problem },
      },
    },
    async (request) =>
      wantsPage(request.query)
        ? listOrderPage(deps.db, request.params.customerId, readPaging(ORDER_LIST, request.query), { mailConfigured })
        : listOrders(deps.db, request.params.customerId, { mailConfigured }),
  );

  app.get(
    '/v1/customers/:customerId/orders/:orderId',
    {
      config: { access: { permission: 'licenses:read', customer: true } },
      schema: {
        tags: ['orders'],
        summary: 'One order: its LRN, items, activation and license letters',
        params: OrderParams,
        response: { 200: Order, 404: Problem },
      },
    },
    async (request) => getOrder(deps.db, request.params.customerId, request.params.orderId, { mailConfigured }),
  );

  app.post(
    '/v1/customers/:customerId/orders/:orderId/letters',
    {
      config: { access: { permission: 'licenses:write' } },
      schema: {
        tags: ['orders'],
        summary: "Send the order's license letter again, to the customer's contact or to the address given",
        params: OrderParams,
        body: ResendInput,
        response: { 201: Order, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { customerId, orderId } = request.params;
      await resendLicenseLetter(orderDeps, customerId, orderId, request.body.to, by(request));
      deliverSoon();
      return reply.status(201).send(await getOrder(deps.db, customerId, orderId, { mailConfigured }));
    },
  );

  const activationSchema = {
    tags: ['orders'],
    body: ActivationInput,
    response: { 200: Activation, 201: Activation, 400: Problem, 404: Problem, 409: Problem },
  };
  const activationDeps = { db: deps.db, keys: deps.keys, random: deps.random };

  app.post(
    '/v1/activations',
    {
      config: { access: { permission: 'licenses:write' } },
      schema: {
        ...activationSchema,
        summary: "Activate any customer's order for a site tenant: LRN + RK give the signed activated license",
        description: 'The same LRN and RK again answer 200 with the same license; a new activation answers 201.',
      },
    },
    async (request, reply) => {
      const activation = await activateOrder(activationDeps, request.body, by(request));
      return reply.status(activation.repeated ? 200 : 201).send(activation);
    },
  );

  app.post(
    '/v1/customers/:customerId/activations',
    {
      config: { access: { permission: 'licenses:write', customer: true } },
      schema: {
        ...activationSchema,
        summary: "Activate one of the customer's orders for a site tenant: LRN + RK give the signed activated license",
        description:
          "Only this customer's LRNs: another customer's is LRN_NOT_FOUND. The same LRN and RK again answer 200 with the same license; a new activation answers 201.",
        params: CustomerParams,
      },
    },
    async (request, reply) => {
      const activation = await activateOrder(activationDeps, { ...request.body, customerId: request.params.customerId }, by(request));
      return reply.status(activation.repeated ? 200 : 201).send(activation);
    },
  );
};
