import { readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stores } from '../../authority/test/authority-process.ts';
import { airlock, type Json } from './support/http-caller.ts';
import { STARTUP_TIMEOUT_MS } from './support/processes.ts';
import { expectAnswer, initialiseSite, refusal, setUpCustomer, siteAndAuthority } from './support/scenario-steps.ts';

/**
 * Backing up a running site and restoring it, end to end with two real processes and the
 * `airlock` command: a cycle, a backup taken while the site runs, more work, then the backup
 * put back. The restored site refuses licensed work with REBASELINE_REQUIRED, its LFR states
 * the gap, the vendor sees it and accepts it, and the OLF answering it makes the site work again.
 * The authority runs on its embedded store and, when AIRLOCK_TEST_POSTGRES_URL is set, on PostgreSQL.
 */
const D0 = new Date('2026-03-02T09:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(D0.getTime() + days * DAY);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const SITE_PASSPHRASE = 'the backup test site passphrase';
const STEP_TIMEOUT_MS = 120_000;

interface GeneratedLfr {
  readonly id: string;
  readonly ledger: { readonly sequence: number; readonly head: string };
  readonly ledgerRestore: { reached: { sequence: number; head: string }; restored: { sequence: number; head: string } } | null;
  readonly text: string;
}

for (const store of stores)
  describe(`a site backed up while running and restored, the authority on ${store.name}`, () => {
    const e2e = siteAndAuthority(store, {
      folder: 'airlock-site-backup-',
      startsAt: D0,
      authorityPassphrase: 'the backup test authority passphrase',
      sitePassphrase: SITE_PASSPHRASE,
    });
    const { startSite, stopSite } = e2e;
    let guid = '';
    let backedUp = { sequence: 0, head: '' };
    let reached = { sequence: 0, head: '' };

    /** One offline cycle: LFR out, uploaded, OLF issued and installed. */
    async function cycle(options: { acceptRebaseline?: boolean } = {}): Promise<GeneratedLfr> {
      const lfr = await expectAnswer<GeneratedLfr>(200, e2e.operator.call('POST', '/v1/tenants/default/lfr'));
      await expectAnswer(201, e2e.vendor.call('POST', '/v1/customers/acme/lfrs', { text: lfr.text }));
      if (options.acceptRebaseline) {
        const pending = await expectAnswer<Json[]>(200, e2e.vendor.call('GET', `/v1/sites/${guid}/rebaselines`));
        expect(pending).toEqual([
          expect.objectContaining({ lfrId: lfr.id, status: 'pending', reached, restored: backedUp, lost: reached.sequence - backedUp.sequence }),
        ]);
        expect(await refusal(e2e.vendor.call('POST', `/v1/customers/acme/lfrs/${lfr.id}/olf`, terms()))).toMatchObject({
          status: 422,
          code: 'REBASELINE_PENDING',
        });
        expect(await expectAnswer(200, e2e.vendor.call('POST', `/v1/sites/${guid}/rebaselines/${lfr.id}/accept`, { note: 'disk replaced' }))).toMatchObject({
          status: 'accepted',
        });
      }
      const issued = await expectAnswer<{ id: string }>(201, e2e.vendor.call('POST', `/v1/customers/acme/lfrs/${lfr.id}/olf`, terms()));
      const olf = await expectAnswer<{ text: string }>(200, e2e.vendor.call('GET', `/v1/customers/acme/olfs/${issued.id}`));
      await expectAnswer(200, e2e.operator.upload('/v1/tenants/default/olf', olf.text));
      return lfr;
    }
    const terms = () => ({
      start: dayOf(new Date(Number(clockNow))),
      end: '2029-12-31',
      entitlements: [
        { type: 'bot-runner', quantity: 5 },
        { type: 'bot-runs', quantity: 1000 },
      ],
    });
    let clockNow = D0.getTime();
    const moveClock = async (to: Date) => {
      clockNow = to.getTime();
      await e2e.setClock(to);
    };
    const checkout = (user: string) => e2e.application.call('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user });
    const consume = (amount: number) => e2e.application.call('POST', '/v1/tenants/default/meters/bot-runs/consume', { amount });
    const status = () => expectAnswer<Json>(200, e2e.operator.call('GET', '/v1/tenants/default/status'));
    const ledger = async () => {
      const { sequence, head } = (await expectAnswer<{ ledger: { sequence: number; head: string } }>(200, e2e.operator.call('GET', '/v1/site'))).ledger;
      return { sequence, head };
    };

    it(
      'sets up the vendor and the site, and runs a first cycle',
      async () => {
        await setUpCustomer(e2e.vendor, {
          licenseTypes: [
            ['bot-runner', 'seat'],
            ['bot-runs', 'meter'],
          ],
          policies: [{ id: 'standard', name: 'Standard' }],
          purchases: { 'bot-runner': 5, 'bot-runs': 1000 },
          offlineDetails: 'no internet',
        });
        guid = (await initialiseSite({ root: e2e.root, authorityUrl: e2e.authority.url, siteEnv: e2e.siteEnv })).initialised.guid;
        await startSite();
        await expectAnswer(201, e2e.vendor.call('POST', '/v1/customers/acme/sites', { guid, name: 'Plant 4' }));
        const token = await expectAnswer<{ text: string }>(201, e2e.vendor.call('POST', `/v1/customers/acme/sites/${guid}/enablement-token`));
        await expectAnswer(200, e2e.operator.upload('/v1/tenants/default/token', token.text));
        await cycle();
        for (const user of ['ada', 'grace']) await expectAnswer(200, checkout(user));
        await expectAnswer(200, consume(10));
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'backs up the running site with `airlock site backup`: site administrators only, audited, cut at one head',
      async () => {
        const viewer = await airlock(['site', 'backup', '--out', 'refused.backup', '--token', 'airlock-site-op_not-a-token', '--site-url', e2e.site.url], {
          cwd: e2e.root,
          env: {},
        });
        expect(viewer.code).toBe(1);
        expect(viewer.stderr).toContain('UNAUTHENTICATED');
        const backup = await airlock(['site', 'backup', '--out', 'site.backup', '--site-url', e2e.site.url, '--data-dir', e2e.dataDir, '--json'], {
          cwd: e2e.root,
          env: {},
        });
        expect(backup.code, backup.stderr).toBe(0);
        const written = JSON.parse(backup.stdout) as { file: string; ledger: { sequence: number; head: string } };
        expect(written.file).toBe(join(e2e.root, 'site.backup'));
        backedUp = written.ledger;
        expect(await ledger()).toEqual(backedUp);
        const audit = await expectAnswer<{ events: { event: Json }[] }>(200, e2e.operator.call('GET', '/v1/audit?events=5'));
        expect(audit.events[0]!.event).toMatchObject({ t: 'site-backed-up', by: 'operator' });
        const bytes = await readFile(join(e2e.root, 'site.backup'));
        expect(bytes.subarray(0, 22).toString()).toBe('AIRLOCK SITE BACKUP 1\n');
        expect(bytes.includes(Buffer.from('operator.token'))).toBe(false);
        expect((await stat(join(e2e.root, 'site.backup'))).mode & 0o777).toBe(0o600);
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'restores into the data directory of the stopped site: the site refuses with REBASELINE_REQUIRED and says what to do',
      async () => {
        for (const user of ['linus', 'margaret']) await expectAnswer(200, checkout(user));
        await expectAnswer(200, consume(25));
        reached = await ledger();
        expect(reached.sequence).toBeGreaterThan(backedUp.sequence);
        await stopSite();

        const occupied = await airlock(['site', 'restore', '--from', 'site.backup', '--data-dir', e2e.dataDir], { cwd: e2e.root, env: {} });
        expect(occupied.code).toBe(3);
        expect(occupied.stderr).toContain('is not empty');
        await rename(e2e.dataDir, join(e2e.root, 'site-data.before-restore'));
        const restore = await airlock(['site', 'restore', '--from', 'site.backup', '--data-dir', e2e.dataDir, '--json'], { cwd: e2e.root, env: {} });
        expect(restore.code, restore.stderr).toBe(0);
        expect(JSON.parse(restore.stdout)).toMatchObject({ siteGuid: guid, ledger: backedUp });

        await startSite();
        expect(e2e.site.output()).toContain(`once reached ${reached.sequence} and was put back to ${backedUp.sequence}`);
        expect(await refusal(checkout('ada'))).toMatchObject({
          status: 422,
          code: 'REBASELINE_REQUIRED',
          errors: { reached, restored: backedUp, lost: reached.sequence - backedUp.sequence },
        });
        expect(await refusal(consume(1))).toMatchObject({ status: 422, code: 'REBASELINE_REQUIRED' });
        expect(await status()).toMatchObject({
          status: 'rebaseline-required',
          rebaseline: { reached, restored: backedUp, lost: reached.sequence - backedUp.sequence, next: expect.stringContaining('Generate an LFR') as string },
          seats: [{ type: 'bot-runner', used: 2, users: ['ada', 'grace'] }],
        });
      },
      STARTUP_TIMEOUT_MS,
    );

    it(
      'states the gap in its next LFR; once the vendor accepts it, the OLF re-baselines the site, which works again',
      async () => {
        await moveClock(at(1));
        const lfr = await cycle({ acceptRebaseline: true });
        expect(lfr.ledgerRestore).toEqual({ reached, restored: backedUp });
        expect(await status()).toMatchObject({ status: 'active', rebaseline: null, tampered: null });
        expect(await expectAnswer(200, checkout('linus'))).toMatchObject({ assigned: true });
        expect(await expectAnswer(200, consume(5))).toMatchObject({ total: 15 });

        // And it stays so across a restart (the restore marker is settled), and an ordinary cycle follows.
        await stopSite();
        await startSite();
        expect(await status()).toMatchObject({ status: 'active', rebaseline: null });
        await expect(stat(join(e2e.dataDir, 'restore.json'))).rejects.toMatchObject({ code: 'ENOENT' });
        await moveClock(at(2));
        const next = await cycle();
        expect(next.ledgerRestore).toBeNull();
        expect(await expectAnswer(200, checkout('margaret'))).toMatchObject({ assigned: true });
        await stopSite();
        expect(await e2e.authority.stop(), e2e.authority.output()).toBe(0);
      },
      STARTUP_TIMEOUT_MS,
    );
  });
