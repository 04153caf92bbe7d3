import type { Random } from '@airlock/core';
import type { Clock } from '@airlock/core/internal';
import type { FastifyRequest } from 'fastify';
import type { Db } from './db/database.ts';
import type { MailSettings } from './features/orders/mail-settings.ts';
import type { ReminderSettings } from './features/reminders/reminder-settings.ts';
import type { SsoSettings } from './features/sso/sso-settings.ts';
import type { WebhookSettings } from './features/webhooks/webhook-settings.ts';
import type { Principal } from './http/permissions.ts';
import type { AuthorityKeys } from './keys/authority-keys.ts';

/**
 * Everything the authority's use cases depend on, wired once in `main.ts` (or by a test).
 * Nothing below reads the environment, the clock or a random source on its own.
 */
export interface AuthorityDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: Random;
  readonly keys: AuthorityKeys;
  /**
   * Who makes a request: sessions and API tokens in production. It answers at once when it can
   * (an API token trusted a moment ago), so the hottest requests wait on no promise.
   */
  readonly authenticate: (request: FastifyRequest) => Principal | Promise<Principal>;
  /** License letters: SMTP, sender, links. Absent or without a transport, letters wait in the outbox. */
  readonly mail?: MailSettings;
  /** Expiry reminders: on or off, thresholds, the key of unsubscribe links. Absent: no scan (tests). */
  readonly reminders?: ReminderSettings;
  /** Single sign-on: the sealer of client secrets and the public address. Absent, providers cannot be set or used. */
  readonly sso?: SsoSettings;
  /** Webhooks: the key sealing endpoint secrets, the sender's timings. Absent, webhook routes answer WEBHOOKS_NOT_CONFIGURED. */
  readonly webhooks?: WebhookSettings;
  readonly logger?: boolean | { level: string };
  /** The embedded store's data directory as a gzipped tar (`POST /v1/backup`); absent on PostgreSQL. */
  readonly dumpDatabase?: () => Promise<Blob>;
}
