import type { Random } from '@airlock/core';
import type { Clock, SealingKey } from '@airlock/core/internal';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { WebhookDeliveryTable } from '../../db/schema.ts';
import { serialRounds } from '../../db/serial-rounds.ts';
import { recordAudit } from '../../http/audit.ts';
import { DISABLE_AFTER_MS, DISABLE_MIN_FAILURES, GIVE_UP_AFTER_MS, retryDelay, type RetrySchedule } from './webhook-backoff.ts';
import { signingSecrets, type EndpointRow } from './webhook-endpoints.ts';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.ts';

/**
 * The webhook outbox's sender for one replica (README, "Webhooks"), on the pattern of the mail
 * outbox (features/orders/mail-outbox.ts):
 * - a claim marks due deliveries (`FOR UPDATE … SKIP LOCKED`, so two replicas never claim the
 *   same row) as being sent until `now + lease`, in a short transaction of its own; the lease
 *   outlasts one POST with its timeout, so no row is sent by two replicas at once;
 * - a delivery is due only when no earlier delivery of the same object to the same endpoint is
 *   still queued: events of one object arrive in order, a later one waiting until the earlier
 *   one is delivered or given up;
 * - each claimed delivery is POSTed, signed; 2xx is delivered, anything else (another status,
 *   a refused connection, the timeout) is logged and retried with backoff and jitter, until
 *   `GIVE_UP_AFTER_MS` after the event, when it is given up (`failed`; redelivery brings it back);
 * - an endpoint to which every attempt failed for `DISABLE_AFTER_MS` (and at least
 *   `DISABLE_MIN_FAILURES` times) is disabled and `webhook.disabled` audited; its queued
 *   deliveries wait until it is enabled again;
 * - a replica that dies mid-send leaves its claim to expire, and another sends the row then:
 *   an event may arrive twice, never zero times, with the same `Airlock-Event-Id`.
 * Every time comes from the injected clock, so tests drive retries and disabling without waiting.
 */

const BATCH = 20;

export interface WebhookPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** One POST's outcome: the status answered, or why there was none. */
export type PostOutcome = { readonly status: number } | { readonly error: string };

export interface WebhookSenderDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: Random;
  readonly sealing: SealingKey;
  readonly timeoutMs: number;
  readonly retry: RetrySchedule;
  /** How a POST is made: `fetch` by default; tests may watch it. */
  readonly post?: ((request: WebhookPost) => Promise<PostOutcome>) | undefined;
}

export interface SendReport {
  readonly delivered: number;
  readonly retrying: number;
  readonly failed: number;
}

export interface WebhookSender {
  /** Claims and sends every delivery due now (batch after batch), then says what happened. */
  deliverPending(): Promise<SendReport>;
  /** Starts a delivery round after a commit; rounds never overlap on one replica. */
  kick(): Promise<SendReport>;
  /** Resolves when no round is under way (before the database closes). */
  idle(): Promise<void>;
}

type DeliveryRow = Selectable<WebhookDeliveryTable>;
type Outcome = 'delivered' | 'retrying' | 'failed';

/** How long a claim holds: two timeouts and a margin, so a POST always ends within its lease. */
function leaseOf(timeoutMs: number): number {
  return 2 * timeoutMs + 1000;
}

/**
 * @example
 * ```ts
 * const sender = createWebhookSender({ db, clock, random, sealing, timeoutMs: 10_000, retry: defaultRetrySchedule });
 * await sender.deliverPending(); // { delivered: 1, retrying: 0, failed: 0 }
 * ```
 */
export function createWebhookSender(deps: WebhookSenderDeps): WebhookSender {
  const post = deps.post ?? fetchPost;
  const deliverAll = async (): Promise<SendReport> => {
    const report = { delivered: 0, retrying: 0, failed: 0 };
    for (;;) {
      const claimed = await claimDue(deps.db, deps.clock.now(), leaseOf(deps.timeoutMs));
      if (claimed.length === 0) return report;
      const endpoints = await endpointsOf(deps.db, claimed);
      // Each claimed row is the first queued one of its object for its endpoint: they may go together.
      const outcomes = await Promise.all(claimed.map((row) => deliver(deps, post, row, endpoints.get(row.endpoint_id))));
      for (const outcome of outcomes) report[outcome]++;
      if (claimed.length < BATCH) return report;
    }
  };

  const rounds = serialRounds(deliverAll);
  return { deliverPending: rounds.run, kick: rounds.kick, idle: rounds.idle };
}

