import type { FastifyInstance } from 'fastify';
import type { AuthorityDeps } from '../../deps.ts';
import { deliveriesQueuedSoFar } from './enqueue-deliveries.ts';
import { createWebhookSender } from './webhook-sender.ts';
import { timingsOf } from './webhook-settings.ts';

/**
 * This replica's webhook sender (README, "Webhooks"): it runs at start (what was queued while the
 * authority was down), every `pollMs` (retries due, events recorded outside a request or by
 * another replica), and after every change answered, whatever its route: a delivery written in
 * the change's transaction leaves as soon as the answer is sent. It is registered on the app
 * itself, not inside a feature, for its hooks to see every request (a feature's hooks see only
 * its own routes). Nothing runs without webhook settings, or with `autoSend: false`.
 */
export function sendWebhooksAfterChanges(app: FastifyInstance, deps: AuthorityDeps): void {
  const settings = deps.webhooks;
  if (!settings || settings.autoSend === false) return;
  const timings = timingsOf(settings);
  const sender = createWebhookSender({
    db: deps.db,
    clock: deps.clock,
    random: deps.random,
    sealing: settings.sealing,
    timeoutMs: timings.timeoutMs,
    retry: timings.retry,
  });
  const deliverSoon = () => {
    sender.kick().then(
      (report) => {
        if (report.retrying + report.failed > 0) app.log.warn({ webhooks: report }, "some webhook deliveries failed: see the endpoints' delivery logs");
      },
      (error: unknown) => app.log.error({ err: error }, 'delivering webhooks failed'),
    );
  };
  let timer: NodeJS.Timeout | undefined;
  let closing = false;
  app.addHook('onReady', async () => {
    deliverSoon();
    timer = setInterval(deliverSoon, timings.pollMs).unref();
  });
  // A change answered has committed: what it queued leaves now rather than at the next poll —
  // when anything was queued while the request ran, so requests that publish nothing cost nothing.
  // Callback hooks: they run on every request (docs/design.md, "A lean read path").
  const queuedAtStart = new WeakMap<object, number>();
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') queuedAtStart.set(request, deliveriesQueuedSoFar());
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const before = queuedAtStart.get(request);
    if (!closing && before !== undefined && reply.statusCode < 400 && deliveriesQueuedSoFar() !== before) deliverSoon();
    done();
  });
  app.addHook('onClose', async () => {
    closing = true;
    clearInterval(timer);
    await sender.idle();
  });
}
