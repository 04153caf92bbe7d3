import { days, hours, type EnablementToken } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { openDatabase, type Db, type OpenedDatabase } from '../../db/database.ts';
import { describeEachStore, type TestContext } from '../../../test/harness.ts';
import type { Principal } from '../../http/permissions.ts';
import { makeLfr, seedCustomer, seedEnabledSite } from '../offline-licenses/testing/offline-licensing-fixtures.ts';
import { createLetterSender, type LetterSender } from '../orders/mail-outbox.ts';
import { smtpTransport } from '../orders/mail-transport.ts';
import { startTestSmtpServer, type ReceivedMail } from '../orders/testing/test-smtp-server.ts';
import { scanForExpiries, type ScanReport } from './expiry-scanner.ts';
import type { ReminderPreferences } from './reminder-preferences.ts';
import type { ReminderSettings } from './reminder-settings.ts';

/**
 * Expiry reminders end to end in the process: the scanner on the test clock, letters through
 * the real mail outbox to a real SMTP server on 127.0.0.1, unsubscribe links followed over
 * HTTP against the app listening on 127.0.0.1. Time only moves when the test moves the clock.
 */
const smtp = await startTestSmtpServer();
afterAll(() => smtp.stop());

const FROM = 'Airlock Licenses <licenses@vendor.test>';
const PUBLIC_URL = 'https://licenses.vendor.test';
const KEY = new Uint8Array(32).fill(7);
const SETTINGS: ReminderSettings = { enabled: true, thresholds: [30, 7, 1], unsubscribeKey: KEY };
const plant = createTestParty('expiry-reminders/plant');
const user = (customerId: string): Principal => ({ kind: 'customer-user', id: `${customerId}-user`, customerId });

let sender: LetterSender;

