import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores } from '../../authority/test/authority-process.ts';
import { airlock, bearer, HttpCaller, operatorHeaders, type Answer, type Json } from './support/http-caller.ts';
import { startAuthorityProcess, startSiteProcess, STARTUP_TIMEOUT_MS, type AuthorityProcess, type SiteProcess } from './support/processes.ts';
import { applicationHeaders } from './support/site-access.ts';

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
    let root = '';
    let prepared: Awaited<ReturnType<(typeof stores)[number]['prepare']>> | undefined;
    let clockFile = '';
    let siteEnv: Record<string, string> = {};
    let authority: AuthorityProcess | undefined;
    let site: SiteProcess | undefined;
    let vendor: HttpCaller;
    let operator: HttpCaller;
    let application: HttpCaller;
    let applicationKey: Record<string, string> | undefined;
    let guid = '';
    let backedUp = { sequence: 0, head: '' };
    let reached = { sequence: 0, head: '' };

    const dataDir = () => join(root, 'site-data');
    const setClock = (to: Date) => writeFile(clockFile, to.toISOString());

    async function expectAnswer<T = Json>(status: number, answer: Promise<Answer<T>>): Promise<T> {
      const { status: seen, body } = await answer;
      expect(seen, JSON.stringify(body)).toBe(status);
      return body;
    }
    const refused = async (answer: Promise<Answer>) => {
      const { status, body } = await answer;
      return { status, code: body.code, errors: body.errors };
    };

    async function startSite(): Promise<void> {
      site = await startSiteProcess(siteEnv);
      operator = new HttpCaller(site.url, await operatorHeaders(dataDir()));
      applicationKey ??= await applicationHeaders(operator, 'default');
      application = new HttpCaller(site.url, applicationKey);
    }
    async function stopSite(): Promise<void> {
      expect(await site!.stop(), site!.output()).toBe(0);
      site = undefined;
    }

    /** One offline cycle: LFR out, uploaded, OLF issued and installed. */
    async function cycle(options: { acceptRebaseline?: boolean } = {}): Promise<GeneratedLfr> {
      const lfr = await expectAnswer<GeneratedLfr>(200, operator.call('POST', '/v1/tenants/default/lfr'));
      await expectAnswer(201, vendor.call('POST', '/v1/customers/acme/lfrs', { text: lfr.text }));
      if (options.acceptRebaseline) {
        const pending = await expectAnswer<Json[]>(200, vendor.call('GET', `/v1/sites/${guid}/rebaselines`));
        expect(pending).toEqual([
          expect.objectContaining({ lfrId: lfr.id, status: 'pending', reached, restored: backedUp, lost: reached.sequence - backedUp.sequence }),
        ]);
        expect(await refused(vendor.call('POST', `/v1/customers/acme/lfrs/${lfr.id}/olf`, terms()))).toMatchObject({ status: 422, code: 'REBASELINE_PENDING' });
        expect(await expectAnswer(200, vendor.call('POST', `/v1/sites/${guid}/rebaselines/${lfr.id}/accept`, { note: 'disk replaced' }))).toMatchObject({
          status: 'accepted',
        });
      }
      const issued = await expectAnswer<{ id: string }>(201, vendor.call('POST', `/v1/customers/acme/lfrs/${lfr.id}/olf`, terms()));
      const olf = await expectAnswer<{ text: string }>(200, vendor.call('GET', `/v1/customers/acme/olfs/${issued.id}`));
      await expectAnswer(200, operator.upload('/v1/tenants/default/olf', olf.text));
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
      await setClock(to);
    };
    const checkout = (user: string) => application.call('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user });
    const consume = (amount: number) => application.call('POST', '/v1/tenants/default/meters/bot-runs/consume', { amount });
    const status = () => expectAnswer<Json>(200, operator.call('GET', '/v1/tenants/default/status'));
    const ledger = async () => {
      const { sequence, head } = (await expectAnswer<{ ledger: { sequence: number; head: string } }>(200, operator.call('GET', '/v1/site'))).ledger;
      return { sequence, head };
    };

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'airlock-site-backup-'));
      clockFile = join(root, 'clock');
      await moveClock(D0);
      prepared = await store.prepare();
      authority = await startAuthorityProcess({
        AIRLOCK_DATA_DIR: join(root, 'authority'),
        AIRLOCK_KEY_PASSPHRASE: 'the backup test authority passphrase',
        AIRLOCK_TEST_CLOCK_FILE: clockFile,
        ...prepared.env,
      });
      vendor = new HttpCaller(authority.url, bearer(authority.token));
      siteEnv = {
        AIRLOCK_SITE_DATA_DIR: dataDir(),
        AIRLOCK_SITE_WITNESS_DIR: join(root, 'site-witness'),
        AIRLOCK_SITE_PASSPHRASE: SITE_PASSPHRASE,
        AIRLOCK_SITE_TEST_CLOCK_FILE: clockFile,
      };
      await mkdir(join(root, 'carried'));
    }, STARTUP_TIMEOUT_MS + 60_000);

    afterAll(async () => {
      await site?.kill();
      await authority?.kill();
      await prepared?.dispose();
      if (root !== '') await rm(root, { recursive: true, force: true });
    });

    it(
      'sets up the vendor and the site, and runs a first cycle',
      async () => {
        await expectAnswer(201, vendor.call('POST', '/v1/products', { id: 'automation', name: 'Automation' }));
        for (const [id, category] of [
          ['bot-runner', 'seat'],
          ['bot-runs', 'meter'],
        ] as const) {
          await expectAnswer(201, vendor.call('POST', '/v1/products/automation/license-types', { id, name: id, category }));
        }
        await expectAnswer(201, vendor.call('POST', '/v1/policies', { id: 'standard', name: 'Standard' }));
        await expectAnswer(
          201,
          vendor.call('POST', '/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn: '2029-12-31', policyId: 'standard' }),
        );
        await expectAnswer(
          200,
          vendor.call('PUT', '/v1/customers/acme/entitlements', {
            entitlements: [
              { licenseTypeId: 'bot-runner', quantity: 5 },
              { licenseTypeId: 'bot-runs', quantity: 1000 },
            ],
          }),
        );
        const asked = await expectAnswer<{ id: string }>(
          201,
          vendor.call('POST', '/v1/customers/acme/offline-requests', { reason: 'air-gapped', details: 'no internet' }),
        );
        await expectAnswer(200, vendor.call('POST', `/v1/offline-requests/${asked.id}/decision`, { decision: 'approve', note: 'ok' }));
        const exported = await airlock(['authority', 'keys', 'export-root', '--out', 'carried/root.jwk', '--json'], {
          cwd: root,
          env: { AIRLOCK_URL: authority!.url },
        });
        expect(exported.code, exported.stderr).toBe(0);
        const init = await airlock(['site', 'init', '--root-key', 'carried/root.jwk', '--json'], { cwd: root, env: siteEnv });
        expect(init.code, init.stderr).toBe(0);
        guid = (JSON.parse(init.stdout) as { guid: string }).guid;
        await startSite();
        await expectAnswer(201, vendor.call('POST', '/v1/customers/acme/sites', { guid, name: 'Plant 4' }));
        const token = await expectAnswer<{ text: string }>(201, vendor.call('POST', `/v1/customers/acme/sites/${guid}/enablement-token`));
        await expectAnswer(200, operator.upload('/v1/tenants/default/token', token.text));
        await cycle();
        for (const user of ['ada', 'grace']) await expectAnswer(200, checkout(user));
        await expectAnswer(200, consume(10));
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'backs up the running site with `airlock site backup`: site administrators only, audited, cut at one head',
      async () => {
        const viewer = await airlock(['site', 'backup', '--out', 'refused.backup', '--token', 'airlock-site-op_not-a-token', '--site-url', site!.url], {
          cwd: root,
          env: {},
        });
        expect(viewer.code).toBe(1);
        expect(viewer.stderr).toContain('UNAUTHENTICATED');
        const backup = await airlock(['site', 'backup', '--out', 'site.backup', '--site-url', site!.url, '--data-dir', dataDir(), '--json'], {
          cwd: root,
          env: {},
        });
        expect(backup.code, backup.stderr).toBe(0);
        const written = JSON.parse(backup.stdout) as { file: string; ledger: { sequence: number; head: string } };
        expect(written.file).toBe(join(root, 'site.backup'));
        backedUp = written.ledger;
        expect(await ledger()).toEqual(backedUp);
        const audit = await expectAnswer<{ events: { event: Json }[] }>(200, operator.call('GET', '/v1/audit?events=5'));
        expect(audit.events[0]!.event).toMatchObject({ t: 'site-backed-up', by: 'operator' });
        const bytes = await readFile(join(root, 'site.backup'));
        expect(bytes.subarray(0, 22).toString()).toBe('AIRLOCK SITE BACKUP 1\n');
        expect(bytes.includes(Buffer.from('operator.token'))).toBe(false);
        expect((await stat(join(root, 'site.backup'))).mode & 0o777).toBe(0o600);
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

        const occupied = await airlock(['site', 'restore', '--from', 'site.backup', '--data-dir', dataDir()], { cwd: root, env: {} });
        expect(occupied.code).toBe(3);
        expect(occupied.stderr).toContain('is not empty');
        await rename(dataDir(), join(root, 'site-data.before-restore'));
        const restore = await airlock(['site', 'restore', '--from', 'site.backup', '--data-dir', dataDir(), '--json'], { cwd: root, env: {} });
        expect(restore.code, restore.stderr).toBe(0);
        expect(JSON.parse(restore.stdout)).toMatchObject({ siteGuid: guid, ledger: backedUp });

        await startSite();
        expect(site!.output()).toContain(`once reached ${reached.sequence} and was put back to ${backedUp.sequence}`);
        expect(await refused(checkout('ada'))).toMatchObject({
          status: 422,
          code: 'REBASELINE_REQUIRED',
          errors: { reached, restored: backedUp, lost: reached.sequence - backedUp.sequence },
        });
        expect(await refused(consume(1))).toMatchObject({ status: 422, code: 'REBASELINE_REQUIRED' });
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
        await expect(stat(join(dataDir(), 'restore.json'))).rejects.toMatchObject({ code: 'ENOENT' });
        await moveClock(at(2));
        const next = await cycle();
        expect(next.ledgerRestore).toBeNull();
        expect(await expectAnswer(200, checkout('margaret'))).toMatchObject({ assigned: true });
        await stopSite();
        expect(await authority!.stop(), authority!.output()).toBe(0);
      },
      STARTUP_TIMEOUT_MS,
    );
  });
