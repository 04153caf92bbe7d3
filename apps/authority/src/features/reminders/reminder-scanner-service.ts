import type { AuthorityDeps } from '../../deps.ts';
import type { TypedApp } from '../feature.ts';
import { scanForExpiries } from './expiry-scanner.ts';

/**
 * Runs the expiry scanner on this replica while the app runs, like the mail outbox's retries:
 * once when the server is ready (a scan missed while it was down is caught up at once), then
 * every `scanEveryMs`. Scans never overlap on a replica; replicas may scan together, the
 * reminders' unique key keeps each reminder to one of them. Letters a scan queued leave right
 * after it, through the outbox's sender. Nothing runs without `deps.reminders.scanEveryMs`
 * (tests scan when they choose) or when reminders are switched off.
 */
export function startReminderScanner(app: TypedApp, deps: AuthorityDeps): void {
  const settings = deps.reminders;
  if (!settings?.enabled || !settings.scanEveryMs) return;
  const scanDeps = {
    db: deps.db,
    clock: deps.clock,
    random: deps.random,
    thresholds: settings.thresholds,
    unsubscribeKey: settings.unsubscribeKey,
    publicUrl: deps.mail?.publicUrl,
  };
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const scanSoon = () => {
    running ??= scanForExpiries(scanDeps)
      .then(
        (report) => {
          if (report.decided > 0) app.log.info({ reminders: report }, 'expiry reminders decided');
          if (report.queued > 0) {
            deps.mail?.sender?.kick().catch((error: unknown) => app.log.error({ err: error }, 'delivering expiry reminders failed'));
          }
        },
        (error: unknown) => app.log.error({ err: error }, 'the expiry scan failed; the next one tries again'),
      )
      .finally(() => {
        running = null;
      });
  };
  app.addHook('onReady', async () => {
    scanSoon();
    timer = setInterval(scanSoon, settings.scanEveryMs).unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
    // The letters its last scan handed to the sender, before the database closes.
    await deps.mail?.sender?.idle();
  });
}
