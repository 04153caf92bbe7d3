import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stores } from '../../authority/test/authority-process.ts';
import { airlock, type Json } from './support/http-caller.ts';
import { STARTUP_TIMEOUT_MS } from './support/processes.ts';
import { expectAnswer, initialiseSite, purchase, refusal, setUpCustomer, siteAndAuthority } from './support/scenario-steps.ts';

/**
 * The site and the authority end to end: two real processes that never talk to each other.
 * Every document crosses the air gap as a file a person carries — written into a folder by
 * one side, read from it by the other. The vendor drives the authority over HTTP with an API
 * token; the site's operator uses the `airlock` command and the site's API with the operator
 * token; licensed applications use the enforcement API. Both processes read their time from
 * one test clock file, so a week can pass on both sides of the gap (see `clocked-authority.ts`).
 * Runs on the authority's embedded store and, when AIRLOCK_TEST_POSTGRES_URL is set, on
 * PostgreSQL.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const D0 = new Date('2026-03-02T09:00:00Z');
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const at = (days: number, hours = 0) => new Date(D0.getTime() + days * DAY + hours * HOUR);
const SITE_PASSPHRASE = 'the end-to-end site passphrase';
const ACCOUNT_ENDS_ON = '2029-12-31';
/** A scenario runs many requests and a few process starts: generous on a loaded machine. */
const STEP_TIMEOUT_MS = 120_000;

/** What the site answers when it generates an LFR (the part the test reads). */
interface GeneratedLfr {
  readonly id: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly supersedes: string | null;
  readonly ledger: { readonly sequence: number; readonly head: string };
  readonly text: string;
}

interface LfrUpload {
  readonly lfr: { readonly id: string; readonly cycle: number; readonly sequence: number; readonly usage: Json & { readonly ledger: GeneratedLfr['ledger'] } };
  readonly allocation: Json;
}

type Entitlements = Record<string, number>;

