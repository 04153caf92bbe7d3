import type { SealingKey } from '@airlock/core/internal';
import { defaultRetrySchedule, type RetrySchedule } from './webhook-backoff.ts';

/**
 * What the webhooks feature needs, in `AuthorityDeps.webhooks`: the key that seals endpoint
 * secrets at rest (derived from the authority's key passphrase, like its private keys) and the
 * sender's timings. Tests shorten the timings; a running authority reads them from its
 * configuration (README, "Webhooks").
 */
export interface WebhookSettings {
  readonly sealing: SealingKey;
  /** Plain http to any host, not only to this machine (`AIRLOCK_WEBHOOK_ALLOW_HTTP=1`). */
  readonly allowHttp?: boolean | undefined;
  /** How often this replica looks for deliveries due (retries, other replicas' events); default 10 s. */
  readonly pollMs?: number | undefined;
  /** How long one POST may take before it counts as failed; default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly retry?: RetrySchedule | undefined;
  /** False: this app starts no sender of its own (tests drive one with `createWebhookSender`). */
  readonly autoSend?: boolean | undefined;
}

const DEFAULT_POLL_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 10_000;

export function timingsOf(settings: WebhookSettings): { pollMs: number; timeoutMs: number; retry: RetrySchedule } {
  return {
    pollMs: settings.pollMs ?? DEFAULT_POLL_MS,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: settings.retry ?? defaultRetrySchedule,
  };
}