async function claimDue(db: Db, now: Date, leaseMs: number): Promise<DeliveryRow[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select('d.id')
      .where('d.status', '=', 'queued')
      .where('e.enabled', '=', true)
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.claimed_until', 'is', null), eb('d.claimed_until', '<=', now)]))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('webhook_deliveries as p')
              .select('p.id')
              .whereRef('p.endpoint_id', '=', 'd.endpoint_id')
              .whereRef('p.object_type', '=', 'd.object_type')
              .whereRef('p.object_id', '=', 'd.object_id')
              .where('p.status', '=', 'queued')
              .whereRef('p.id', '<', 'd.id'),
          ),
        ),
      )
      .orderBy('d.id')
      .limit(BATCH)
      .forUpdate('d')
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({ claimed_until: new Date(now.getTime() + leaseMs), attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
  });
}

async function endpointsOf(db: Db, rows: readonly DeliveryRow[]): Promise<Map<string, EndpointRow>> {
  const ids = [...new Set(rows.map((row) => row.endpoint_id))];
  const endpoints = await db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', ids).execute();
  return new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
}

async function deliver(
  deps: WebhookSenderDeps,
  post: (request: WebhookPost) => Promise<PostOutcome>,
  row: DeliveryRow,
  endpoint: EndpointRow | undefined,
): Promise<Outcome> {
  if (!endpoint) throw new Error(`webhook delivery ${row.id} has no endpoint`);
  const sentAt = deps.clock.now();
  const started = performance.now();
  const outcome = await post({
    url: endpoint.url,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Airlock-Webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(signingSecrets(deps.sealing, endpoint, sentAt), sentAt, row.payload),
      'Airlock-Event-Id': row.event_id,
      'Airlock-Event-Type': row.event_type,
    },
    body: row.payload,
    timeoutMs: deps.timeoutMs,
  });
  const durationMs = Math.round(performance.now() - started);
  const ok = 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
  const statusCode = 'status' in outcome ? outcome.status : null;
  const error = ok ? null : 'error' in outcome ? outcome.error : `the receiver answered HTTP ${outcome.status}`;
  return recordOutcome(deps, row, { ok, statusCode, error, durationMs });
}

async function recordOutcome(
  deps: WebhookSenderDeps,
  row: DeliveryRow,
  attempt: { ok: boolean; statusCode: number | null; error: string | null; durationMs: number },
): Promise<Outcome> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({ delivery_id: row.id, at: now, status_code: attempt.statusCode, error: attempt.error, duration_ms: attempt.durationMs })
      .execute();
    const giveUp = !attempt.ok && now.getTime() - row.created_at.getTime() >= GIVE_UP_AFTER_MS;
    const outcome: Outcome = attempt.ok ? 'delivered' : giveUp ? 'failed' : 'retrying';
    // Only while the claim is still this replica's: a row whose lease ran out and was claimed
    // again belongs to the other replica's attempt now.
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status: outcome === 'retrying' ? 'queued' : outcome,
        claimed_until: null,
        last_status_code: attempt.statusCode,
        last_error: attempt.error,
        next_attempt_at: outcome === 'retrying' ? new Date(now.getTime() + retryDelay(deps.retry, row.attempts, deps.random)) : now,
        delivered_at: attempt.ok ? now : null,
      })
      .where('id', '=', row.id)
      .where('claimed_until', '=', row.claimed_until)
      .execute();
    if (attempt.ok) {
      await trx.updateTable('webhook_endpoints').set({ consecutive_failures: 0, failing_since: null }).where('id', '=', row.endpoint_id).execute();
      return outcome;
    }
    const endpoint = await trx
      .updateTable('webhook_endpoints')
      .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1), failing_since: eb.fn.coalesce('failing_since', eb.val(now)) }))
      .where('id', '=', row.endpoint_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const failingFor = now.getTime() - (endpoint.failing_since ?? now).getTime();
    if (endpoint.enabled && endpoint.consecutive_failures >= DISABLE_MIN_FAILURES && failingFor >= DISABLE_AFTER_MS) {
      const reason = `every attempt failed since ${(endpoint.failing_since ?? now).toISOString()} (${endpoint.consecutive_failures} in a row); the last: ${attempt.error ?? ''}`;
      await trx.updateTable('webhook_endpoints').set({ enabled: false, disabled_reason: reason, updated_at: now }).where('id', '=', endpoint.id).execute();
      await recordAudit(trx, {
        actor: 'system',
        action: 'webhook.disabled',
        objectType: 'webhook',
        objectId: endpoint.id,
        before: { enabled: true },
        after: {
          enabled: false,
          url: endpoint.url,
          reason,
          consecutiveFailures: endpoint.consecutive_failures,
          failingSince: endpoint.failing_since?.toISOString() ?? null,
        },
        at: now,
      });
    }
    return outcome;
  });
}

/** A POST with `fetch`: redirects are not followed (a 3xx is a failure), the body is not read. */
async function fetchPost(request: WebhookPost): Promise<PostOutcome> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    return { status: response.status };
  } catch (error) {
    return { error: describeFailure(error, request.timeoutMs) };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return `${cause.message}`;
  return error instanceof Error ? error.message : String(error);
}