for (const store of stores) {
  describe(`the site and the authority end to end, on ${store.name}`, () => {
    const e2e = siteAndAuthority(store, {
      folder: 'airlock-site-e2e-',
      startsAt: D0,
      authorityPassphrase: 'the end-to-end authority passphrase',
      sitePassphrase: SITE_PASSPHRASE,
    });
    const { setClock, startSite, stopSite } = e2e;
    let guid = '';
    /** The ledger sequence of the latest LFR: each one's must be higher. */
    let lastLfrLedger = 0;

    /** A file put into the folder that crosses the air gap, and taken out of it on the other side. */
    const carry = (name: string, text: string) => writeFile(join(e2e.root, 'carried', name), text);
    const pickUp = (name: string) => readFile(join(e2e.root, 'carried', name), 'utf8');

    /** The site's administrator generates an LFR and saves it to the folder; it carries the site's ledger head. */
    async function generateLfr(file: string, expected: { cycle: number; sequence: number; supersedes?: string | null }): Promise<GeneratedLfr> {
      const lfr = await expectAnswer<GeneratedLfr>(200, e2e.operator.call('POST', '/v1/tenants/default/lfr'));
      expect(lfr).toMatchObject({ cycle: expected.cycle, sequence: expected.sequence, supersedes: expected.supersedes ?? null });
      const info = await expectAnswer<{ ledger: { sequence: number; head: string } }>(200, e2e.operator.call('GET', '/v1/site'));
      expect(info.ledger).toMatchObject(lfr.ledger);
      expect(lfr.ledger.sequence).toBeGreaterThan(lastLfrLedger);
      lastLfrLedger = lfr.ledger.sequence;
      await carry(file, lfr.text);
      return lfr;
    }

    /** The customer uploads the carried LFR; the authority reads the site's use and ledger head from it. */
    async function uploadLfr(file: string, generated: GeneratedLfr): Promise<LfrUpload> {
      const upload = await expectAnswer<LfrUpload>(201, e2e.vendor.call('POST', '/v1/customers/acme/lfrs', { text: await pickUp(file) }));
      expect(upload.lfr).toMatchObject({ id: generated.id, cycle: generated.cycle, sequence: generated.sequence, usage: { ledger: generated.ledger } });
      return upload;
    }

    /** The customer configures the OLF answering an LFR and downloads it into the folder. */
    async function issueOlf(
      lfrId: string,
      file: string,
      entitlements: Entitlements,
      options: { end?: string; acceptBelowUse?: boolean } = {},
    ): Promise<{ id: string; warnings: unknown[] }> {
      const today = dayOf(new Date(await readFile(e2e.clockFile, 'utf8')));
      const configuration = {
        start: today,
        end: options.end ?? ACCOUNT_ENDS_ON,
        entitlements: Object.entries(entitlements).map(([type, quantity]) => ({ type, quantity })),
        ...(options.acceptBelowUse === undefined ? {} : { acceptBelowUse: options.acceptBelowUse }),
      };
      const issued = await expectAnswer<{ id: string; warnings: unknown[] }>(
        201,
        e2e.vendor.call('POST', `/v1/customers/acme/lfrs/${lfrId}/olf`, configuration),
      );
      const downloaded = await expectAnswer<{ text: string }>(200, e2e.vendor.call('GET', `/v1/customers/acme/olfs/${issued.id}`));
      await carry(file, downloaded.text);
      return issued;
    }

    const installOlf = async (file: string) => e2e.operator.upload('/v1/tenants/default/olf', await pickUp(file));
    const status = () => expectAnswer<Json>(200, e2e.operator.call('GET', '/v1/tenants/default/status'));
    const check = (feature: string) => e2e.application.call('POST', `/v1/tenants/default/features/${feature}/check`);
    const checkout = (user: string) => e2e.application.call('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user });
    const consume = (amount: number) => e2e.application.call('POST', '/v1/tenants/default/meters/bot-runs/consume', { amount });

    it(
      'the vendor sets up its catalogue, a customer with purchases, and approves its offline licensing',
      async () => {
        const decision = await setUpCustomer(e2e.vendor, {
          licenseTypes: [
            ['bot-runner', 'seat'],
            ['export', 'feature'],
            ['bot-runs', 'meter'],
          ],
          policies: [{ id: 'standard', name: 'Standard' }],
          purchases: { 'bot-runner': 3, export: 1, 'bot-runs': 100 },
          offlineDetails: 'Plant 4 has no internet',
        });
        expect(decision).toMatchObject({ status: 'approved' });
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'the operator initialises the site with the root key the vendor exported, and starts it',
      async () => {
        const { rootKid, initialised } = await initialiseSite({ root: e2e.root, authorityUrl: e2e.authority.url, siteEnv: e2e.siteEnv });
        expect(initialised).toMatchObject({ rootKid, tenants: [{ tenant: 'default' }] });
        guid = initialised.guid;

        await startSite();
        expect(e2e.site.output()).toContain(`Airlock site ${guid} listening on ${e2e.site.url}`);
        expect(await expectAnswer(200, e2e.operator.call('GET', '/readyz'))).toEqual({ status: 'ready' });
        expect(await expectAnswer(200, e2e.operator.call('GET', '/v1/site'))).toMatchObject({ guid, rootKid, ledger: { problem: null } });
      },
      STARTUP_TIMEOUT_MS,
    );

    it(
      'runs a first cycle — token in, LFR out, OLF in — after which the license is enforced',
      async () => {
        const registered = await airlock(['site', 'register', '--customer', 'acme', '--guid', guid, '--name', 'Plant 4'], {
          cwd: e2e.root,
          env: { AIRLOCK_URL: e2e.authority.url, AIRLOCK_TOKEN: e2e.authority.token },
        });
        expect(registered.code, registered.stderr).toBe(0);
        const token = await expectAnswer<{ id: string; text: string }>(201, e2e.vendor.call('POST', `/v1/customers/acme/sites/${guid}/enablement-token`));
        await carry('enablement-token.txt', token.text);
        expect(await expectAnswer(200, e2e.operator.upload('/v1/tenants/default/token', await pickUp('enablement-token.txt')))).toMatchObject({
          tenant: 'default',
          tokenId: token.id,
          customerId: 'acme',
          cycleWindows: { fromFirstLfr: 7 * 86_400, fromLatestLfr: 48 * 3_600 },
        });
        expect(await refusal(check('export'))).toMatchObject({ status: 422, code: 'SITE_NOT_LICENSED' });

        const lfr = await generateLfr('request-1.lfr', { cycle: 1, sequence: 1 });
        const upload = await uploadLfr('request-1.lfr', lfr);
        expect(upload).toMatchObject({ lfr: { usage: { seats: [], meters: [] } }, allocation: { purchased: { 'bot-runner': 3, export: 1, 'bot-runs': 100 } } });
        const olf = await issueOlf(lfr.id, 'license-1.olf', { 'bot-runner': 3, export: 1, 'bot-runs': 100 }, { end: dayOf(at(30)) });
        expect(await expectAnswer(200, installOlf('license-1.olf'))).toEqual({
          tenant: 'default',
          olfId: olf.id,
          lfrId: lfr.id,
          cycle: 1,
          start: dayOf(D0),
          end: dayOf(at(30)),
          replaces: null,
          entitlements: [
            { type: 'bot-runner', category: 'seat', quantity: 3 },
            { type: 'export', category: 'feature', quantity: 1 },
            { type: 'bot-runs', category: 'meter', quantity: 100 },
          ],
        });

        expect(await expectAnswer(200, check('export'))).toEqual({ tenant: 'default', feature: 'export', granted: true });
        expect(await refusal(check('import'))).toMatchObject({ status: 422, code: 'FEATURE_NOT_LICENSED' });
        for (const user of ['ada', 'grace', 'linus']) expect(await expectAnswer(200, checkout(user))).toMatchObject({ user, assigned: true });
        expect(await expectAnswer(200, checkout('ada'))).toMatchObject({ assigned: false, used: 3, limit: 3 });
        expect(await refusal(checkout('margaret'))).toMatchObject({ status: 409, code: 'SEAT_LIMIT_REACHED', errors: { limit: 3, used: 3 } });
        expect(await expectAnswer(200, consume(60))).toMatchObject({ total: 60, limit: 100 });
        expect(await refusal(consume(50))).toMatchObject({ status: 409, code: 'METER_LIMIT_REACHED', errors: { used: 60, amount: 50, limit: 100 } });
        expect(await expectAnswer(200, consume(40))).toMatchObject({ total: 100, limit: 100 });
        expect(await status()).toMatchObject({
          status: 'active',
          license: { olfId: olf.id, cycle: 1, endsOn: dayOf(at(30)) },
          seats: [{ type: 'bot-runner', used: 3, limit: 3, users: ['ada', 'grace', 'linus'] }],
          meters: [{ meter: 'bot-runs', used: 100, limit: 100 }],
        });
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'renews with an up-sell: the second cycle reports the use to the authority and brings larger quantities',
      async () => {
        await setClock(at(25));
        await purchase(e2e.vendor, { 'bot-runner': 8, export: 1, 'bot-runs': 1_000 });
        const lfr = await generateLfr('request-2.lfr', { cycle: 2, sequence: 1 });
        const upload = await uploadLfr('request-2.lfr', lfr);
        expect(upload).toMatchObject({
          lfr: { usage: { seats: [{ type: 'bot-runner', used: 3, users: ['ada', 'grace', 'linus'] }], meters: [{ type: 'bot-runs', total: 100 }] } },
          allocation: { purchased: { 'bot-runner': 8, 'bot-runs': 1_000 } },
        });
        const first = (await status()).license as { olfId: string };
        const olf = await issueOlf(lfr.id, 'license-2.olf', { 'bot-runner': 8, export: 1, 'bot-runs': 1_000 });
        expect(await expectAnswer(200, installOlf('license-2.olf'))).toMatchObject({
          olfId: olf.id,
          cycle: 2,
          start: dayOf(at(25)),
          end: ACCOUNT_ENDS_ON,
          replaces: first.olfId,
        });

        for (const user of ['margaret', 'alan', 'edsger', 'barbara'])
          expect(await expectAnswer(200, checkout(user))).toMatchObject({ user, assigned: true, limit: 8 });
        expect(await expectAnswer(200, consume(500))).toMatchObject({ total: 600, limit: 1_000 });
        expect(await status()).toMatchObject({
          status: 'active',
          seats: [{ type: 'bot-runner', used: 7, limit: 8 }],
          meters: [{ meter: 'bot-runs', used: 600, limit: 1_000 }],
        });
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'a regenerated LFR makes the earlier ones useless: the site refuses the OLF of one, the authority the upload of another',
      async () => {
        await setClock(at(40));
        const installed = (await status()).license as { olfId: string };
        const first = await generateLfr('request-3a.lfr', { cycle: 3, sequence: 1 });
        await uploadLfr('request-3a.lfr', first);
        await issueOlf(first.id, 'license-3a.olf', { 'bot-runner': 8, export: 1, 'bot-runs': 1_000 });

        // Meanwhile the administrator regenerated the request: the OLF answering the first one is useless.
        const second = await generateLfr('request-3b.lfr', { cycle: 3, sequence: 2, supersedes: first.id });
        expect(await refusal(installOlf('license-3a.olf'))).toMatchObject({ status: 409, code: 'LFR_SUPERSEDED' });
        expect(await status()).toMatchObject({ license: { olfId: installed.olfId }, cycle: { cycle: 3, sequence: 2, latestLfrId: second.id } });

        // And once more; the authority, having seen the third, refuses the second.
        const third = await generateLfr('request-3c.lfr', { cycle: 3, sequence: 3, supersedes: second.id });
        await uploadLfr('request-3c.lfr', third);
        expect(await refusal(e2e.vendor.call('POST', '/v1/customers/acme/lfrs', { text: await pickUp('request-3b.lfr') }))).toEqual({
          status: 409,
          code: 'LFR_SUPERSEDED',
          errors: { lfrId: second.id, cycle: 3, sequence: 2, latestCycle: 3, latestSequence: 3 },
        });
        const olf = await issueOlf(third.id, 'license-3c.olf', { 'bot-runner': 8, export: 1, 'bot-runs': 1_000 });
        expect(await expectAnswer(200, installOlf('license-3c.olf'))).toMatchObject({ olfId: olf.id, lfrId: third.id, cycle: 3 });
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'refuses a reduction below use, naming the users, and installs it once they are de-provisioned',
      async () => {
        await setClock(at(70));
        await purchase(e2e.vendor, { 'bot-runner': 5, export: 1, 'bot-runs': 1_000 });
        const lfr = await generateLfr('request-4.lfr', { cycle: 4, sequence: 1 });
        await uploadLfr('request-4.lfr', lfr);
        const reduced = { 'bot-runner': 5, export: 1, 'bot-runs': 1_000 };
        expect(
          await refusal(
            e2e.vendor.call('POST', `/v1/customers/acme/lfrs/${lfr.id}/olf`, {
              start: dayOf(at(70)),
              end: ACCOUNT_ENDS_ON,
              entitlements: Object.entries(reduced).map(([type, quantity]) => ({ type, quantity })),
            }),
          ),
        ).toMatchObject({ status: 422, code: 'BELOW_USE_NOT_ACCEPTED' });
        const olf = await issueOlf(lfr.id, 'license-4.olf', reduced, { acceptBelowUse: true });
        expect(olf.warnings).toHaveLength(1);

        const holders = ['ada', 'alan', 'barbara', 'edsger', 'grace', 'linus', 'margaret'];
        expect(await refusal(installOlf('license-4.olf'))).toEqual({
          status: 422,
          code: 'SEAT_REDUCTION_BELOW_USE',
          errors: { violations: [{ type: 'bot-runner', used: 7, limit: 5, users: holders }] },
        });
        expect(await status()).toMatchObject({ seats: [{ type: 'bot-runner', used: 7, limit: 8 }] });

        for (const user of ['barbara', 'edsger']) await expectAnswer(200, e2e.operator.call('POST', `/v1/tenants/default/users/${user}/deprovision`));
        expect(await expectAnswer(200, installOlf('license-4.olf'))).toMatchObject({ olfId: olf.id, cycle: 4 });
        expect(await status()).toMatchObject({
          status: 'active',
          seats: [{ type: 'bot-runner', used: 5, limit: 5, users: ['ada', 'alan', 'grace', 'linus', 'margaret'] }],
        });
        expect(await refusal(checkout('barbara'))).toMatchObject({ status: 409, code: 'SEAT_LIMIT_REACHED' });
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'locks the tenant when a cycle misses its 7-day window, refuses the late OLF, and unlocks with a new cycle',
      async () => {
        await setClock(at(90));
        const missed = await generateLfr('request-5.lfr', { cycle: 5, sequence: 1 });
        await uploadLfr('request-5.lfr', missed);
        expect(await status()).toMatchObject({ status: 'awaiting-olf' });

        await setClock(at(97, 1));
        expect(await refusal(check('export'))).toMatchObject({ status: 422, code: 'CYCLE_LOCKED' });
        expect(await refusal(checkout('ada'))).toMatchObject({ status: 422, code: 'CYCLE_LOCKED' });
        expect(await refusal(consume(1))).toMatchObject({ status: 422, code: 'CYCLE_LOCKED' });
        expect(await status()).toMatchObject({ status: 'locked', cycle: { cycle: 5, lockedSince: at(97).toISOString() } });
        // The authority answers the late request; the site refuses the answer: the window is gone.
        await issueOlf(missed.id, 'license-5.olf', { 'bot-runner': 5, export: 1, 'bot-runs': 1_000 });
        expect(await refusal(installOlf('license-5.olf'))).toMatchObject({ status: 422, code: 'CYCLE_LOCKED' });

        const renewed = await generateLfr('request-6.lfr', { cycle: 6, sequence: 1 });
        await uploadLfr('request-6.lfr', renewed);
        await issueOlf(renewed.id, 'license-6.olf', { 'bot-runner': 5, export: 1, 'bot-runs': 1_000 });
        expect(await expectAnswer(200, installOlf('license-6.olf'))).toMatchObject({ lfrId: renewed.id, cycle: 6 });
        expect(await expectAnswer(200, check('export'))).toMatchObject({ granted: true });
        expect(await expectAnswer(200, consume(1))).toMatchObject({ total: 601 });
        expect(await status()).toMatchObject({ status: 'active', cycle: { lockedSince: null } });
      },
      STEP_TIMEOUT_MS,
    );

    it(
      'refuses, at the authority, an LFR made from an older copy of the site’s data directory and witness: LEDGER_ROLLED_BACK',
      async () => {
        await setClock(at(100));
        await stopSite();
        const backup = join(e2e.root, 'backup');
        await cp(e2e.dataDir, join(backup, 'data'), { recursive: true });
        await cp(e2e.witnessDir, join(backup, 'witness'), { recursive: true });

        await startSite();
        for (let n = 0; n < 20; n++) await expectAnswer(200, consume(1));
        await setClock(at(101));
        const live = await generateLfr('request-7.lfr', { cycle: 7, sequence: 1 });
        await uploadLfr('request-7.lfr', live);
        await stopSite();

        // The older copy is put back whole — data directory and witness — so the site itself cannot tell.
        await rm(e2e.dataDir, { recursive: true });
        await rm(e2e.witnessDir, { recursive: true });
        await cp(join(backup, 'data'), e2e.dataDir, { recursive: true });
        await cp(join(backup, 'witness'), e2e.witnessDir, { recursive: true });
        await startSite();
        expect(await expectAnswer(200, e2e.operator.call('GET', '/readyz'))).toEqual({ status: 'ready' });
        lastLfrLedger = 0;

        // Its first request lands on the place the live site's request took, with a ledger behind what that request reported.
        const again = await generateLfr('request-7-restored.lfr', { cycle: 7, sequence: 1 });
        expect(again.ledger.sequence).toBeLessThan(live.ledger.sequence);
        expect(await refusal(e2e.vendor.call('POST', '/v1/customers/acme/lfrs', { text: await pickUp('request-7-restored.lfr') }))).toMatchObject({
          status: 422,
          code: 'LEDGER_ROLLED_BACK',
          errors: { lfrId: again.id, sequence: again.ledger.sequence, highestSequence: live.ledger.sequence, reportedByLfrId: live.id },
        });
        // Regenerated, it comes after the live site's request, and is refused the same way.
        const regenerated = await generateLfr('request-7-regenerated.lfr', { cycle: 7, sequence: 2, supersedes: again.id });
        expect(await refusal(e2e.vendor.call('POST', '/v1/customers/acme/lfrs', { text: await pickUp('request-7-regenerated.lfr') }))).toEqual({
          status: 422,
          code: 'LEDGER_ROLLED_BACK',
          errors: {
            lfrId: regenerated.id,
            siteGuid: guid,
            tenant: 'default',
            sequence: regenerated.ledger.sequence,
            head: regenerated.ledger.head,
            highestSequence: live.ledger.sequence,
            highestHead: live.ledger.head,
            reportedByLfrId: live.id,
          },
        });
      },
      STARTUP_TIMEOUT_MS,
    );

    it(
      'stops both processes cleanly on SIGTERM',
      async () => {
        await stopSite();
        expect(await e2e.authority.stop(), e2e.authority.output()).toBe(0);
      },
      STEP_TIMEOUT_MS,
    );
  });
}
