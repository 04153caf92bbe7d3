import { minutes } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import type { Db } from '../../db/database.ts';
import { createLetterSender, type LetterSender } from './mail-outbox.ts';
import { smtpTransport } from './mail-transport.ts';

/**
 * What the orders feature needs to send license letters, in `AuthorityDeps.mail`. Without a
 * configured sender (no `AIRLOCK_SMTP_URL`), letters are still written to the outbox and wait
 * there; the order read says so, and they leave once the authority starts with SMTP configured.
 */
export interface MailSettings {
  /** This replica's sender of the outbox (absent: one that sends nothing). */
  readonly sender?: LetterSender | undefined;
  /** The authority's address as customers reach it (`AIRLOCK_PUBLIC_URL`), for the links in letters. */
  readonly publicUrl?: string | undefined;
  /** How often this replica looks for letters due again after a failure; absent: only right after a change. */
  readonly retryEveryMs?: number | undefined;
}

/** How often a running authority looks for letters due: the backoff itself is per letter. */
export const RETRY_POLL_MS = minutes(1);

/**
 * The mail settings of a running authority, from its configuration.
 *
 * @example
 * ```ts
 * const app = await createApp({ ...deps, mail: mailSettingsOf(config, { db, clock }) });
 * ```
 */
export function mailSettingsOf(
  config: {
    readonly mail: { readonly smtpUrl: string; readonly from: string } | undefined;
    readonly publicUrl: string | undefined;
  },
  deps: { readonly db: Db; readonly clock: Clock },
): MailSettings {
  const transport = config.mail ? smtpTransport(config.mail.smtpUrl) : undefined;
  return {
    sender: createLetterSender({ ...deps, transport, from: config.mail?.from }),
    publicUrl: config.publicUrl,
    retryEveryMs: RETRY_POLL_MS,
  };
}