/** A header field of a message as it came over the wire, unfolded (mailparser reshapes the List-* fields). */
function headerOf(mail: ReceivedMail, name: string): string | undefined {
  const head = (mail.raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

interface AuditRow {
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly after: Record<string, unknown>;
}

describeEachStore(
  'expiry reminders',
  (context) => {
    let firstMail = 0;
    let base = '';
    let token: EnablementToken;

    const mails = (to: string): ReceivedMail[] => smtp.received.slice(firstMail).filter((mail) => mail.envelope.to.includes(to));
    /** One scan at the clock's now, then every letter it queued delivered. */
    const scan = async (): Promise<ScanReport> => {
      const { deps } = context();
      const report = await scanForExpiries({
        db: deps.db,
        clock: deps.clock,
        random: deps.random,
        thresholds: SETTINGS.thresholds,
        unsubscribeKey: KEY,
        publicUrl: PUBLIC_URL,
      });
      await sender.deliverPending();
      return report;
    };
    const audits = async (customerId: string): Promise<AuditRow[]> => {
      const rows = await context()
        .database.db.selectFrom('audit_events')
        .select(['action', 'object_type', 'object_id', 'after'])
        .where('action', 'in', ['customer.account-expiring', 'device-license.expiring', 'site.olf-due'])
        .orderBy('id')
        .execute();
      return rows
        .map((row) => ({ action: row.action, objectType: row.object_type, objectId: row.object_id, after: (row.after ?? {}) as Record<string, unknown> }))
        .filter((row) => row.after.customerId === customerId);
    };
    const openCustomer = async (id: string, accountEndsOn: string) => {
      const { database, clock } = context();
      await seedCustomer(database.db, { id, accountEndsOn, purchased: { 'bot-runner': 10 } }, clock.now());
    };

    beforeAll(async () => {
      firstMail = smtp.received.length;
      const { app } = context();
      base = await app.listen({ host: '127.0.0.1', port: 0 });
    });

    it('mails each kind once at each threshold, 30, 7 and 1 days before, and nothing once decided', async () => {
      const { authority, clock, deps, request } = context();
      await openCustomer('acme', '2027-01-31');
      const license = await request({
        method: 'POST',
        url: '/v1/device-licenses',
        payload: { productId: 'automation', customerId: 'acme', credential: 'license-key', expiresAt: '2027-01-11T00:00:00.000Z' },
      });
      expect(license.statusCode).toBe(201);
      const licenseId = license.json<{ id: string }>().id;
      token = await seedEnabledSite(deps.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
      const lfr = await makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random });
      expect((await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text: lfr.text } })).statusCode).toBe(201);
      const olf = await request({
        method: 'POST',
        url: `/v1/customers/acme/lfrs/${lfr.claims.jti}/olf`,
        payload: { start: '2026-11-23', end: '2027-01-21', entitlements: [{ type: 'bot-runner', quantity: 5 }] },
      });
      expect(olf.statusCode).toBe(201);
      const olfId = olf.json<{ id: string }>().id;

      // Every 12 hours from now until all three have lapsed; each moment is scanned twice, as a
      // restarted scanner or a second replica would: the second scan never decides anything.
      const decisions: string[] = [];
      while (clock.now() < new Date('2027-02-02T00:00:00Z')) {
        const first = await scan();
        if (first.decided > 0) decisions.push(`${clock.now().toISOString()} ${first.decided}`);
        expect(await scan()).toEqual({ decided: 0, queued: 0 });
        clock.advance(hours(12));
      }
      const guid = plant.guid.toLowerCase();
      expect(
        (await audits('acme')).map(({ action, objectType, objectId, after }) => [action, objectType, objectId, after.threshold, after.daysLeft, after.mailed]),
      ).toEqual([
        ['device-license.expiring', 'device-license', licenseId, 30, 30, true],
        ['site.olf-due', 'site', guid, 30, 30, true],
        ['customer.account-expiring', 'customer', 'acme', 30, 30, true],
        ['device-license.expiring', 'device-license', licenseId, 7, 7, true],
        ['device-license.expiring', 'device-license', licenseId, 1, 1, true],
        ['site.olf-due', 'site', guid, 7, 7, true],
        ['site.olf-due', 'site', guid, 1, 1, true],
        ['customer.account-expiring', 'customer', 'acme', 7, 7, true],
        ['customer.account-expiring', 'customer', 'acme', 1, 1, true],
      ]);
      const [deviceEvent, olfEvent, accountEvent] = await audits('acme');
      expect(deviceEvent!.after).toMatchObject({ endsOn: '2027-01-11T00:00:00.000Z', daysLeft: 30, threshold: 30, customerId: 'acme', mailed: true });
      expect(olfEvent!.after).toMatchObject({ dueAt: '2027-01-22T00:00:00.000Z', tenant: 'default', olfId, daysLeft: 30, threshold: 30 });
      expect(accountEvent!.after).toMatchObject({ endsOn: '2027-01-31', daysLeft: 30, threshold: 30 });
      expect(decisions).toHaveLength(9);

      const received = mails('it@acme.test');
      expect(received.map((mail) => mail.parsed.subject)).toEqual([
        'Reminder: your device license for Automation ends on 2027-01-10',
        'Reminder: the offline license of site site ' + guid + ', tenant default ends on 2027-01-21',
        'Reminder: your account ends on 2027-01-31',
        'Reminder: your device license for Automation ends on 2027-01-10',
        'Reminder: your device license for Automation ends on 2027-01-10',
        'Reminder: the offline license of site site ' + guid + ', tenant default ends on 2027-01-21',
        'Reminder: the offline license of site site ' + guid + ', tenant default ends on 2027-01-21',
        'Reminder: your account ends on 2027-01-31',
        'Reminder: your account ends on 2027-01-31',
      ]);
      const olfLetter = received[1]!;
      expect(olfLetter.parsed.text).toContain('The offline license of site site ' + guid + ', tenant default ends on 2027-01-21 (UTC), in 30 days.');
      expect(olfLetter.parsed.text).toContain(`Upload the LFR in the customer portal (${PUBLIC_URL}/portal/lfrs/new)`);
      expect(olfLetter.parsed.html).toContain('<li>Tenant: default</li>');
      expect(headerOf(olfLetter, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(headerOf(olfLetter, 'List-Unsubscribe')).toMatch(new RegExp(`^<${PUBLIC_URL}/v1/reminders/unsubscribe\\?token=[A-Za-z0-9_.-]+>$`));
      expect(olfLetter.parsed.text).toMatch(new RegExp(`To stop reminders of this kind, open ${PUBLIC_URL}/reminders/unsubscribe\\?token=`));
      // The reminders read as the customer's users see them.
      const listed = await request({ method: 'GET', url: '/v1/customers/acme/reminders', as: user('acme') });
      expect(listed.json<unknown[]>()).toHaveLength(9);
    });

    it('catches up with the most urgent reminder only after being down, then sends the next one', async () => {
      const { clock } = context();
      clock.set(new Date('2027-03-01T10:00:00Z'));
      // The account ends in 5 days: the 30-day reminder was missed while nothing scanned.
      await openCustomer('globex', '2027-03-05');
      expect(await scan()).toEqual({ decided: 1, queued: 1 });
      expect(await scan()).toEqual({ decided: 0, queued: 0 });
      clock.set(new Date('2027-03-05T12:00:00Z'));
      expect(await scan()).toEqual({ decided: 1, queued: 1 });
      clock.set(new Date('2027-03-06T00:00:00Z'));
      expect(await scan()).toEqual({ decided: 0, queued: 0 });
      expect((await audits('globex')).map(({ after }) => [after.threshold, after.daysLeft])).toEqual([
        [7, 5],
        [1, 1],
      ]);
      expect(mails('it@globex.test').map((mail) => /in \d+ days?\./.exec(mail.parsed.text ?? '')?.[0])).toEqual(['in 5 days.', 'in 1 day.']);
    });

    it('does not mail a kind the customer switched off in the portal, but still records and audits it', async () => {
      const { clock, request } = context();
      clock.set(new Date('2027-04-01T10:00:00Z'));
      await openCustomer('hooli', '2027-04-20');
      const switched = await request({ method: 'PUT', url: '/v1/customers/hooli/reminder-preferences', as: user('hooli'), payload: { account: false } });
      expect(switched.statusCode).toBe(200);
      expect(switched.json<ReminderPreferences>().preferences.map((preference) => [preference.kind, preference.subscribed, preference.unsubscribedBy])).toEqual(
        [
          ['account', false, 'customer-user:hooli-user'],
          ['device-license', true, null],
          ['olf-due', true, null],
        ],
      );
      // Another customer's users may neither read nor change them.
      expect((await request({ method: 'GET', url: '/v1/customers/hooli/reminder-preferences', as: user('acme') })).statusCode).toBe(404);
      expect((await request({ method: 'PUT', url: '/v1/customers/hooli/reminder-preferences', as: user('acme'), payload: { account: true } })).statusCode).toBe(
        404,
      );

      expect(await scan()).toEqual({ decided: 1, queued: 0 });
      expect(mails('it@hooli.test')).toEqual([]);
      expect((await audits('hooli')).map(({ action, after }) => [action, after.threshold, after.daysLeft, after.mailed, after.letter])).toEqual([
        ['customer.account-expiring', 30, 20, false, null],
      ]);
      const changes = await context()
        .database.db.selectFrom('audit_events')
        .select(['actor', 'before', 'after'])
        .where('action', '=', 'customer.reminders.update')
        .where('object_id', '=', 'hooli')
        .execute();
      expect(changes).toEqual([
        {
          actor: 'customer-user:hooli-user',
          before: { account: true, 'device-license': true, 'olf-due': true },
          after: { account: false, 'device-license': true, 'olf-due': true },
        },
      ]);

      // Switched on again, the next threshold is mailed.
      await request({ method: 'PUT', url: '/v1/customers/hooli/reminder-preferences', payload: { account: true } });
      clock.set(new Date('2027-04-14T10:00:00Z'));
      expect(await scan()).toEqual({ decided: 1, queued: 1 });
      expect(mails('it@hooli.test').map((mail) => mail.parsed.subject)).toEqual(['Reminder: your account ends on 2027-04-20']);
    });

    it("unsubscribes by the letter's link over HTTP (one-click and the page), and refuses a tampered link with a 4xx, changing nothing", async () => {
      const { clock, request } = context();
      clock.set(new Date('2027-05-01T10:00:00Z'));
      await openCustomer('umbrella', '2027-05-20');
      expect(await scan()).toEqual({ decided: 1, queued: 1 });
      const [letter] = mails('it@umbrella.test');
      const header = headerOf(letter!, 'List-Unsubscribe') ?? '';
      const oneClick = header.slice(1, -1).replace(PUBLIC_URL, base);
      const page = /To stop reminders of this kind, open (\S+)/.exec(letter!.parsed.text ?? '')![1]!.replace(PUBLIC_URL, base);

      // Tampered: one character of the token changed, then a token cut short.
      const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
      const token = tokenOf(oneClick);
      const flipped = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
      for (const bad of [flipped, token.slice(0, -2)]) {
        const refused = await fetch(`${base}/v1/reminders/unsubscribe?token=${encodeURIComponent(bad)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(refused.status).toBe(400);
        expect(((await refused.json()) as { code: string }).code).toBe('UNSUBSCRIBE_TOKEN_INVALID');
      }
      const refusedPage = await fetch(`${base}/reminders/unsubscribe?token=${encodeURIComponent(flipped)}`);
      expect(refusedPage.status).toBe(400);
      expect(await refusedPage.text()).toContain('UNSUBSCRIBE_TOKEN_INVALID');
      const unchanged = await request({ method: 'GET', url: '/v1/customers/umbrella/reminder-preferences' });
      expect(unchanged.json<ReminderPreferences>().preferences.every((preference) => preference.subscribed)).toBe(true);

      // The page a person opens: says what it unsubscribes from and asks to confirm; it changes nothing.
      const shown = await fetch(page);
      expect(shown.status).toBe(200);
      const markup = await shown.text();
      expect(markup).toContain('umbrella');
      expect(markup).toContain('account');
      expect(
        (await request({ method: 'GET', url: '/v1/customers/umbrella/reminder-preferences' })).json<ReminderPreferences>().preferences[0]!.subscribed,
      ).toBe(true);

      // The one-click POST a mail reader makes (RFC 8058), twice: the same answer.
      for (let attempt = 0; attempt < 2; attempt++) {
        const done = await fetch(oneClick, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(done.status).toBe(200);
        expect(await done.json()).toEqual({ customerId: 'umbrella', customerName: 'umbrella', kind: 'account', subscribed: false });
      }
      const after = (await request({ method: 'GET', url: '/v1/customers/umbrella/reminder-preferences' })).json<ReminderPreferences>();
      expect(await (await fetch(page)).text()).toContain('You no longer receive');
      expect(after.preferences.map((preference) => [preference.kind, preference.subscribed, preference.unsubscribedBy])).toEqual([
        ['account', false, 'unsubscribe-link:umbrella'],
        ['device-license', true, null],
        ['olf-due', true, null],
      ]);
      clock.set(new Date('2027-05-15T10:00:00Z'));
      expect(await scan()).toEqual({ decided: 1, queued: 0 });
      expect(mails('it@umbrella.test')).toHaveLength(1);
    });

    it('decides each reminder once when scanners of several replicas run at the same moment', async () => {
      const { clock, database, deps } = context();
      clock.set(new Date('2027-06-01T10:00:00Z'));
      const customers = ['wayne', 'stark', 'tyrell', 'soylent', 'oscorp'];
      for (const id of customers) await openCustomer(id, '2027-06-25');
      // On PostgreSQL, a second replica: its own connection pool to the same database, its own sender.
      let second: OpenedDatabase | null = null;
      const serverUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;
      if (database.store === 'postgres' && serverUrl) {
        const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
        const url = new URL(serverUrl);
        url.pathname = `/${rows[0]!.name}`;
        second = await openDatabase({ kind: 'postgres', url: url.toString() });
      }
      try {
        const replicas = [deps.db, second?.db ?? deps.db];
        const scanOn = async (db: Db) => {
          const replicaSender = createLetterSender({ db, clock, transport: smtpTransport(smtp.url), from: FROM });
          const report = await scanForExpiries({ db, clock, random: deps.random, thresholds: SETTINGS.thresholds, unsubscribeKey: KEY, publicUrl: PUBLIC_URL });
          await replicaSender.deliverPending();
          return report;
        };
        const reports = await Promise.all([...replicas, ...replicas].map(scanOn));
        expect(reports.reduce((sum, report) => sum + report.decided, 0)).toBe(customers.length);
        expect(reports.reduce((sum, report) => sum + report.queued, 0)).toBe(customers.length);
      } finally {
        await second?.close();
      }
      for (const id of customers) {
        expect(mails(`it@${id}.test`)).toHaveLength(1);
        expect(await audits(id)).toHaveLength(1);
      }
    });

    it('scans when the authority starts, and a restarted authority sends nothing again', async () => {
      const { clock, deps } = context();
      clock.set(new Date('2027-07-01T10:00:00Z'));
      await openCustomer('cyberdyne', '2027-07-20');
      const start = async () => {
        const replicaSender = createLetterSender({ db: deps.db, clock, transport: smtpTransport(smtp.url), from: FROM });
        const app = await createApp({ ...deps, mail: { sender: replicaSender, publicUrl: PUBLIC_URL }, reminders: { ...SETTINGS, scanEveryMs: days(1) } });
        await app.ready();
        return app;
      };
      const first = await start();
      await first.close();
      expect(mails('it@cyberdyne.test')).toHaveLength(1);
      const second = await start();
      await second.close();
      expect(mails('it@cyberdyne.test')).toHaveLength(1);
      expect(await audits('cyberdyne')).toHaveLength(1);
    });
  },
  ({ db, clock }: Pick<TestContext['deps'], 'db' | 'clock'>) => {
    sender = createLetterSender({ db, clock, transport: smtpTransport(smtp.url), from: FROM });
    return { mail: { sender, publicUrl: PUBLIC_URL }, reminders: SETTINGS };
  },
);
